package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	codatBase   = "https://api.codat.io"
	sandboxBase = "http://127.0.0.1:8765"
)

var day0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// delegated is a pending onboarding handed on to an accountant.
func delegated(companyID string, started time.Time) Entry {
	return Entry{
		CompanyID:    companyID,
		CompanyName:  "Company " + companyID,
		Category:     "accounting",
		PlatformKey:  "gbol",
		PlatformName: "Xero",
		Path:         PathDelegate,
		Recipient:    "jane@accountants.example",
		HandedOn:     "mail_app",
		HandedOnAt:   started,
		FromName:     "Sam Lee",
		StartedAt:    started,
		Status:       "PendingAuth",
		BaseURL:      codatBase,
	}
}

func statePath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "state", fileName)
}

func mustOpen(t *testing.T, path string) (*Store, []Notice) {
	t.Helper()
	s, notices, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return s, notices
}

func mustUpsert(t *testing.T, s *Store, e Entry) Entry {
	t.Helper()
	stored, err := s.Upsert(e)
	if err != nil {
		t.Fatalf("Upsert(%s): %v", e.CompanyID, err)
	}
	return stored
}

// readFile decodes the list as another program would, insisting on the current shape.
func readFile(t *testing.T, path string) fileDoc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var doc fileDoc
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s is not a valid list: %v\n%s", path, err, data)
	}
	if doc.Version != fileVersion {
		t.Fatalf("%s has version %d, want %d", path, doc.Version, fileVersion)
	}
	return doc
}

func companyIDs(entries []Entry) []string {
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.CompanyID
	}
	return ids
}

func TestUpsertDedupesPendingOnboarding(t *testing.T) {
	tests := []struct {
		name      string
		second    func(first Entry) Entry
		firstDone bool // the first onboarding linked before the second arrives
		wantCount int
	}{
		{"same company, category and platform: updated", func(f Entry) Entry {
			f.ID, f.Recipient, f.StartedAt = "", "bob@accountants.example", day0.Add(48*time.Hour)
			return f
		}, false, 1},
		{"same onboarding spelled with a trailing slash and capital category", func(f Entry) Entry {
			f.ID, f.BaseURL, f.Category = "", "https://API.codat.io/", "Accounting"
			return f
		}, false, 1},
		{"by id, even with another platform", func(f Entry) Entry {
			f.PlatformKey, f.PlatformName = "qhyg", "QuickBooks Online"
			return f
		}, false, 1},
		{"first one already linked: a new onboarding", func(f Entry) Entry {
			f.ID = ""
			return f
		}, true, 2},
		{"other platform", func(f Entry) Entry {
			f.ID, f.PlatformKey = "", "qhyg"
			return f
		}, false, 2},
		{"other category", func(f Entry) Entry {
			f.ID, f.Category, f.PlatformKey = "", "banking", "suuo"
			return f
		}, false, 2},
		{"other company", func(f Entry) Entry {
			f.ID, f.CompanyID = "", "c-2"
			return f
		}, false, 2},
		{"other Codat", func(f Entry) Entry {
			f.ID, f.BaseURL = "", sandboxBase
			return f
		}, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := mustOpen(t, statePath(t))
			first := mustUpsert(t, s, delegated("c-1", day0))
			if first.ID == "" {
				t.Fatal("Upsert assigned no ID")
			}
			if tt.firstDone {
				if err := s.Update(first.ID, func(e *Entry) { e.Status = StatusLinked }); err != nil {
					t.Fatal(err)
				}
			}
			second := mustUpsert(t, s, tt.second(first))

			reopened, _ := mustOpen(t, s.Path())
			got := reopened.List()
			if len(got) != tt.wantCount {
				t.Fatalf("after two upserts the list has %d entries, want %d: %+v", len(got), tt.wantCount, got)
			}
			if tt.wantCount == 1 {
				if second.ID != first.ID {
					t.Errorf("updated entry changed ID from %s to %s", first.ID, second.ID)
				}
				if !got[0].StartedAt.Equal(day0) {
					t.Errorf("StartedAt = %v, want the first start %v", got[0].StartedAt, day0)
				}
				if got[0] != second {
					t.Errorf("stored %+v, Upsert returned %+v", got[0], second)
				}
			} else if second.ID == first.ID {
				t.Errorf("a different onboarding reused ID %s", first.ID)
			}
		})
	}
}

func TestUpsertFillsIDAndStart(t *testing.T) {
	s, _ := mustOpen(t, statePath(t))
	e := delegated("c-1", time.Time{})
	before := time.Now()
	stored := mustUpsert(t, s, e)
	after := time.Now()
	if stored.StartedAt.Before(before.Add(-time.Second)) || stored.StartedAt.After(after.Add(time.Second)) {
		t.Errorf("StartedAt = %v, want the time of the upsert (%v)", stored.StartedAt, before)
	}
	other := mustUpsert(t, s, delegated("c-2", day0))
	if stored.ID == other.ID || len(stored.ID) < 16 {
		t.Errorf("IDs %q and %q: want distinct random IDs", stored.ID, other.ID)
	}
}

func TestUpsertRejectsIncompleteEntries(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Entry)
		want   string
	}{
		{"no company", func(e *Entry) { e.CompanyID = " " }, FieldCompanyID},
		{"no base", func(e *Entry) { e.BaseURL = "" }, FieldBaseURL},
		{"unknown category", func(e *Entry) { e.Category = "payroll" }, FieldCategory},
		{"unknown path", func(e *Entry) { e.Path = "email" }, FieldPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := mustOpen(t, statePath(t))
			e := delegated("c-1", day0)
			tt.change(&e)
			// Package explain words the problems (explain.TestStoreErrorsReadWell).
			_, err := s.Upsert(e)
			var invalid *InvalidEntryError
			if !errors.As(err, &invalid) || len(invalid.Problems) != 1 || invalid.Problems[0].Field != tt.want {
				t.Errorf("Upsert error = %v, want the one problem %s", err, tt.want)
			}
			if got := s.List(); len(got) != 0 {
				t.Errorf("a rejected entry was remembered: %+v", got)
			}
		})
	}
}

func TestListIsNewestFirst(t *testing.T) {
	s, _ := mustOpen(t, statePath(t))
	for _, offset := range []int{2, 0, 3, 1} {
		mustUpsert(t, s, delegated(fmt.Sprintf("c-%d", offset), day0.Add(time.Duration(offset)*time.Hour)))
	}
	want := "c-3 c-2 c-1 c-0"
	if got := strings.Join(companyIDs(s.List()), " "); got != want {
		t.Errorf("List order = %s, want %s", got, want)
	}
	reopened, _ := mustOpen(t, s.Path())
	if got := strings.Join(companyIDs(reopened.List()), " "); got != want {
		t.Errorf("after reopening, List order = %s, want %s", got, want)
	}
}

func TestPendingFiltersByBaseAndStatus(t *testing.T) {
	s, _ := mustOpen(t, statePath(t))
	add := func(id, base, status string, hour int) {
		e := delegated(id, day0.Add(time.Duration(hour)*time.Hour))
		e.BaseURL, e.Status = base, status
		mustUpsert(t, s, e)
	}
	add("waiting", codatBase, "PendingAuth", 1)
	add("linked", codatBase, StatusLinked, 2)
	add("deauthorized", codatBase, "Deauthorized", 3)
	add("failed", codatBase+"/", "Failed", 4)
	add("sandbox", sandboxBase, "PendingAuth", 5)
	add("linked-in-sandbox", sandboxBase, "linked", 6)

	tests := []struct {
		base string
		want string
	}{
		{codatBase, "failed deauthorized waiting"},
		{"https://api.codat.io/", "failed deauthorized waiting"},
		{sandboxBase, "sandbox"},
		{"https://elsewhere.example", ""},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			if got := strings.Join(companyIDs(s.Pending(tt.base)), " "); got != tt.want {
				t.Errorf("Pending(%s) = %q, want %q", tt.base, got, tt.want)
			}
		})
	}
	if got := len(s.List()); got != 6 {
		t.Errorf("List has %d entries, want all 6 whatever their base", got)
	}
}

func TestUpdateAndForgetApplyToLatestContent(t *testing.T) {
	path := statePath(t)
	stale, _ := mustOpen(t, path) // opened before the others wrote anything
	fresh, _ := mustOpen(t, path)
	a := mustUpsert(t, fresh, delegated("c-a", day0))
	b := mustUpsert(t, fresh, delegated("c-b", day0.Add(time.Hour)))

	checked := day0.Add(72 * time.Hour)
	if err := stale.Update(a.ID, func(e *Entry) {
		e.Status, e.CheckedAt = StatusLinked, checked
		e.ID = "something else"
	}); err != nil {
		t.Fatalf("Update through a store opened earlier: %v", err)
	}
	if err := stale.Forget(b.ID); err != nil {
		t.Fatalf("Forget through a store opened earlier: %v", err)
	}

	doc := readFile(t, path)
	if len(doc.Entries) != 1 {
		t.Fatalf("file holds %d entries, want 1: %+v", len(doc.Entries), doc.Entries)
	}
	got := doc.Entries[0]
	if got.ID != a.ID || got.Status != StatusLinked || !got.CheckedAt.Equal(checked) {
		t.Errorf("updated entry = %+v, want ID %s linked and checked at %v", got, a.ID, checked)
	}
	if len(stale.Pending(codatBase)) != 0 {
		t.Errorf("Pending still lists %+v", stale.Pending(codatBase))
	}
}

func TestUpdateAndForgetUnknownID(t *testing.T) {
	s, _ := mustOpen(t, statePath(t))
	mustUpsert(t, s, delegated("c-1", day0))
	if err := s.Update("nope", func(e *Entry) { e.Status = StatusLinked }); !errors.Is(err, ErrNotFound) {
		t.Errorf("Update of an unknown ID: %v, want ErrNotFound", err)
	}
	if err := s.Forget("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Forget of an unknown ID: %v, want ErrNotFound", err)
	}
	if got := s.List(); len(got) != 1 || got[0].Status != "PendingAuth" {
		t.Errorf("list changed: %+v", got)
	}
}

func TestUpdateRejectsInvalidResult(t *testing.T) {
	s, _ := mustOpen(t, statePath(t))
	e := mustUpsert(t, s, delegated("c-1", day0))
	if err := s.Update(e.ID, func(e *Entry) { e.Category = "" }); err == nil {
		t.Fatal("Update emptying the category succeeded")
	}
	if got := readFile(t, s.Path()).Entries[0].Category; got != "accounting" {
		t.Errorf("category on disk = %q, want it unchanged", got)
	}
}

func TestNeverStoresSecretsInBaseURL(t *testing.T) {
	s, _ := mustOpen(t, statePath(t))
	e := delegated("c-1", day0)
	e.BaseURL = "https://apikey:s3cr3t@api.codat.io/?token=t0k3n#frag"
	stored := mustUpsert(t, s, e)
	if stored.BaseURL != codatBase {
		t.Errorf("BaseURL stored as %q, want %q", stored.BaseURL, codatBase)
	}
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"s3cr3t", "t0k3n", "apikey"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the file contains %q:\n%s", secret, data)
		}
	}
	if got := len(s.Pending(codatBase)); got != 1 {
		t.Errorf("Pending(%s) has %d entries, want 1", codatBase, got)
	}
}

func TestFileIsPrivateAndReadable(t *testing.T) {
	path := statePath(t)
	s, notices := mustOpen(t, path)
	if len(notices) != 0 {
		t.Errorf("fresh store gave notices: %v", notices)
	}
	e := mustUpsert(t, s, delegated("c-1", day0))
	doc := readFile(t, path)
	if len(doc.Entries) != 1 || doc.Entries[0] != e {
		t.Errorf("file holds %+v, want %+v", doc.Entries, e)
	}
	if runtime.GOOS == "windows" {
		return
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %04o, want %04o", p, got, want)
		}
	}
}

func TestConcurrentGoroutinesLoseNothing(t *testing.T) {
	path := statePath(t)
	shared, _ := mustOpen(t, path)
	const workers, perWorker = 6, 8
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			s := shared
			if w%2 == 1 { // half of them through their own Store on the same file
				var err error
				if s, _, err = Open(path); err != nil {
					errs <- err
					return
				}
			}
			for i := range perWorker {
				if _, err := s.Upsert(delegated(fmt.Sprintf("w%d-c%d", w, i), day0)); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := len(readFile(t, path).Entries); got != workers*perWorker {
		t.Errorf("file holds %d entries, want %d", got, workers*perWorker)
	}
}

// TestScratchListIsAListLikeAnyOther: a scratch list is written whole, as
// any list is; only its flush to disk is left out.
func TestScratchListIsAListLikeAnyOther(t *testing.T) {
	path := statePath(t)
	scratch, _, err := OpenScratch(path)
	if err != nil {
		t.Fatal(err)
	}
	stored := mustUpsert(t, scratch, delegated("c-1", day0))
	again, _ := mustOpen(t, path)
	if got := again.List(); len(got) != 1 || got[0].ID != stored.ID || got[0].CompanyID != "c-1" {
		t.Fatalf("reopened scratch list holds %+v", got)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("scratch list file: %v, %v", info, err)
	}
}
