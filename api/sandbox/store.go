package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// stateVersion is written into the state file so a later, incompatible
// layout is refused rather than misread.
const stateVersion = 1

// state is everything the sandbox remembers, and exactly what the state
// file holds.
type state struct {
	Version       int         `json:"version"`
	APIKey        string      `json:"apiKey"`
	WebhookSecret string      `json:"webhookSecret"`
	Companies     []*company  `json:"companies"`
	Consumers     []*consumer `json:"webhookConsumers"`
}

type company struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Tags        map[string]string `json:"tags"`
	Created     time.Time         `json:"created"`
	LastSync    *time.Time        `json:"lastSync,omitempty"`
	Connections []*connection     `json:"connections"`
}

type connection struct {
	ID          string      `json:"id"`
	PlatformKey string      `json:"platformKey"`
	Status      string      `json:"status"`
	Created     time.Time   `json:"created"`
	LastSync    *time.Time  `json:"lastSync,omitempty"`
	Errors      []connError `json:"errors,omitempty"`
	// Reads are the data reads started by each authorization, oldest first.
	Reads []*dataRead `json:"reads,omitempty"`
}

type connError struct {
	StatusCode   string     `json:"statusCode"`
	StatusText   string     `json:"statusText"`
	ErrorMessage string     `json:"errorMessage"`
	ErroredOn    time.Time  `json:"erroredOn"`
	Status       string     `json:"status"`
	ResolvedOn   *time.Time `json:"resolvedOn,omitempty"`
}

// dataRead is one read of every data type a platform offers. Its progress is
// worked out from the clock (see readStatus), so it resumes after a restart
// and tests move it by moving the clock.
type dataRead struct {
	Started time.Time         `json:"started"`
	SyncIDs map[string]string `json:"syncIds"`
	// Reported is set once read.completed(.initial) has been sent.
	Reported bool `json:"reported"`
}

type consumer struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Disabled    bool     `json:"disabled"`
	EventTypes  []string `json:"eventTypes"`
	CompanyTags []string `json:"companyTags"`
	// Secret signs deliveries to this consumer; the API never shows it.
	Secret string `json:"secret,omitempty"`
}

// loadState reads a state file. A missing file is a fresh start; anything
// unreadable is an error, never a silent reset, so a demo's data is not lost
// without anyone noticing.
func loadState(path string) (*state, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read state file: %w", err)
	}
	var st state
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("state file %s is not valid sandbox state (fix or remove it): %w", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("state file %s has trailing data after the state (fix or remove it)", path)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("state file %s has version %d, this sandbox reads version %d", path, st.Version, stateVersion)
	}
	if err := st.check(); err != nil {
		return nil, fmt.Errorf("state file %s is inconsistent (fix or remove it): %w", path, err)
	}
	return &st, nil
}

// check catches a hand-edited or foreign file before it is served.
func (st *state) check() error {
	seen := map[string]bool{}
	for _, c := range st.Companies {
		if c == nil || c.ID == "" || seen[c.ID] {
			return errors.New("a company has no id or a duplicate id")
		}
		seen[c.ID] = true
		for _, con := range c.Connections {
			if con == nil || con.ID == "" || seen[con.ID] {
				return fmt.Errorf("company %s has a connection with no id or a duplicate id", c.ID)
			}
			seen[con.ID] = true
			if _, ok := findIntegration(con.PlatformKey); !ok {
				return fmt.Errorf("connection %s names unknown platform %q", con.ID, con.PlatformKey)
			}
			switch con.Status {
			case statusPendingAuth, statusLinked, statusUnlinked, statusDeauthorized:
			default:
				return fmt.Errorf("connection %s has unknown status %q", con.ID, con.Status)
			}
		}
	}
	for _, w := range st.Consumers {
		if w == nil || w.ID == "" {
			return errors.New("a webhook consumer has no id")
		}
	}
	return nil
}

// saveState writes the state so that a crash at any moment leaves either the
// old file or the new one: write a temporary file beside it, flush it to
// disk, rename it over the old one, then flush the directory.
func saveState(path string, st *state) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every file system can sync a directory
		d.Close()
	}
	return nil
}
