package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyEsc   = "\x1b"
	keyCtrlC = "\x03"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
)

// baseEnv is the environment every run starts from: nothing of the
// developer's own (no key, no clipboard, no browser, no keyring), state in
// a fresh directory, and SSH_TTY set so copying goes through OSC 52 on the
// terminal, where the tests can see it.
func baseEnv(t *testing.T, extra ...string) []string {
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + home + "/.config",
		"XDG_STATE_HOME=" + home + "/.state",
		"ONBOARD_STATE_DIR=" + home + "/state",
		"TERM=xterm-256color",
		"COLORTERM=truecolor",
		"LANG=C.UTF-8",
		"SSH_TTY=/dev/pts/99",
		"SSH_CONNECTION=127.0.0.1 50000 127.0.0.1 22",
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
	}
	return append(env, extra...)
}

// tty is the binary running in a pseudo-terminal.
type tty struct {
	t          *testing.T
	cmd        *exec.Cmd
	ptm, pts   *os.File
	cols, rows int
	before     *unix.Termios
	silent     bool // answer no terminal queries

	mu  sync.Mutex
	out []byte

	exited   chan struct{}
	code     int
	readDone chan struct{}
}

// startTTY runs onboard with args in a cols x rows pseudo-terminal that is
// its controlling terminal, stdin, stdout and stderr. The test keeps the
// terminal side open too, to read its mode after the program exits.
func startTTY(t *testing.T, env []string, cols, rows int, args ...string) *tty {
	t.Helper()
	return startTerminal(t, false, env, cols, rows, args...)
}

// startSilentTTY is startTTY on a terminal that answers no queries, like
// many terminals over SSH or inside multiplexers.
func startSilentTTY(t *testing.T, env []string, cols, rows int, args ...string) *tty {
	t.Helper()
	return startTerminal(t, true, env, cols, rows, args...)
}

func startTerminal(t *testing.T, silent bool, env []string, cols, rows int, args ...string) *tty {
	t.Helper()
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	if err := pty.Setsize(ptm, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		t.Fatalf("size pty: %v", err)
	}
	before, err := unix.IoctlGetTermios(int(pts.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatalf("read termios: %v", err)
	}
	cmd := exec.Command(onboardBin, args...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start onboard: %v", err)
	}
	tt := &tty{t: t, cmd: cmd, ptm: ptm, pts: pts, cols: cols, rows: rows, before: before, silent: silent,
		exited: make(chan struct{}), readDone: make(chan struct{})}
	go tt.read()
	go func() {
		err := cmd.Wait()
		tt.code = cmd.ProcessState.ExitCode()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			tt.code = -1
		}
		close(tt.exited)
	}()
	t.Cleanup(tt.close)
	return tt
}

func (tt *tty) read() {
	defer close(tt.readDone)
	buf := make([]byte, 32<<10)
	for {
		n, err := tt.ptm.Read(buf)
		if n > 0 {
			tt.mu.Lock()
			from := max(0, len(tt.out)-16)
			tt.out = append(tt.out, buf[:n]...)
			replies := ""
			if !tt.silent {
				replies = terminalReplies(tt.out[from:], len(tt.out)-from-n)
			}
			tt.mu.Unlock()
			if replies != "" {
				_, _ = tt.ptm.Write([]byte(replies))
			}
		}
		if err != nil {
			return
		}
	}
}

// terminalReplies answers the queries a real terminal answers (the
// background colour, the device attributes), found in chunk at or after
// offset fresh, so the program behaves as it would for a person.
func terminalReplies(chunk []byte, fresh int) string {
	var replies strings.Builder
	for _, q := range []struct{ query, reply string }{
		{"\x1b]11;?\a", "\x1b]11;rgb:1c1c/1c1c/1c1c\a"},
		{"\x1b]11;?\x1b\\", "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\"},
		{"\x1b[c", "\x1b[?62;22c"},
	} {
		for i := 0; ; {
			j := bytes.Index(chunk[i:], []byte(q.query))
			if j < 0 {
				break
			}
			if i+j+len(q.query) > fresh {
				replies.WriteString(q.reply)
			}
			i += j + len(q.query)
		}
	}
	return replies.String()
}

func (tt *tty) close() {
	select {
	case <-tt.exited:
	default:
		_ = tt.cmd.Process.Kill()
		<-tt.exited
	}
	tt.ptm.Close()
	tt.pts.Close()
	<-tt.readDone
}

// Output is everything the program wrote to the terminal so far.
func (tt *tty) Output() []byte {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return bytes.Clone(tt.out)
}

// Screen is the text on the terminal now.
func (tt *tty) Screen() string { return replay(tt.Output(), tt.cols, tt.rows).Text() }

// Send types keys.
func (tt *tty) Send(keys ...string) {
	tt.t.Helper()
	for _, k := range keys {
		if _, err := tt.ptm.Write([]byte(k)); err != nil {
			tt.t.Fatalf("type %q: %v", k, err)
		}
		if k == keyEsc {
			// A lone ESC is told from the start of a sequence by a pause.
			time.Sleep(120 * time.Millisecond)
		}
	}
}

// Type types text one key at a time, as a person would.
func (tt *tty) Type(text string) {
	tt.t.Helper()
	for _, r := range text {
		tt.Send(string(r))
		time.Sleep(5 * time.Millisecond)
	}
}

// WaitFor waits until the screen shows every one of want, and returns it.
func (tt *tty) WaitFor(timeout time.Duration, want ...string) string {
	tt.t.Helper()
	return tt.waitScreen(timeout, "show "+strings.Join(quoteAll(want), " and "), func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// WaitForAny waits until the screen shows one of want, and returns it.
func (tt *tty) WaitForAny(timeout time.Duration, want ...string) string {
	tt.t.Helper()
	return tt.waitScreen(timeout, "show one of "+strings.Join(quoteAll(want), ", "), func(s string) bool {
		for _, w := range want {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	})
}

func (tt *tty) waitScreen(timeout time.Duration, what string, ok func(string) bool) string {
	tt.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := tt.Screen()
		if ok(s) {
			return s
		}
		select {
		case <-tt.exited:
			s = tt.Screen()
			if ok(s) {
				return s
			}
			tt.t.Fatalf("onboard exited (code %d) before the screen would %s; screen:\n%s\nraw tail: %q", tt.code, what, s, tail(tt.Output(), 600))
		default:
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("the screen did not %s within %s; screen:\n%s", what, timeout, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Wait waits for the program to exit and returns its exit code.
func (tt *tty) Wait(timeout time.Duration) int {
	tt.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case <-tt.exited:
			// What the program wrote last may still be in the pty's buffer.
			tt.settle(100*time.Millisecond, 2*time.Second)
			return tt.code
		case <-time.After(1500 * time.Millisecond):
			// After the TUI, fang asks for the background colour; now and
			// then the answer goes astray and its read of stdin blocks
			// (lipgloss.queryTerminal) until more input comes. Answer
			// again, as a person's key press would release it.
			if !tt.silent {
				_, _ = tt.ptm.Write([]byte("\x1b]11;rgb:1c1c/1c1c/1c1c\a\x1b[?62;22c"))
			}
			continue
		case <-deadline:
			// Ask the Go runtime for its goroutines, to show where it hangs.
			n := len(tt.Output())
			_ = tt.cmd.Process.Signal(syscall.SIGQUIT)
			tt.settle(200*time.Millisecond, 3*time.Second)
			tt.t.Fatalf("onboard did not exit within %s; screen:\n%s\ngoroutines:\n%s", timeout, tt.Screen(), tt.Output()[n:])
			return -1
		}
	}
}

// Running reports whether the program has not exited yet.
func (tt *tty) Running() bool {
	select {
	case <-tt.exited:
		return false
	default:
		return true
	}
}

// Termios is the terminal's mode now.
func (tt *tty) Termios() *unix.Termios {
	tt.t.Helper()
	st, err := unix.IoctlGetTermios(int(tt.pts.Fd()), unix.TCGETS)
	if err != nil {
		tt.t.Fatalf("read termios: %v", err)
	}
	return st
}

// settle waits until no output has arrived for quiet, at most max.
func (tt *tty) settle(quiet, max time.Duration) {
	deadline := time.Now().Add(max)
	last := len(tt.Output())
	still := time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if n := len(tt.Output()); n != last {
			last, still = n, time.Now()
		} else if time.Since(still) >= quiet {
			return
		}
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = `"` + s + `"`
	}
	return out
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
