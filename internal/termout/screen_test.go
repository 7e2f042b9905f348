//go:build linux

package termout_test

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/onboardcli/onboard/internal/termout"
	"github.com/onboardcli/onboard/internal/vt"
)

const cols, rows = 120, 40

// screens is a program that shows one of its frames at a time.
type screens struct{ frame string }

type show string

func (s screens) Init() tea.Cmd { return nil }
func (s screens) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if f, ok := msg.(show); ok {
		s.frame = string(f)
	}
	return s, nil
}
func (s screens) View() tea.View {
	v := tea.NewView(s.frame)
	v.AltScreen = true
	return v
}

// listScreen is a list such as the company step shows.
func listScreen() string {
	var b strings.Builder
	for i := range rows {
		fmt.Fprintf(&b, "  company %02d  Acme Trading Ltd, picked up from an earlier session\n", i)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// waitScreen is a screen of many colours, far more output than a terminal
// holds unread; clock is the part that changes while it waits.
func waitScreen(clock string) string {
	var b strings.Builder
	b.WriteString("Waiting for the link to be used… " + clock + "\n")
	for y := 1; y < rows; y++ {
		for x := range cols - 1 {
			st := lipgloss.NewStyle().Foreground(lipgloss.Color(fmt.Sprintf("#%02x%02x%02x", x*2, y*6, (x*y)%256)))
			b.WriteString(st.Render(string(rune('a' + (x+y)%26))))
		}
		if y < rows-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestAFrameTheTerminalCouldNotTakeStillArrives: the terminal stops reading
// while the screen changes (a loaded machine, a slow link), and another
// program has made it non-blocking. Once it reads again, it shows the new
// screen and then what changes on it, not what changes drawn over the old
// screen. Written to the file alone, the old screen stays: the fault this
// package is for.
func TestAFrameTheTerminalCouldNotTakeStillArrives(t *testing.T) {
	t.Run("written to the file alone, the old screen stays", func(t *testing.T) {
		pt := openPTY(t)
		out := &failureSignal{File: pt.out, failed: make(chan struct{})}
		p := pt.run(t, out)
		pt.stall(t, p)
		termout.Within(t, out.failed, "the set-up does not show the fault: no write failed")
		pt.readWhatArrived(t)
		p.Send(show(waitScreen("0:02")))
		pt.waitFor(t, "the clock", func(got string) bool { return strings.Contains(got, "0:02") }, "0:02")
		if pt.text() == plain(waitScreen("0:02")) {
			t.Fatal("the set-up does not show the fault: the file alone lost nothing")
		}
	})
	t.Run("written through the terminal, the new screen shows", func(t *testing.T) {
		pt := openPTY(t)
		term := termout.New(pt.out)
		waiting := termout.Waiting(term)
		p := pt.run(t, term)
		pt.stall(t, p)
		termout.Within(t, waiting, "the terminal never filled")
		first := plain(waitScreen("0:01"))
		pt.waitFor(t, "the wait", is(first), first)
		p.Send(show(waitScreen("0:02")))
		want := plain(waitScreen("0:02"))
		pt.waitFor(t, "the wait, a second later", is(want), want)
	})
}

// TestAFailedWriteHasTheScreenDrawnAgain: a frame that could not be written
// at all is drawn again, whole, with nothing else changing on screen.
func TestAFailedWriteHasTheScreenDrawnAgain(t *testing.T) {
	pt := openPTY(t)
	term := termout.New(pt.out)
	var p *tea.Program
	term.OnDamage(func() { go p.Send(tea.ClearScreen()) })
	p = pt.run(t, term)
	termout.FailWrites(term, 1)
	p.Send(show(waitScreen("0:01")))
	want := plain(waitScreen("0:01"))
	pt.waitFor(t, "the wait", is(want), want)
}

// failureSignal is the terminal file, which says when a write first fails.
type failureSignal struct {
	*os.File
	once   sync.Once
	failed chan struct{}
}

func (f *failureSignal) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	if err != nil {
		f.once.Do(func() { close(f.failed) })
	}
	return n, err
}

// ptyScreen is a pseudo-terminal whose output is read into a terminal
// emulator only when a test asks, as a terminal that stalls.
type ptyScreen struct {
	m, out *os.File
	fd     int    // the terminal side, shared with out
	stream []byte // everything read so far
	buf    []byte
}

func openPTY(t *testing.T) *ptyScreen {
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	if err := pty.Setsize(m, &pty.Winsize{Cols: cols, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	fd := int(s.Fd())
	dup, err := unix.Dup(fd)
	if err != nil {
		t.Fatal(err)
	}
	out := os.NewFile(uintptr(dup), "/dev/pts/test") // as stdout is: blocking when opened
	t.Cleanup(func() { out.Close() })
	return &ptyScreen{m: m, out: out, fd: fd, buf: make([]byte, 32<<10)}
}

// run starts the program on output, showing the list, and stops it when
// the test ends.
func (pt *ptyScreen) run(t *testing.T, output io.Writer) *tea.Program {
	p := tea.NewProgram(screens{frame: listScreen()}, tea.WithOutput(output), tea.WithInput(nil), tea.WithoutSignals(),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithColorProfile(colorprofile.TrueColor))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	t.Cleanup(func() {
		go func() { _, _ = io.Copy(io.Discard, pt.m) }() // the last frame has somewhere to go
		p.Quit()
		<-done
	})
	list := plain(listScreen())
	pt.waitFor(t, "the list", is(list), list)
	return p
}

// stall makes the terminal non-blocking, as another program may, and has
// the program change screens while nothing reads it.
func (pt *ptyScreen) stall(t *testing.T, p *tea.Program) {
	if err := unix.SetNonblock(pt.fd, true); err != nil {
		t.Fatal(err)
	}
	p.Send(show(waitScreen("0:01")))
}

// text is the screen: everything read so far, replayed whole, as a read
// may end inside an escape sequence.
func (pt *ptyScreen) text() string { return vt.Replay(pt.stream, cols, rows).Text() }

// waitFor reads what the program wrote until the screen shows what ok
// looks for.
func (pt *ptyScreen) waitFor(t *testing.T, what string, ok func(string) bool, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		got := readReady(t, pt.m, pt.buf)
		pt.stream = append(pt.stream, got...)
		if len(got) == 0 && ok(pt.text()) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the terminal shows\n%s\n\nwant\n%s", what, pt.text(), want)
		}
	}
}

// readWhatArrived reads until the terminal holds nothing more.
func (pt *ptyScreen) readWhatArrived(t *testing.T) {
	for got := readReady(t, pt.m, pt.buf); len(got) > 0; got = readReady(t, pt.m, pt.buf) {
		pt.stream = append(pt.stream, got...)
	}
}

func is(want string) func(string) bool { return func(got string) bool { return got == want } }

// readReady reads what m holds, waiting a little for something to arrive.
func readReady(t *testing.T, m *os.File, buf []byte) []byte {
	fds := []unix.PollFd{{Fd: int32(m.Fd()), Events: unix.POLLIN}}
	if n, err := unix.Poll(fds, 20); err != nil || n == 0 {
		return nil
	}
	n, err := unix.Read(int(m.Fd()), buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf[:n]
}

func plain(frame string) string {
	lines := strings.Split(ansi.Strip(frame), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}
