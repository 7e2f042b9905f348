package store

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// precious is a file a planted link points to: onboard must neither read, change, nor make it private.
type precious struct {
	path string
	data []byte
	mode fs.FileMode
}

func newPrecious(t *testing.T) precious {
	t.Helper()
	p := precious{path: filepath.Join(t.TempDir(), "elsewhere.json"), data: validList(t), mode: 0o644}
	if err := os.WriteFile(p.path, p.data, p.mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p.path, p.mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// untouched fails the test when the file changed in content or mode.
func (p precious) untouched(t *testing.T) {
	t.Helper()
	info, err := os.Stat(p.path)
	if err != nil {
		t.Fatalf("the link's target is gone: %v", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != p.mode {
		t.Errorf("the link's target has mode %04o, want it left at %04o", info.Mode().Perm(), p.mode)
	}
	if data, _ := os.ReadFile(p.path); !bytes.Equal(data, p.data) {
		t.Errorf("the link's target changed:\n%s", data)
	}
}

func symlinkOrSkip(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
}

// openWithin opens the store at path in the background and fails the test if that takes longer than a few
// seconds: a FIFO must be refused, not waited on.
func openWithin(t *testing.T, path string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, _, err := Open(path)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("Open(%s) still blocked after 10 s", path)
		return nil
	}
}

// wantRefusal checks err refuses path for the reason given, in words that name the file.
func wantRefusal(t *testing.T, err, reason error, path, words string) {
	t.Helper()
	if !errors.Is(err, reason) {
		t.Fatalf("err = %v, want a refusal for %v", err, reason)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), words) {
		t.Errorf("the refusal should name %s and say %q: %v", path, words, err)
	}
}

func TestALinkInPlaceOfTheListOrItsLockIsRefused(t *testing.T) {
	t.Parallel()
	for _, which := range []string{"list", "lock"} {
		t.Run(which, func(t *testing.T) {
			t.Parallel()
			path := statePath(t)
			link := path
			if which == "lock" {
				link = path + ".lock"
			}
			target := newPrecious(t)
			symlinkOrSkip(t, target.path, link)

			_, _, err := Open(path)
			wantRefusal(t, err, ErrLink, link, "symbolic link (to "+target.path+")")
			target.untouched(t)
			if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link itself should be left as it is: %v", err)
			}
			if aside := asideFiles(t, path); len(aside) != 0 {
				t.Errorf("something was moved aside: %v", aside)
			}
		})
	}
}

func TestALinkToADeviceOrNowhereIsRefused(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	for _, tc := range []struct{ name, target, which string }{
		{"list to /dev/zero", "/dev/zero", "list"},
		{"lock to a missing file", "", "lock"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := statePath(t)
			target := tc.target
			if target == "" {
				target = filepath.Join(t.TempDir(), "not-yet")
			}
			link := path
			if tc.which == "lock" {
				link += ".lock"
			}
			symlinkOrSkip(t, target, link)
			wantRefusal(t, openWithin(t, path), ErrLink, link, "symbolic link")
			if tc.target == "" {
				if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("opening the lock created the file its link points to: %v", err)
				}
			}
		})
	}
}

func TestAFIFOInPlaceOfTheListOrItsLockIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	for _, which := range []string{"list", "lock"} {
		t.Run(which, func(t *testing.T) {
			t.Parallel()
			path := statePath(t)
			fifo := path
			if which == "lock" {
				fifo += ".lock"
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			mkfifoOrSkip(t, fifo)
			wantRefusal(t, openWithin(t, path), ErrNotRegular, fifo, "a named pipe (FIFO)")
			if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
				t.Errorf("the FIFO should be left as it is: %v", err)
			}
		})
	}
}

func TestADirectoryInPlaceOfTheListIsRefused(t *testing.T) {
	t.Parallel()
	path := statePath(t)
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, _, err := Open(path)
	wantRefusal(t, err, ErrNotRegular, path, "a directory")
	if _, err := os.Stat(filepath.Join(path, "inside")); err != nil {
		t.Errorf("the directory was not left as it is: %v", err)
	}
}

func TestAnOversizedListIsRefusedNotReadNotMoved(t *testing.T) {
	t.Parallel()
	path := statePath(t)
	writeRaw(t, path, validList(t), 0o600)
	size := int64(maxListSize + 1)
	if err := os.Truncate(path, size); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	_, _, err := Open(path)
	wantRefusal(t, err, ErrTooLarge, path, "8388609 bytes, more than the 8388608")
	if info, err := os.Stat(path); err != nil || info.Size() != size {
		t.Errorf("the file was not left as it is: %v", err)
	}
	if aside := asideFiles(t, path); len(aside) != 0 {
		t.Errorf("an oversized list was moved aside: %v", aside)
	}
}

func TestTheListNeverGrowsPastWhatIsReadBack(t *testing.T) {
	t.Parallel()
	path := statePath(t)
	s, _ := mustOpen(t, path)
	mustUpsert(t, s, delegated("c-small", day0))
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	big := delegated("c-big", day0)
	big.CompanyName = strings.Repeat("A", maxListSize)
	_, err = s.Upsert(big)
	if err == nil || !strings.Contains(err.Error(), "would grow past 8388608 bytes") {
		t.Fatalf("Upsert of a huge entry: %v, want a refusal", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("the refused change was written")
	}
	mustOpen(t, path) // still readable
}

func TestReadPrivateStopsAtItsCap(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		limit int64
		ok    bool
	}{{10, true}, {9, false}} {
		f, err := OpenPrivate(path, os.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		data, err := ReadPrivate(f, tc.limit)
		f.Close()
		if tc.ok != (err == nil) || tc.ok && string(data) != "0123456789" || !tc.ok && !errors.Is(err, ErrTooLarge) {
			t.Errorf("limit %d: %q, %v", tc.limit, data, err)
		}
	}
}
