package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// writeRaw puts bytes where the list lives, as something else might have.
func writeRaw(t *testing.T, path string, data []byte, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// validList is a current file holding one pending onboarding.
func validList(t *testing.T) []byte {
	t.Helper()
	path := statePath(t)
	s, _ := mustOpen(t, path)
	mustUpsert(t, s, delegated("c-old", day0))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// asideFiles lists the copies of damaged files next to path.
func asideFiles(t *testing.T, path string) []string {
	t.Helper()
	matches, err := filepath.Glob(path + ".corrupt-*")
	if err != nil {
		t.Fatal(err)
	}
	return matches
}

func TestDamagedFileIsMovedAside(t *testing.T) {
	valid := validList(t)
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"truncated", valid[:len(valid)/2], "not valid JSON"},
		{"garbage", []byte("\x00\xff\xfeonboardings?"), "not valid JSON"},
		{"no version", []byte(`{"entries":[]}`), "no version"},
		{"version zero as an object", []byte(`{"version":0,"entries":[]}`), "version 0"},
		{"version not a number", []byte(`{"version":"1","entries":[]}`), "not a list"},
		{"entries of the wrong shape", []byte(`{"version":1,"entries":{"id":"x"}}`), "not a list"},
		{"a bare string", []byte(`"onboardings"`), "not a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := statePath(t)
			writeRaw(t, path, tt.data, 0o600)

			s, notices := mustOpen(t, path)
			if len(s.List()) != 0 {
				t.Errorf("a damaged file gave entries: %+v", s.List())
			}
			aside := asideFiles(t, path)
			if len(aside) != 1 {
				t.Fatalf("copies kept aside: %v, want one", aside)
			}
			kept, err := os.ReadFile(aside[0])
			if err != nil || !bytes.Equal(kept, tt.data) {
				t.Errorf("%s holds %q (%v), want the original bytes %q", aside[0], kept, err, tt.data)
			}
			if len(notices) != 1 || !strings.Contains(notices[0].Message, aside[0]) ||
				!strings.Contains(notices[0].Message, tt.reason) {
				t.Errorf("notices = %v, want one naming %s and saying %q", notices, aside[0], tt.reason)
			}

			mustUpsert(t, s, delegated("c-new", day0))
			if got := readFile(t, path).Entries; len(got) != 1 || got[0].CompanyID != "c-new" {
				t.Errorf("after the move, the new list holds %+v", got)
			}
		})
	}
}

func TestMovingAsideNeverOverwritesAnEarlierCopy(t *testing.T) {
	path := statePath(t)
	var aside []string
	for _, data := range []string{"first damage", "second damage"} {
		writeRaw(t, path, []byte(data), 0o600)
		moved, err := moveAside(path, day0) // the same second both times
		if err != nil {
			t.Fatal(err)
		}
		aside = append(aside, moved)
	}
	for i, want := range []string{"first damage", "second damage"} {
		if got, err := os.ReadFile(aside[i]); err != nil || string(got) != want {
			t.Errorf("%s holds %q (%v), want %q", aside[i], got, err, want)
		}
	}
}

func TestEmptyFileIsAnEmptyList(t *testing.T) {
	path := statePath(t)
	writeRaw(t, path, []byte(" \n"), 0o600)
	s, notices := mustOpen(t, path)
	if len(notices) != 0 || len(s.List()) != 0 || len(asideFiles(t, path)) != 0 {
		t.Errorf("empty file: notices %v, entries %v, copies %v; want none", notices, s.List(), asideFiles(t, path))
	}
}

func TestFileDamagedWhileOpenKeepsWhatWasKnown(t *testing.T) {
	path := statePath(t)
	s, _ := mustOpen(t, path)
	mustUpsert(t, s, delegated("c-1", day0))
	mustUpsert(t, s, delegated("c-2", day0.Add(time.Hour)))
	writeRaw(t, path, []byte(`{"version":1,"entries":[{"id":`), 0o600)

	mustUpsert(t, s, delegated("c-3", day0.Add(2*time.Hour)))
	if got := strings.Join(companyIDs(readFile(t, path).Entries), " "); got != "c-3 c-2 c-1" {
		t.Errorf("file holds %s, want c-3 c-2 c-1", got)
	}
	aside := asideFiles(t, path)
	notices := s.Notices()
	if len(aside) != 1 || len(notices) != 1 || !strings.Contains(notices[0].Message, aside[0]) {
		t.Errorf("copies %v, notices %v: want one copy, named in one notice", aside, notices)
	}
	if again := s.Notices(); len(again) != 0 {
		t.Errorf("notices returned twice: %v", again)
	}
}

func TestNewerVersionIsShownButNeverChanged(t *testing.T) {
	newer := []byte(`{"version":7,"entries":[{"id":"n1","company_id":"c-9","company_name":"Future Ltd",` +
		`"category":"banking","path":"delegate","status":"PendingAuth","base_url":"https://api.codat.io",` +
		`"started_at":"2026-03-01T10:00:00Z","colour":"teal"}],"owners":["x"]}`)
	path := statePath(t)
	writeRaw(t, path, newer, 0o600)

	s, notices := mustOpen(t, path)
	if len(notices) != 1 || !strings.Contains(notices[0].Message, "newer onboard") ||
		!strings.Contains(notices[0].Message, path) {
		t.Errorf("notices = %v, want one saying a newer onboard wrote %s", notices, path)
	}
	if got := s.Pending(codatBase); len(got) != 1 || got[0].CompanyName != "Future Ltd" {
		t.Errorf("Pending = %+v, want the entry the newer onboard wrote", got)
	}

	changes := map[string]func() error{
		"Upsert": func() error { _, err := s.Upsert(delegated("c-1", day0)); return err },
		"Update": func() error { return s.Update("n1", func(e *Entry) { e.Status = StatusLinked }) },
		"Forget": func() error { return s.Forget("n1") },
	}
	for name, change := range changes {
		err := change()
		if !errors.Is(err, ErrNewerVersion) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want ErrNewerVersion naming %s", name, err, path)
		}
	}
	if data, _ := os.ReadFile(path); !bytes.Equal(data, newer) {
		t.Errorf("the newer file was changed:\n%s", data)
	}
	if aside := asideFiles(t, path); len(aside) != 0 {
		t.Errorf("the newer file was moved aside: %v", aside)
	}
}

func TestNewerVersionWrittenWhileOpenIsNotOverwritten(t *testing.T) {
	path := statePath(t)
	s, _ := mustOpen(t, path)
	mustUpsert(t, s, delegated("c-1", day0))
	newer := []byte(fmt.Sprintf(`{"version":%d,"entries":[],"note":"from a newer onboard"}`, fileVersion+1))
	writeRaw(t, path, newer, 0o600)

	if _, err := s.Upsert(delegated("c-2", day0)); !errors.Is(err, ErrNewerVersion) {
		t.Errorf("Upsert over a newer file: %v, want ErrNewerVersion", err)
	}
	if data, _ := os.ReadFile(path); !bytes.Equal(data, newer) {
		t.Errorf("the newer file was changed:\n%s", data)
	}
}

func TestVersionZeroIsMigrated(t *testing.T) {
	v0 := []byte(`[
  {"id":"old-1","company_id":"c-1","company_name":"Acme & Sons","category":"accounting","path":"delegate",
   "recipient":"jane@example.com","started_at":"2026-01-05T08:00:00Z","status":"PendingAuth","base_url":"https://api.codat.io"},
  {"company_id":"c-2","company_name":"Beta","category":"banking","path":"authorize",
   "started_at":"2026-01-06T08:00:00Z","status":"Linked","base_url":"https://api.codat.io"}
]`)
	path := statePath(t)
	writeRaw(t, path, v0, 0o600)

	s, notices := mustOpen(t, path)
	backup := path + ".v0-backup"
	if len(notices) != 1 || !strings.Contains(notices[0].Message, backup) {
		t.Errorf("notices = %v, want one naming the backup %s", notices, backup)
	}
	if kept, err := os.ReadFile(backup); err != nil || !bytes.Equal(kept, v0) {
		t.Errorf("backup holds %q (%v), want the original file", kept, err)
	}
	doc := readFile(t, path)
	if got := strings.Join(companyIDs(doc.Entries), " "); got != "c-2 c-1" {
		t.Fatalf("migrated file holds %s, want c-2 c-1", got)
	}
	if doc.Entries[1].ID != "old-1" || doc.Entries[0].ID == "" || doc.Entries[1].Recipient != "jane@example.com" {
		t.Errorf("migrated entries = %+v, want old-1 kept and a new ID for the other", doc.Entries)
	}
	if got := s.List(); len(got) != 2 || got[0].ID != doc.Entries[0].ID {
		t.Errorf("List = %+v, want what the file holds", got)
	}
	if _, notices := mustOpen(t, path); len(notices) != 0 {
		t.Errorf("second open gave notices %v", notices)
	}
}

func TestReadableByOthersIsMadePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no group and other permission bits")
	}
	path := statePath(t)
	valid := validList(t)
	writeRaw(t, path, valid, 0o644)

	s, notices := mustOpen(t, path)
	if len(notices) != 1 || !strings.Contains(notices[0].Message, "0644") || !strings.Contains(notices[0].Message, path) {
		t.Errorf("notices = %v, want one naming %s and its old mode", notices, path)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode is %04o, want 0600", info.Mode().Perm())
	}
	if len(s.List()) != 1 {
		t.Errorf("entries lost while fixing the mode: %+v", s.List())
	}
}

func TestUnreadableFileIsMovedAside(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permissions do not stop Windows from reading; nothing to check here")
	}
	if os.Geteuid() == 0 {
		if runAsNobody(t) {
			return
		}
		t.Skip("permissions do not stop root from reading; nothing to check here")
	}
	path := statePath(t)
	valid := validList(t)
	writeRaw(t, path, valid, 0o000)

	s, notices := mustOpen(t, path)
	aside := asideFiles(t, path)
	if len(aside) != 1 || len(notices) != 1 || !strings.Contains(notices[0].Message, aside[0]) {
		t.Fatalf("copies %v, notices %v: want the unreadable file aside, named in a notice", aside, notices)
	}
	if err := os.Chmod(aside[0], 0o600); err != nil {
		t.Fatal(err)
	}
	if kept, _ := os.ReadFile(aside[0]); !bytes.Equal(kept, valid) {
		t.Errorf("copy holds %q, want the original", kept)
	}
	mustUpsert(t, s, delegated("c-new", day0))
}

func TestUnwritableDirectoryIsAClearError(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("directory permission bits do not apply on Windows")
	}
	if os.Geteuid() == 0 {
		if runAsNobody(t) {
			return
		}
		t.Skip("running as root: chmod does not stop root from writing, so an unwritable directory cannot be made")
	}
	path := statePath(t)
	valid := validList(t)
	writeRaw(t, path, valid, 0o600)
	dir := filepath.Dir(path)
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })

	_, _, err := Open(path)
	if err == nil {
		t.Fatal("Open in an unwritable directory succeeded")
	}
	for _, want := range []string{dir, "chmod u+rwx", StateDirEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error %v does not wrap fs.ErrPermission", err)
	}
	if kept, _ := os.ReadFile(path); !bytes.Equal(kept, valid) {
		t.Errorf("the list was changed:\n%s", kept)
	}
}

func TestDirectoryBlockedByAFileIsAClearError(t *testing.T) {
	root := t.TempDir()
	blocker := filepath.Join(root, "state")
	if err := os.WriteFile(blocker, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Open(filepath.Join(blocker, "onboard", fileName))
	if err == nil {
		t.Fatal("Open under a regular file succeeded")
	}
	for _, want := range []string{blocker, "not a directory", StateDirEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestStaleTempFilesAreIgnoredAndRemoved(t *testing.T) {
	path := statePath(t)
	valid := validList(t)
	writeRaw(t, path, valid, 0o600)
	stale := filepath.Join(filepath.Dir(path), tempPrefix(path)+"123456")
	if err := os.WriteFile(stale, []byte(`{"version":1,"entries":[{"id":"half`), 0o600); err != nil {
		t.Fatal(err)
	}

	s, notices := mustOpen(t, path)
	if len(notices) != 0 || len(s.List()) != 1 || s.List()[0].CompanyID != "c-old" {
		t.Errorf("notices %v, entries %+v: want the old list, quietly", notices, s.List())
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale temp file still there: %v", err)
	}
}

// TestHelperProcess is not a test: it is the body of the child processes the tests below start.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("ONBOARD_STORE_HELPER")
	if mode == "" {
		return
	}
	path := os.Getenv("ONBOARD_STORE_PATH")
	worker := os.Getenv("ONBOARD_STORE_WORKER")
	count, _ := strconv.Atoi(os.Getenv("ONBOARD_STORE_COUNT"))
	if mode == "crash" {
		testHookBeforeRename = func() { os.Exit(3) }
	}
	s, _, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := range count {
		if _, err := s.Upsert(delegated(fmt.Sprintf("w%s-c%d", worker, i), day0.Add(time.Duration(i)*time.Minute))); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	os.Exit(0)
}

func helperCommand(t *testing.T, mode, path, worker string, count int) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(),
		"ONBOARD_STORE_HELPER="+mode,
		"ONBOARD_STORE_PATH="+path,
		"ONBOARD_STORE_WORKER="+worker,
		"ONBOARD_STORE_COUNT="+strconv.Itoa(count),
	)
	return cmd
}

func TestConcurrentProcessesLoseNothing(t *testing.T) {
	path := statePath(t)
	if _, _, err := Open(path); err != nil {
		t.Fatal(err)
	}
	const processes, perProcess = 3, 20
	var wg sync.WaitGroup
	for p := range processes {
		cmd := helperCommand(t, "upsert", path, strconv.Itoa(p), perProcess)
		wg.Go(func() {
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("process %d: %v\n%s", p, err, out)
			}
		})
	}
	wg.Wait()

	entries := readFile(t, path).Entries
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.CompanyID] = true
	}
	for p := range processes {
		for i := range perProcess {
			if id := fmt.Sprintf("w%d-c%d", p, i); !seen[id] {
				t.Errorf("entry %s was lost", id)
			}
		}
	}
	if len(entries) != processes*perProcess {
		t.Errorf("file holds %d entries, want %d", len(entries), processes*perProcess)
	}
}

func TestCrashBeforeRenameKeepsTheOldFile(t *testing.T) {
	path := statePath(t)
	s, _ := mustOpen(t, path)
	mustUpsert(t, s, delegated("c-old", day0))
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	err = helperCommand(t, "crash", path, "crash", 1).Run()
	if exit, ok := errors.AsType[*exec.ExitError](err); !ok || exit.ExitCode() != 3 {
		t.Fatalf("the writer did not crash before its rename: %v", err)
	}
	temps, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPrefix(path)+"*"))
	if len(temps) != 1 {
		t.Fatalf("temp files after the crash: %v, want the one being written", temps)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Fatalf("the list changed although the writer crashed:\n%s", after)
	}

	reopened, notices := mustOpen(t, path)
	if got := companyIDs(reopened.List()); len(notices) != 0 || len(got) != 1 || got[0] != "c-old" {
		t.Errorf("after the crash: entries %v, notices %v; want c-old, quietly", got, notices)
	}
	if temps, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPrefix(path)+"*")); len(temps) != 0 {
		t.Errorf("temp files left after reopening: %v", temps)
	}
}

func TestLockByCreatingExcludesAndBreaksStaleLocks(t *testing.T) {
	lock := filepath.Join(t.TempDir(), "onboardings.json.lock")
	var holders, most atomic.Int32
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for range 5 {
				unlock, err := lockByCreating(lock)
				if err != nil {
					t.Error(err)
					return
				}
				n := holders.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(100 * time.Microsecond)
				holders.Add(-1)
				unlock()
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d holders at once, want 1", most.Load())
	}

	// A lock left by a process that died long ago is taken over.
	if err := os.WriteFile(lock, []byte("4242\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * staleLockAge)
	if err := os.Chtimes(lock, old, old); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockByCreating(lock)
	if err != nil {
		t.Fatalf("stale lock not taken over: %v", err)
	}
	unlock()
	if _, err := os.Stat(lock); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock file left after unlock: %v", err)
	}
}

// A version 1 file said "sent_at" for an invite onboard only prepared, opened in a mail app or copied. It
// is read as prepared at that time, and never written back with "sent".
func TestVersionOneSentAtIsReadAsPrepared(t *testing.T) {
	v1 := []byte(`{"version":1,"entries":[
  {"id":"inv-1","company_id":"c-1","company_name":"Acme Ltd","category":"accounting","path":"delegate",
   "recipient":"jane@example.com","sent_at":"2026-01-05T08:00:00Z","started_at":"2026-01-05T08:00:00Z",
   "status":"PendingAuth","base_url":"https://api.codat.io"},
  {"id":"auth-1","company_id":"c-2","company_name":"Beta","category":"banking","path":"authorize",
   "started_at":"2026-01-06T08:00:00Z","status":"PendingAuth","base_url":"https://api.codat.io"}
]}`)
	path := statePath(t)
	writeRaw(t, path, v1, 0o600)

	s, notices := mustOpen(t, path)
	if len(notices) != 1 || !strings.Contains(notices[0].Message, path+".v1-backup") {
		t.Errorf("notices = %v, want one naming the backup", notices)
	}
	got := map[string]Entry{}
	for _, e := range s.List() {
		got[e.ID] = e
	}
	sent := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	if e := got["inv-1"]; e.HandedOn != "prepared" || !e.HandedOnAt.Equal(sent) || e.Recipient != "jane@example.com" {
		t.Errorf("the invite reads %+v, want prepared at %v", e, sent)
	}
	if e := got["auth-1"]; e.HandedOn != "" || !e.HandedOnAt.IsZero() {
		t.Errorf("the authorize entry reads %+v, want nothing handed on", e)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("sent_at")) || !bytes.Contains(data, []byte(`"version": 2`)) {
		t.Errorf("rewritten file:\n%s", data)
	}
	if it := got["inv-1"].Item(); it.HandedOn != "prepared" || !it.HandedOnAt.Equal(sent) {
		t.Errorf("the journey sees %+v", it)
	}
}
