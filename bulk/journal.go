package bulk

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/store"
)

// journalVersion is the shape of the journal's lines; a journal of another
// version is left alone and a fresh one is not started over it.
const journalVersion = 1

// maxJournalBytes caps what is read back: a record is a few hundred bytes,
// and MaxRows of them fit well within it.
const maxJournalBytes = 64 << 20

// Record is one finished row as the journal keeps it. Links are not kept:
// they may be one-time and expire, so a later run reads them afresh.
type Record struct {
	Row           int    `json:"row"`
	Key           string `json:"key"` // the row's flow.CompanyKey: a record never stands for another business
	CompanyID     string `json:"company_id"`
	CompanyName   string `json:"company_name"`
	CompanyReused bool   `json:"company_reused"`
	ConnectionID  string `json:"connection_id,omitempty"`
	PlatformKey   string `json:"platform_key,omitempty"`
	Status        string `json:"status"`
	Invite        string `json:"invite,omitempty"` // the .eml written, when one was
	Invited       bool   `json:"invited,omitempty"`
}

type journalHead struct {
	Version int `json:"version"`
}

// Journal is the list of a file's finished rows, one JSON line each, in the
// state directory. Each line is appended in one write as its row finishes,
// so an interrupted run (a signal, a crash, a lost network) loses at most
// the rows under way; a line cut short by a crash is dropped on reading.
type Journal struct {
	path string
	mu   sync.Mutex
	f    *os.File
	w    *bufio.Writer
	done map[int]Record
}

// JournalID names the journal of one file for one Codat: the same bytes
// against the same API are the same run, wherever the file came from
// (a path, stdin).
func JournalID(baseURL string, file []byte) string {
	h := sha256.New()
	h.Write([]byte(baseURL))
	h.Write([]byte{0})
	h.Write(file)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// OpenJournal opens (or starts) the journal id in dir, a private directory
// of the state directory. It refuses a link, a FIFO or an oversized file in
// the journal's place (store.OpenPrivate) and a journal of another version.
func OpenJournal(dir, id string) (*Journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("%s: %w", assets.Text("bulk.journaldir", dir), err)
	}
	j := &Journal{path: filepath.Join(dir, id+".jsonl"), done: map[int]Record{}}
	lines, err := j.readBack()
	if err != nil {
		return nil, err
	}
	// Written back whole, once, so a line a crash cut short is gone before
	// anything is appended after it.
	if err := store.WriteAtomic(j.path, lines); err != nil {
		return nil, err
	}
	f, err := store.OpenPrivate(j.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	j.f, j.w = f, bufio.NewWriterSize(f, 4096)
	return j, nil
}

// readBack reads the records already there and returns the file's good
// lines, a header first.
func (j *Journal) readBack() ([]byte, error) {
	head, _ := json.Marshal(journalHead{Version: journalVersion})
	good := append(head, '\n')
	f, err := store.OpenPrivate(j.path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return good, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := store.ReadPrivate(f, maxJournalBytes)
	_ = f.Close()
	if err != nil {
		return nil, err
	}
	lines := bytes.Split(data, []byte("\n"))
	var h journalHead
	if err := json.Unmarshal(lines[0], &h); err == nil && h.Version != journalVersion {
		return nil, errors.New(assets.Text("bulk.journalversion", assets.Vars{"Path": j.path, "Version": h.Version}))
	}
	for _, line := range lines[1:] {
		var r Record
		if len(bytes.TrimSpace(line)) == 0 || json.Unmarshal(line, &r) != nil || r.Row <= 0 || r.CompanyID == "" {
			continue
		}
		if _, seen := j.done[r.Row]; seen {
			continue
		}
		j.done[r.Row] = r
		good = append(append(good, line...), '\n')
	}
	return good, nil
}

// Done returns the record of a row finished by an earlier run, when it is
// for the same business.
func (j *Journal) Done(row int, key string) (Record, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r, ok := j.done[row]
	return r, ok && r.Key == key
}

// Add writes a finished row. It reaches the file at once (one write), so
// a run killed right after still knows the row is done.
func (j *Journal) Add(r Record) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.done[r.Row] = r
	j.w.Write(line)
	j.w.WriteByte('\n')
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("%s: %w", assets.Text("bulk.journalwrite", j.path), err)
	}
	return nil
}

// Path is where the journal is.
func (j *Journal) Path() string { return j.path }

// Close flushes the journal to disk.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := errors.Join(j.w.Flush(), j.f.Sync(), j.f.Close())
	j.f = nil
	return err
}
