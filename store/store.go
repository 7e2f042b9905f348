// Package store remembers, on this computer, the onboardings onboard started or handed on, so that the next
// run can show what is still waiting (an accountant may open the invite days later) and nobody creates a
// second company for the same business.
//
// The list is one small JSON file, private to the user (0600). Every change takes an advisory lock, re-reads
// the file and writes it back atomically, so several onboard processes can share it without losing anything.
// A damaged file is moved aside, never deleted; a file written by a newer onboard is shown but never changed;
// a link, FIFO, device or oversized file in its place is refused and left as it is (see OpenPrivate).
// The store never holds secrets: no keys, and no link URLs (they may be one-time and are always fetched fresh).
package store

import (
	"crypto/rand"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onboardcli/onboard/flow"

	"github.com/onboardcli/onboard/api"
)

// The ways an onboarding can go: the person signs in themselves, or hands the job on.
const (
	PathAuthorize = "authorize"
	PathDelegate  = "delegate"
)

// StatusLinked is the connection status that ends an onboarding; every other status is still pending.
const StatusLinked = "Linked"

// Entry is one onboarding that was started or handed on.
type Entry struct {
	ID           string `json:"id"` // random, stable
	CompanyID    string `json:"company_id"`
	CompanyName  string `json:"company_name"`
	UID          string `json:"uid,omitempty"`
	Category     string `json:"category"` // accounting, banking or commerce
	PlatformKey  string `json:"platform_key,omitempty"`
	PlatformName string `json:"platform_name,omitempty"`
	ConnectionID string `json:"connection_id,omitempty"`
	Path         string `json:"path"` // PathAuthorize or PathDelegate
	Recipient    string `json:"recipient,omitempty"`
	// HandedOn is how far onboard saw the invite go (flow.HandedOn: prepared, mail_app or copied), and
	// HandedOnAt when. It is never "sent": a mail app does not tell onboard whether the person pressed Send.
	HandedOn   string    `json:"handed_on,omitempty"`
	HandedOnAt time.Time `json:"handed_on_at,omitzero"`
	// FromName and FromEmail sign the invite, so picking it up again writes it in the same name.
	FromName  string    `json:"from_name,omitempty"`
	FromEmail string    `json:"from_email,omitempty"`
	StartedAt time.Time `json:"started_at"`
	Status    string    `json:"status"` // last known: PendingAuth, Linked, Unlinked, Deauthorized, Failed, ...
	CheckedAt time.Time `json:"checked_at,omitzero"`
	// BaseURL is the Codat (or sandbox) the company lives in. Entries of other bases are kept but not shown.
	BaseURL string `json:"base_url"`
}

// Linked reports whether the onboarding is finished.
func (e Entry) Linked() bool { return strings.EqualFold(e.Status, StatusLinked) }

// sameOnboarding reports whether two entries are the same pending onboarding: the same company, category and
// platform in the same Codat.
func (e Entry) sameOnboarding(o Entry) bool {
	return e.BaseURL == o.BaseURL && e.CompanyID == o.CompanyID && e.Category == o.Category &&
		e.PlatformKey == o.PlatformKey
}

// clean replaces every string of e with its sanitized form (api.Sanitize: no escape sequences, control,
// bidi or zero-width characters, valid UTF-8). Every string field is covered, so a field added later is too.
func (e *Entry) clean() {
	v := reflect.ValueOf(e).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String {
			f.SetString(api.Sanitize(f.String()))
		}
	}
}

// Notice is something a person should know about the store, in sentences.
type Notice struct{ Message string }

// Store is the list of remembered onboardings kept in one file. It is safe for concurrent use, and several
// processes may open the same file.
type Store struct {
	path string
	now  func() time.Time

	mu      sync.RWMutex
	entries []Entry // newest first, as last read or written
	newer   int     // the file's version when a newer onboard wrote it (changes are refused); 0 otherwise
	notices []Notice
	scratch bool // not flushed to disk: see OpenScratch
}

// Open reads the list kept at path, creating its directory (0700) when missing.
//
// A damaged, unreadable or unrecognizable file does not stop onboard: it is moved aside (path +
// ".corrupt-<time>"), a Notice says where, and the list starts empty. A file written by a newer onboard is
// read as far as possible and left untouched; changes are then refused with ErrNewerVersion. Open fails only
// when the directory cannot be created or written, or when the list or its lock is not a plain file or is
// larger than onboard reads (ErrLink, ErrNotRegular, ErrTooLarge); the error names it and says what to do.
func Open(path string) (*Store, []Notice, error) { return open(path, false) }

// OpenScratch opens a list that lives only as long as one session, such as
// the demo's: written atomically like any other, but not flushed to disk,
// since it is removed when the session ends and a flush costs milliseconds
// on the way to the first frame.
func OpenScratch(path string) (*Store, []Notice, error) { return open(path, true) }

func open(path string, scratch bool) (*Store, []Notice, error) {
	s := &Store{path: path, now: func() time.Time { return time.Now().UTC() }, scratch: scratch}
	var notices []Notice
	err := s.withLock(func() error {
		if err := probeWritable(path); err != nil {
			return err
		}
		snap, err := readLocked(path, nil, s.now())
		if err != nil {
			return err
		}
		notices = snap.notices
		if snap.newer != 0 {
			notices = append(notices, newerNotice(path, snap.newer, len(snap.entries)))
		}
		if snap.rewrite && snap.newer == 0 {
			if err := writeLocked(path, snap.entries, !scratch); err != nil {
				return err
			}
		}
		s.entries, s.newer = snap.entries, snap.newer
		return nil
	})
	if err != nil {
		return nil, nil, &OpenError{Err: err}
	}
	return s, notices, nil
}

// Path is the file the store keeps its list in.
func (s *Store) Path() string { return s.path }

// Notices returns, once, what a person should know that happened after Open (a file damaged by something
// else while onboard was running, and moved aside).
func (s *Store) Notices() []Notice {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.notices
	s.notices = nil
	return n
}

// List returns every remembered onboarding, newest first.
func (s *Store) List() []Entry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.entries)
}

// Pending returns the onboardings of the Codat at baseURL that are not linked yet, newest first.
func (s *Store) Pending(baseURL string) []Entry {
	base := normalizeBaseURL(baseURL)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var pending []Entry
	for _, e := range s.entries {
		if e.BaseURL == base && !e.Linked() {
			pending = append(pending, e)
		}
	}
	return pending
}

// Upsert remembers e and returns it as stored.
//
// An entry with the same ID is replaced. Otherwise a pending entry for the same company, category and
// platform in the same Codat is updated in place, keeping its ID, so handing the same job on twice is
// remembered once. Otherwise e is added, with a new random ID when it has none. StartedAt is set when an
// onboarding is first remembered (now, unless given) and kept afterwards.
func (s *Store) Upsert(e Entry) (Entry, error) {
	e.clean()
	e.BaseURL = normalizeBaseURL(e.BaseURL)
	e.Category = strings.ToLower(strings.TrimSpace(e.Category))
	if err := validate(e); err != nil {
		return Entry{}, &ChangeError{Change: ChangeRemember, Err: err}
	}
	var stored Entry
	err := s.change(ChangeRemember, "", func(entries []Entry) ([]Entry, error) {
		i := slices.IndexFunc(entries, func(o Entry) bool { return e.ID != "" && o.ID == e.ID })
		if i < 0 {
			i = slices.IndexFunc(entries, func(o Entry) bool { return !o.Linked() && o.sameOnboarding(e) })
		}
		if i < 0 {
			if e.ID == "" {
				e.ID = newID()
			}
			if e.StartedAt.IsZero() {
				e.StartedAt = s.now()
			}
			stored = e
			return append(entries, e), nil
		}
		e.ID = entries[i].ID
		switch {
		case !entries[i].StartedAt.IsZero():
			e.StartedAt = entries[i].StartedAt
		case e.StartedAt.IsZero():
			e.StartedAt = s.now()
		}
		entries[i] = e
		stored = e
		return entries, nil
	})
	if err != nil {
		return Entry{}, err
	}
	return stored, nil
}

// Update changes the onboarding with the given ID through fn, applied to the latest content of the file.
// fn runs while the file is locked: it must be quick and must not call the Store. The ID cannot change.
func (s *Store) Update(id string, fn func(*Entry)) error {
	return s.change(ChangeUpdate, id, func(entries []Entry) ([]Entry, error) {
		i := slices.IndexFunc(entries, func(o Entry) bool { return o.ID == id })
		if i < 0 {
			return nil, ErrNotFound
		}
		e := entries[i]
		fn(&e)
		e.clean()
		e.ID = id
		e.BaseURL = normalizeBaseURL(e.BaseURL)
		e.Category = strings.ToLower(strings.TrimSpace(e.Category))
		if err := validate(e); err != nil {
			return nil, err
		}
		entries[i] = e
		return entries, nil
	})
}

// Forget removes the onboarding with the given ID from the list. It does not touch the company in Codat.
func (s *Store) Forget(id string) error {
	return s.change(ChangeForget, id, func(entries []Entry) ([]Entry, error) {
		i := slices.IndexFunc(entries, func(o Entry) bool { return o.ID == id })
		if i < 0 {
			return nil, ErrNotFound
		}
		return slices.Delete(entries, i, i+1), nil
	})
}

// change applies fn to the latest content of the file and writes the result, all under the lock, so that
// changes made meanwhile by other processes are kept.
func (s *Store) change(change Change, id string, fn func([]Entry) ([]Entry, error)) error {
	err := s.withLock(func() error {
		s.mu.RLock()
		known := slices.Clone(s.entries)
		s.mu.RUnlock()

		snap, err := readLocked(s.path, known, s.now())
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.entries, s.newer = snap.entries, snap.newer
		s.notices = append(s.notices, snap.notices...)
		s.mu.Unlock()
		if snap.newer != 0 {
			return newerVersionError(s.path, snap.newer)
		}

		entries, err := fn(slices.Clone(snap.entries))
		if err != nil {
			return err
		}
		sortNewestFirst(entries)
		if err := writeLocked(s.path, entries, !s.scratch); err != nil {
			return err
		}
		s.mu.Lock()
		s.entries = entries
		s.mu.Unlock()
		return nil
	})
	if err != nil {
		return &ChangeError{Change: change, ID: id, Err: err}
	}
	return nil
}

// withLock runs fn holding the lock on the list's sibling ".lock" file, after checking the directory can be
// written. A lock file that is a link, a FIFO or anything but a plain file is refused and left as it is.
func (s *Store) withLock(fn func() error) error {
	if err := prepareDir(s.path); err != nil {
		return err
	}
	unlock, err := lockFile(s.path + ".lock")
	if refused(err) {
		return err
	}
	if err != nil {
		return dirError(s.path, err)
	}
	defer unlock()
	return fn()
}

func validate(e Entry) error {
	var problems []EntryProblem
	if strings.TrimSpace(e.CompanyID) == "" {
		problems = append(problems, EntryProblem{Field: FieldCompanyID, Value: e.CompanyID})
	}
	if e.BaseURL == "" {
		problems = append(problems, EntryProblem{Field: FieldBaseURL})
	}
	if !flow.Category(e.Category).Known() {
		problems = append(problems, EntryProblem{Field: FieldCategory, Value: e.Category, Allowed: categoryList()})
	}
	if e.Path != PathAuthorize && e.Path != PathDelegate {
		problems = append(problems, EntryProblem{Field: FieldPath, Value: e.Path, Allowed: []string{PathAuthorize, PathDelegate}})
	}
	if len(problems) > 0 {
		return &InvalidEntryError{Problems: problems}
	}
	return nil
}

// sortNewestFirst orders entries by start, newest first; ties keep a fixed order so the file is stable.
func sortNewestFirst(entries []Entry) {
	slices.SortStableFunc(entries, func(a, b Entry) int {
		if c := b.StartedAt.Compare(a.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// normalizeBaseURL gives one spelling per Codat, so that entries match whatever the trailing slash or case,
// and drops anything that might be a secret (user info, query, fragment).
func normalizeBaseURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return strings.TrimRight(raw, "/")
	}
	u.User = nil
	u.RawQuery, u.ForceQuery = "", false
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String()
}

func newID() string { return strings.ToLower(rand.Text()) }

// categoryList names the categories an entry may have, from flow's table.
func categoryList() []string {
	names := make([]string, len(flow.Categories))
	for i, c := range flow.Categories {
		names[i] = string(c)
	}
	return names
}
