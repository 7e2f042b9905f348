// Package termout is the terminal a full-screen program draws on, written
// so that no frame is lost part-way.
//
// bubbletea's renderer records a frame as shown before it writes it, and
// drops the error if the write fails: the rest of that frame never reaches
// the terminal, and every later frame only draws what changed since, over
// whatever the terminal still shows. A write fails part-way when the
// terminal is non-blocking and reads slowly (a loaded tmux, a slow SSH
// link): the flag belongs to the terminal, shared by every program that
// runs in it, so any one of them may set it while onboard draws.
package termout

import (
	"errors"
	"os"
	"sync"
	"syscall"
)

// Terminal writes to a terminal file, waiting while it is full rather than
// giving up; it reads, and answers Fd, as the file does, so that bubbletea
// still sees a terminal.
type Terminal struct {
	f *os.File

	mu     sync.Mutex
	lost   bool   // a write failed and no repaint has been asked for since
	onLost func() // asks for the whole screen to be drawn again
}

// New wraps f, which is usually os.Stdout or os.Stderr.
func New(f *os.File) *Terminal { return &Terminal{f: f} }

// OnLost sets what is called, once until a write succeeds again, when
// part of a frame could not be written: the program should draw the
// whole screen again.
func (t *Terminal) OnLost(fn func()) {
	t.mu.Lock()
	t.onLost = fn
	t.mu.Unlock()
}

// Write writes all of p, waiting for the terminal to take more whenever it
// is full.
func (t *Terminal) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k, err := t.f.Write(p[n:])
		n += k
		if err == nil {
			continue
		}
		if errors.Is(err, syscall.EAGAIN) && waitWritable(t.f) == nil {
			continue
		}
		t.lose()
		return n, err
	}
	t.mu.Lock()
	t.lost = false
	t.mu.Unlock()
	return n, nil
}

// lose asks for a repaint, once for a run of failed writes: a terminal
// that is gone would fail every repaint too.
func (t *Terminal) lose() {
	t.mu.Lock()
	fn, first := t.onLost, !t.lost
	t.lost = true
	t.mu.Unlock()
	if first && fn != nil {
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
