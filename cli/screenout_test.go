package cli

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/internal/termout"
)

// TestAFailedFrameAsksForTheWholeScreen: a file is written through
// termout; a write that fails asks the program, without waiting for it,
// to draw the whole screen again. Any other writer is used as is.
func TestAFailedFrameAsksForTheWholeScreen(t *testing.T) {
	for _, wrap := range []struct {
		name string
		of   func(*os.File) io.Writer
	}{
		{"a file", func(f *os.File) io.Writer { return f }},
		{"a file already written through termout", func(f *os.File) io.Writer { return termout.New(f) }},
	} {
		t.Run(wrap.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			r.Close() // nobody reads: writes fail
			release := make(chan struct{})
			sent := make(chan tea.Msg, 4)
			out := screenOutput(wrap.of(w), func(msg tea.Msg) {
				<-release // a program busy elsewhere
				sent <- msg
			})
			if _, ok := out.(*termout.Terminal); !ok {
				t.Fatalf("the file is written as %T", out)
			}
			wrote := make(chan error, 1)
			go func() {
				_, err := out.Write([]byte("frame"))
				wrote <- err
			}()
			select {
			case err := <-wrote:
				if err == nil {
					t.Fatal("a write nobody can read succeeded")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the write waited for the program to take the repaint")
			}
			close(release)
			if msg := <-sent; msg != tea.ClearScreen() {
				t.Fatalf("sent %T, want the whole screen", msg)
			}
		})
	}
	var buf bytes.Buffer
	if out := screenOutput(&buf, nil); out != &buf {
		t.Fatalf("a buffer is written as %T", out)
	}
}

// TestPrintedLinesGoThroughTermout: what commands print waits for a full
// terminal too, instead of losing lines.
func TestPrintedLinesGoThroughTermout(t *testing.T) {
	sys := osSystem()
	for name, w := range map[string]io.Writer{"stdout": sys.stdout, "stderr": sys.stderr} {
		if _, ok := w.(*termout.Terminal); !ok {
			t.Errorf("%s is written as %T", name, w)
		}
	}
}
