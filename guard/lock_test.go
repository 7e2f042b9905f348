package guard

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestSameCompanyNameSharesOneLock(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		held, other string
		shared      bool
	}{
		{"Acme Ltd", "Acme Ltd", true},
		{"Acme Ltd", "ACME  ltd", true},             // case and spacing
		{"Acme Ltd", " Acme\u00a0Ltd\u2122 ", true}, // a pasted non-breaking space, and a character Codat drops
		{"Acme Ltd", "Acme Trading", false},
	} {
		// Separate Locks stand for separate processes.
		first, second := NewLocks(dir, 0), NewLocks(dir, 150*time.Millisecond)
		unlock, err := first.Company(t.Context(), tc.held)
		if err != nil {
			t.Fatal(err)
		}
		u2, err := second.Company(t.Context(), tc.other)
		if tc.shared {
			if err == nil || !strings.Contains(err.Error(), "another onboard on this computer is still setting up") {
				t.Errorf("%q while %q is held: err %v, want told another onboard is busy", tc.other, tc.held, err)
			}
		} else if err != nil {
			t.Errorf("%q while %q is held: %v, want its own lock", tc.other, tc.held, err)
		}
		if u2 != nil {
			u2()
		}
		unlock()
	}
}

func TestAWaitingLockIsTakenWhenReleased(t *testing.T) {
	dir := t.TempDir()
	unlock, err := NewLocks(dir, 0).Connection(t.Context(), "co-1", "gbol")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		u, err := NewLocks(dir, 10*time.Second).Connection(t.Context(), "co-1", "GBOL")
		if err == nil {
			u()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("took a held lock (err %v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("after the release: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter did not get the lock within 5 s of its release")
	}
}

func TestWaitingStopsWithTheContext(t *testing.T) {
	dir := t.TempDir()
	unlock, err := NewLocks(dir, 0).Company(t.Context(), "Acme")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err = NewLocks(dir, time.Minute).Company(ctx, "Acme")
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), `the company "Acme"`) {
		t.Fatalf("err %v, want cancelled, naming the company", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("took %s to notice the cancel", took)
	}
}

func TestAnUnusableStateDirectoryRefusesTheLock(t *testing.T) {
	file := t.TempDir() + "/file"
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := NewLocks(file, 0).Company(t.Context(), "Acme")
	if err == nil || !strings.Contains(err.Error(), "set ONBOARD_STATE_DIR") {
		t.Fatalf("err %v, want the advice to set ONBOARD_STATE_DIR", err)
	}
	if _, err := NoLocks(errors.New("no home")).Company(t.Context(), "Acme"); err == nil || err.Error() != "no home" {
		t.Fatalf("err %v, want the reason there is no state directory", err)
	}
}

// TestALockDiesWithItsProcess holds a lock in a child process, kills it
// without warning, and takes the lock at once: nothing is left stale.
func TestALockDiesWithItsProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the child is killed with SIGKILL")
	}
	if dir := os.Getenv("GUARD_TEST_HOLD_DIR"); dir != "" {
		return // the child's side is TestHelperHoldsALock
	}
	dir := t.TempDir()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperHoldsALock$")
	cmd.Env = append(os.Environ(), "GUARD_TEST_HOLD_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe() // kept open: the child waits on it
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "held\n" {
		t.Fatalf("the child said %q (%v), want held", line, err)
	}
	if _, err := NewLocks(dir, 100*time.Millisecond).Company(t.Context(), "Acme"); err == nil {
		t.Fatal("took the lock while the child held it")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	start := time.Now()
	unlock, err := NewLocks(dir, 5*time.Second).Company(t.Context(), "Acme")
	if err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	unlock()
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %s to get a dead process's lock, want at once", took)
	}
}

// TestHelperHoldsALock is the child of TestALockDiesWithItsProcess.
func TestHelperHoldsALock(t *testing.T) {
	dir := os.Getenv("GUARD_TEST_HOLD_DIR")
	if dir == "" {
		t.Skip("run by TestALockDiesWithItsProcess")
	}
	if _, err := NewLocks(dir, 0).Company(context.Background(), "Acme"); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("held\n")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until killed
}
