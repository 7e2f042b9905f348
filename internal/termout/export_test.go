package termout

import (
	"sync"
	"syscall"
	"testing"
	"time"
)

// Waiting returns a channel closed the first time t waits for the terminal
// to take more: a write found it full.
func Waiting(t *Terminal) <-chan struct{} {
	ch := make(chan struct{})
	var once sync.Once
	t.writing.Lock()
	defer t.writing.Unlock()
	wait := t.wait
	t.wait = func() error {
		once.Do(func() { close(ch) })
		return wait()
	}
	return ch
}

// FailWrites makes t's next n writes fail as a terminal that went away
// does, writing nothing.
func FailWrites(t *Terminal, n int) {
	var mu sync.Mutex
	t.writing.Lock()
	defer t.writing.Unlock()
	write := t.write
	t.write = func(p []byte) (int, error) {
		mu.Lock()
		fail := n > 0
		n--
		mu.Unlock()
		if fail {
			return 0, syscall.EIO
		}
		return write(p)
	}
}

// within waits for ch to close, and fails the test if it does not soon:
// the set-up did not bring about what the test is about.
func within(t *testing.T, ch <-chan struct{}, otherwise string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal(otherwise)
	}
}

// Within is within, for the package's outside tests.
var Within = within
