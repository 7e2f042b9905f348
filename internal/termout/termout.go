// Package termout is the terminal a full-screen program draws on, written
// so that a frame is not cut short.
//
// bubbletea's renderer records a frame as shown before it writes it, and
// drops the error if the write fails: the rest of that frame never reaches
// the terminal, and every later frame only draws what changed since, over
// whatever the terminal still shows. A write fails part-way when the
// terminal is non-blocking and reads slowly (a loaded tmux, a slow SSH
// link). The flag is on the open terminal that every program started from
// the same shell inherits, so any one of them may set it while onboard
// draws.
package termout

import (
	"errors"
	"os"
	"sync"
	"syscall"
)

// cancelSequence (CAN) ends an escape sequence a failed write may have cut
// off, so the terminal does not read the next frame as part of it.
const cancelSequence = "\x18"

// Terminal writes to a terminal file, waiting while it is full rather than
// giving up; it reads, and answers Fd, as the file does, so that bubbletea
// still sees a terminal.
type Terminal struct {
	f *os.File
	// write and wait are the file's, and a test's stand-ins.
	write func([]byte) (int, error)
	wait  func() error

	writing sync.Mutex // one frame at a time, each whole

	mu     sync.Mutex
	failed bool   // the last write failed
	redraw func() // asks for the whole screen to be drawn again
}

// New wraps f, which is usually os.Stdout or os.Stderr.
func New(f *os.File) *Terminal {
	return &Terminal{f: f, write: f.Write, wait: func() error { return waitWritable(f) }}
}

// OnDamage sets what is called when the screen may no longer show what the
// program drew: at the first write that fails, and again at the first that
// succeeds after it, when the terminal can take a repaint. fn must not
// block: the renderer calls it while it holds its own lock.
func (t *Terminal) OnDamage(fn func()) {
	t.mu.Lock()
	t.redraw = fn
	t.mu.Unlock()
}

// Write writes all of p, waiting for the terminal to take more whenever it
// is full.
func (t *Terminal) Write(p []byte) (int, error) {
	t.writing.Lock()
	defer t.writing.Unlock()
	t.mu.Lock()
	cut := t.failed
	t.mu.Unlock()
	if cut {
		if _, err := t.writeAll([]byte(cancelSequence)); err != nil {
			t.settle(true)
			return 0, err
		}
	}
	n, err := t.writeAll(p)
	t.settle(err != nil)
	return n, err
}

// writeAll writes p, waiting whenever the terminal is full.
func (t *Terminal) writeAll(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k, err := t.write(p[n:])
		n += k
		if err == nil {
			continue
		}
		if !errors.Is(err, syscall.EAGAIN) {
			return n, err
		}
		if werr := t.wait(); werr != nil {
			return n, errors.Join(err, werr)
		}
	}
	return n, nil
}

// settle records how the write went, and asks for a repaint when that
// changed: the first failure, and the first success after failures.
func (t *Terminal) settle(failed bool) {
	t.mu.Lock()
	changed := failed != t.failed
	t.failed = failed
	fn := t.redraw
	t.mu.Unlock()
	if changed && fn != nil {
		fn()
	}
}

// Read reads from the file.
func (t *Terminal) Read(p []byte) (int, error) { return t.f.Read(p) }

// Fd is the file's descriptor, for the terminal's size and modes.
func (t *Terminal) Fd() uintptr { return t.f.Fd() }

// Close leaves the file open: the terminal belongs to the process, and is
// still written to after the screen is gone.
func (t *Terminal) Close() error { return nil }
