package termout_test

import (
	"fmt"
	"io"
	"os"
	"strings"
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
// screen.
func TestAFrameTheTerminalCouldNotTakeStillArrives(t *testing.T) {
	for _, tc := range []struct {
		name  string
		whole bool
	}{
		{"written to the file alone, the old screen stays", false},
		{"written through the terminal, the new screen shows", true},
	} {
		t.Run(tc.name, func(t *testing.T) { showAfterAStall(t, tc.whole) })
	}
}

func showAfterAStall(t *testing.T, whole bool) {
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer m.Close()
	defer s.Close()
	if err := pty.Setsize(m, &pty.Winsize{Cols: cols, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	fd := int(s.Fd())
	dup, err := unix.Dup(fd)
	if err != nil {
		t.Fatal(err)
	}
	out := os.NewFile(uintptr(dup), "/dev/pts/test") // as stdout is: blocking when opened
	defer out.Close()

	// Everything read so far, replayed whole: a read may end inside an
	// escape sequence.
	var stream []byte
	buf := make([]byte, 32<<10)
	text := func() string { return vt.Replay(stream, cols, rows).Text() }
	// waitFor reads what the program wrote until the terminal shows what ok
	// looks for; between calls nothing is read, as a stalled terminal.
	waitFor := func(what string, ok func(string) bool, want string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; {
			got := readReady(t, m, buf)
			stream = append(stream, got...)
			if len(got) == 0 && ok(text()) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the terminal shows\n%s\n\nwant\n%s", what, text(), want)
			}
		}
	}
	is := func(want string) func(string) bool { return func(got string) bool { return got == want } }

	opts := []tea.ProgramOption{tea.WithInput(nil), tea.WithoutSignals(),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithColorProfile(colorprofile.TrueColor)}
	term := termout.New(out)
	if whole {
		opts = append(opts, tea.WithOutput(term))
	} else {
		opts = append(opts, tea.WithOutput(out))
	}
	p := tea.NewProgram(screens{frame: listScreen()}, opts...)
	term.OnLost(func() { go p.Send(tea.ClearScreen()) })
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	defer func() {
		go func() { _, _ = io.Copy(io.Discard, m) }() // the last frame has somewhere to go
		p.Quit()
		<-done
	}()

	list := plain(listScreen())
	waitFor("the list", is(list), list)
	if err := unix.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	p.Send(show(waitScreen("0:01")))
	waitStuck(t, m)
	if whole {
		first := plain(waitScreen("0:01"))
		waitFor("the wait", is(first), first)
	} else {
		// What was lost is lost: read what did arrive.
		for quiet := 0; quiet < 10; quiet++ {
			if got := readReady(t, m, buf); len(got) > 0 {
				stream, quiet = append(stream, got...), 0
			}
		}
	}
	p.Send(show(waitScreen("0:02")))
	want := plain(waitScreen("0:02"))
	if whole {
		waitFor("the wait, a second later", is(want), want)
		return
	}
	waitFor("the clock", func(got string) bool { return strings.Contains(got, "0:02") }, "0:02")
	if text() == want {
		t.Fatal("the set-up does not show the fault: the file alone lost nothing")
	}
}

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

// waitStuck waits until the terminal holds output nobody has read and no
// more arrives.
func waitStuck(t *testing.T, m *os.File) {
	t.Helper()
	last := -1
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCINQ)
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

func plain(frame string) string {
	lines := strings.Split(ansi.Strip(frame), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}
