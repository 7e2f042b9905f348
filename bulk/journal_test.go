package bulk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJournalKeepsFinishedRowsAcrossRuns(t *testing.T) {
	dir := t.TempDir()
	j, err := OpenJournal(dir, "f1")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Record{{Row: 1, Key: "acme", CompanyID: "c1", Status: "PendingAuth"}, {Row: 2, Key: "beta", CompanyID: "c2"}} {
		if err := j.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	// A crash in the middle of a line: that line is dropped, the rest kept.
	f, err := os.OpenFile(j.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"row":3,"key":"gam`)
	f.Close()
	j.Close()

	again, err := OpenJournal(dir, "f1")
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if r, ok := again.Done(1, "acme"); !ok || r.CompanyID != "c1" {
		t.Errorf("row 1: %+v %v, want it done", r, ok)
	}
	if _, ok := again.Done(2, "other business"); ok {
		t.Error("a record stood for another business on the same row")
	}
	if _, ok := again.Done(3, "gamma"); ok {
		t.Error("a line cut short was read as done")
	}
	if err := again.Add(Record{Row: 3, Key: "gamma", CompanyID: "c3"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(again.Path())
	if strings.Count(string(data), "\n") != 4 || strings.Contains(string(data), `"key":"gam"`) {
		t.Errorf("journal after the repair:\n%s", data)
	}
	if info, _ := os.Stat(again.Path()); info.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", info.Mode().Perm())
	}
}

func TestJournalRefusesALinkInItsPlace(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "elsewhere")
	os.WriteFile(target, []byte("keep me"), 0o600)
	if err := os.Symlink(target, filepath.Join(dir, "f1.jsonl")); err != nil {
		t.Skip(err)
	}
	if _, err := OpenJournal(dir, "f1"); err == nil {
		t.Fatal("a link in the journal's place was followed")
	}
	if data, _ := os.ReadFile(target); string(data) != "keep me" {
		t.Errorf("the link's target changed: %q", data)
	}
}

func TestJournalOfANewerVersionIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f1.jsonl")
	os.WriteFile(path, []byte("{\"version\":9}\n{\"row\":1}\n"), 0o600)
	if _, err := OpenJournal(dir, "f1"); err == nil || !strings.Contains(err.Error(), "newer onboard") {
		t.Fatalf("err %v, want the newer journal refused", err)
	}
	if data, _ := os.ReadFile(path); !strings.HasPrefix(string(data), "{\"version\":9}") {
		t.Errorf("the newer journal was rewritten: %q", data)
	}
}

func TestJournalIDDependsOnTheFileAndTheAPI(t *testing.T) {
	a := JournalID("https://api.codat.io", []byte("company\nAcme\n"))
	if a != JournalID("https://api.codat.io", []byte("company\nAcme\n")) {
		t.Error("the same file against the same API has two journals")
	}
	if a == JournalID("http://127.0.0.1:8787", []byte("company\nAcme\n")) || a == JournalID("https://api.codat.io", []byte("company\nBeta\n")) {
		t.Error("another API or another file shares the journal")
	}
}
