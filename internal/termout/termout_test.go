package termout

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

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

// waitFull waits until the terminal holds output nobody has read, and no
// more arrives: the writer is stuck, or gave up.
func waitFull(t *testing.T, master *os.File) {
	t.Helper()
	last := -1
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCINQ)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 && n == last {
			return
		}
		last = n
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the terminal never filled")
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
			go func() { n, err := w.Write(frame); done <- result{n, err} }()
			waitFull(t, master)
			if !tc.whole {
				if r := <-done; !errors.Is(r.err, syscall.EAGAIN) {
					t.Fatalf("the set-up does not show the fault: wrote %d, %v", r.n, r.err)
				}
				return
			}
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

func TestALostWriteAsksForOneRepaint(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r.Close() // nobody reads: every write fails
	asked := 0
	term := New(w)
	term.OnLost(func() { asked++ })
	for range 3 {
		if _, err := term.Write([]byte("frame")); err == nil {
			t.Fatal("a write nobody can read succeeded")
		}
	}
	if asked != 1 {
		t.Fatalf("asked for %d repaints after three failed writes; want 1", asked)
	}
}
