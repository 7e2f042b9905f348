//go:build linux

package termout

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync"
	"syscall"
	"testing"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// stdioLike opens a pseudo-terminal and returns its controlling side and
// its terminal side as a program's stdout is: opened blocking, so Go does
// not wait on it. The terminal is then made non-blocking, as another
// program sharing it may do at any time.
func stdioLike(t *testing.T) (master, term *os.File) {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	if err := pty.Setsize(m, &pty.Winsize{Cols: 120, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	fd := int(s.Fd()) // blocking from here on
	dup, err := unix.Dup(fd)
	if err != nil {
		t.Fatal(err)
	}
	term = os.NewFile(uintptr(dup), "/dev/pts/test")
	t.Cleanup(func() { term.Close() })
	if err := unix.SetNonblock(fd, true); err != nil { // the description both share
		t.Fatal(err)
	}
	return m, term
}

// readAll reads the controlling side into a buffer until it has want bytes.
func readAll(master *os.File, want int) []byte {
	var got bytes.Buffer
	buf := make([]byte, 64<<10)
	for got.Len() < want {
		n, err := master.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return got.Bytes()
}

func TestAFullTerminalTakesTheRestOnceItReads(t *testing.T) {
	frame := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB, far more than a terminal holds
	for _, tc := range []struct {
		name  string
		wrap  bool
		whole bool
	}{
		{"the file alone gives up part-way", false, false},
		{"the terminal waits", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			master, term := stdioLike(t)
			var w io.Writer = term
			if tc.wrap {
				w = New(term)
			}
			type result struct {
				n   int
				err error
			}
			done := make(chan result, 1)
			var waiting <-chan struct{}
			if tc.wrap {
				waiting = Waiting(w.(*Terminal))
			}
			go func() { n, err := w.Write(frame); done <- result{n, err} }()
			if !tc.whole {
				if r := <-done; !errors.Is(r.err, syscall.EAGAIN) {
					t.Fatalf("the set-up does not show the fault: wrote %d, %v", r.n, r.err)
				}
				return
			}
			within(t, waiting, "the terminal never filled") // the write waits
			var got []byte
			var wg sync.WaitGroup
			wg.Go(func() { got = readAll(master, len(frame)) })
			r := <-done
			if r.err != nil || r.n != len(frame) {
				t.Fatalf("wrote %d of %d: %v", r.n, len(frame), r.err)
			}
			wg.Wait()
			if !bytes.Equal(got, frame) {
				t.Fatalf("the terminal got %d bytes, not the %d written", len(got), len(frame))
			}
		})
	}
}

// TestDamageAsksForARepaintWhenItStartsAndEnds: the first failed write
// asks for the whole screen, as does the first that works after failures;
// a write after a failure first ends any escape sequence it cut off.
func TestDamageAsksForARepaintWhenItStartsAndEnds(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	term := New(w)
	asked := 0
	term.OnDamage(func() { asked++ })
	FailWrites(term, 3)
	for range 3 {
		if _, err := term.Write([]byte("frame")); !errors.Is(err, syscall.EIO) {
			t.Fatalf("a failing write reported %v", err)
		}
	}
	if asked != 1 {
		t.Fatalf("three failed writes asked for %d repaints; want 1", asked)
	}
	for range 2 {
		if n, err := term.Write([]byte("frame")); err != nil || n != 5 {
			t.Fatalf("wrote %d: %v", n, err)
		}
	}
	if asked != 2 {
		t.Fatalf("after the terminal came back, %d repaints were asked for; want 2", asked)
	}
	got := make([]byte, 64)
	n, _ := r.Read(got)
	if want := cancelSequence + "frameframe"; string(got[:n]) != want {
		t.Fatalf("the terminal got %q, want %q", got[:n], want)
	}
}
