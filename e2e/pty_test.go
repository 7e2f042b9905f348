package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/onboardcli/onboard/internal/vt"
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
func baseEnv(t testing.TB, extra ...string) []string {
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
	t          testing.TB
	cmd        *exec.Cmd
	ptm, pts   *os.File
	ptsName    string
	cols, rows int
	before     *unix.Termios
	silent     bool // answer no terminal queries
	demo       bool // `onboard demo`, which starts with what its example businesses left waiting

	mu      sync.Mutex
	out     []byte
	changed chan struct{} // closed, and replaced, when output arrives

	exited chan struct{}
	code   int
	ptsMu  sync.Mutex    // held while the test's side of the terminal is used or closed
	after  *unix.Termios // the terminal's mode when the program exited; set under ptsMu
	// readDone is closed when the reader has everything the program wrote:
	// the test closes its side once the program exits, so the reader ends
	// only when nothing holds the terminal any more.
	readDone chan struct{}
}

// startTTY runs onboard with args in a cols x rows pseudo-terminal that is
// its controlling terminal, stdin, stdout and stderr. The test keeps the
// terminal side open until the program exits, to read its mode then.
func startTTY(t testing.TB, env []string, cols, rows int, args ...string) *tty {
	t.Helper()
	return startTerminal(t, false, env, cols, rows, args...)
}

// startSilentTTY is startTTY on a terminal that answers no queries, like
// many terminals over SSH or inside multiplexers.
func startSilentTTY(t testing.TB, env []string, cols, rows int, args ...string) *tty {
	t.Helper()
	return startTerminal(t, true, env, cols, rows, args...)
}

func startTerminal(t testing.TB, silent bool, env []string, cols, rows int, args ...string) *tty {
	t.Helper()
	ptm, pts, err := openPTY(cols, rows)
	if err != nil {
		t.Fatalf("open pty: %v", err)
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
	tt := &tty{t: t, cmd: cmd, ptm: ptm, pts: pts, ptsName: pts.Name(), cols: cols, rows: rows, before: before, demo: len(args) > 0 && args[0] == "demo",
		silent: silent, changed: make(chan struct{}), exited: make(chan struct{}), readDone: make(chan struct{})}
	go tt.read()
	go tt.reap()
	t.Cleanup(tt.close)
	return tt
}

// openPTY opens a pseudo-terminal of the given size. The test's side is
// made non-blocking, so closing it ends a read in progress: creack/pty
// leaves it in blocking mode, where a read waits for as long as anything
// holds the terminal open and a cleanup waiting for it never returns.
func openPTY(cols, rows int) (ptm, pts *os.File, err error) {
	opened, pts, err := pty.Open()
	if err != nil {
		return nil, nil, err
	}
	defer opened.Close()
	if err := pty.Setsize(opened, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		pts.Close()
		return nil, nil, err
	}
	raw, err := opened.SyscallConn()
	if err != nil {
		pts.Close()
		return nil, nil, err
	}
	fd := -1
	if cerr := raw.Control(func(old uintptr) { fd, err = unix.FcntlInt(old, unix.F_DUPFD_CLOEXEC, 0) }); cerr != nil {
		err = cerr
	}
	if err == nil {
		err = unix.SetNonblock(fd, true)
	}
	if err != nil {
		pts.Close()
		if fd >= 0 {
			unix.Close(fd)
		}
		return nil, nil, err
	}
	// A non-blocking descriptor gets a File the runtime poller serves.
	return os.NewFile(uintptr(fd), "/dev/ptmx"), pts, nil
}

// reap waits for the program, notes its exit code and the terminal's mode,
// then closes the test's side of the terminal so the reader can finish.
func (tt *tty) reap() {
	err := tt.cmd.Wait()
	tt.code = tt.cmd.ProcessState.ExitCode()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		tt.code = -1
	}
	tt.ptsMu.Lock()
	tt.after, _ = unix.IoctlGetTermios(int(tt.pts.Fd()), unix.TCGETS)
	if tt.after == nil {
		tt.after = &unix.Termios{} // unreadable: matches no mode a test expects
	}
	tt.pts.Close()
	tt.pts = nil
	tt.ptsMu.Unlock()
	close(tt.exited)
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
			close(tt.changed)
			tt.changed = make(chan struct{})
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

// cleanupWait bounds each step of the cleanup, so a program or terminal
// that will not let go fails the test instead of hanging the suite.
const cleanupWait = 5 * time.Second

// close ends the program and the terminal. Every wait has a deadline: what
// does not end in time is reported, with who still holds the terminal.
func (tt *tty) close() {
	if tt.Running() {
		// The whole process group: the program is its session's leader,
		// so this takes anything it started along with it.
		_ = syscall.Kill(-tt.cmd.Process.Pid, syscall.SIGKILL)
	}
	select {
	case <-tt.exited:
	case <-time.After(cleanupWait):
		tt.t.Errorf("onboard (pid %d) still runs %s after SIGKILL", tt.cmd.Process.Pid, cleanupWait)
	}
	select {
	case <-tt.readDone:
	case <-time.After(cleanupWait):
		tt.t.Errorf("the terminal was still held open %s after onboard exited: %s", cleanupWait, holders(tt.ptsName))
	}
	// Closing ends the read if it is still waiting.
	tt.ptm.Close()
	select {
	case <-tt.readDone:
	case <-time.After(cleanupWait):
		tt.t.Errorf("the terminal reader did not stop %s after its terminal was closed", cleanupWait)
	}
}

// holders names the processes that have the terminal at path open.
func holders(path string) string {
	var found []string
	procs, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range procs {
		if target, err := os.Readlink(fd); err == nil && target == path {
			pid := strings.Split(fd, "/")[2]
			comm, _ := os.ReadFile("/proc/" + pid + "/comm")
			found = append(found, pid+" ("+strings.TrimSpace(string(comm))+")")
		}
	}
	if len(found) == 0 {
		return "no process has it open"
	}
	return "held by " + strings.Join(slices.Compact(found), ", ")
}

// Output is everything the program wrote to the terminal so far.
func (tt *tty) Output() []byte {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return bytes.Clone(tt.out)
}

// changes is closed when output arrives after this call.
func (tt *tty) changes() <-chan struct{} {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return tt.changed
}

// Screen is the text on the terminal now.
func (tt *tty) Screen() string { return vt.Replay(tt.Output(), tt.cols, tt.rows).Text() }

// Send types keys.
func (tt *tty) Send(keys ...string) {
	tt.t.Helper()
	for _, k := range keys {
		if _, err := tt.ptm.Write([]byte(k)); err != nil {
			tt.t.Fatalf("type %q: %v", k, err)
		}
		if k == keyEsc {
			// Not synchronisation but the input protocol: a terminal tells
			// a lone ESC from the start of a sequence by the pause after it.
			time.Sleep(120 * time.Millisecond)
		}
	}
}

// Type types text one key at a time, as a person would.
func (tt *tty) Type(text string) {
	tt.t.Helper()
	for _, r := range text {
		tt.Send(string(r))
		time.Sleep(5 * time.Millisecond) // a typist's pace: one key per read
	}
}

// WaitFor waits until the screen shows every one of want, and returns it.
func (tt *tty) WaitFor(timeout time.Duration, want ...string) string {
	tt.t.Helper()
	return tt.WaitUntil(timeout, "show "+strings.Join(quoteAll(want), " and "), func(s string) bool {
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
	return tt.WaitUntil(timeout, "show one of "+strings.Join(quoteAll(want), ", "), func(s string) bool {
		for _, w := range want {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	})
}

// WaitUntil waits until ok holds for the screen, and returns it. It looks
// again each time output arrives; at the deadline, or when the program
// exits first, the test fails with the last screen seen.
func (tt *tty) WaitUntil(timeout time.Duration, what string, ok func(screen string) bool) string {
	tt.t.Helper()
	var s string
	tt.WaitOutput(timeout, "the screen would "+what, func(out []byte) bool {
		s = vt.Replay(out, tt.cols, tt.rows).Text()
		return ok(s)
	})
	return s
}

// WaitOutput waits until ok holds for everything the program wrote, such as
// a sequence that draws nothing. It fails the test as WaitUntil does.
func (tt *tty) WaitOutput(timeout time.Duration, what string, ok func(out []byte) bool) {
	tt.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		changed := tt.changes()
		if ok(tt.Output()) {
			return
		}
		select {
		case <-changed:
		case <-tt.exited:
			// Look once more at everything it wrote before giving up.
			select {
			case <-tt.readDone:
			case <-deadline.C:
			}
			if ok(tt.Output()) {
				return
			}
			tt.t.Fatalf("onboard exited (code %d) before %s; screen:\n%s\nraw tail: %q%s", tt.code, what, tt.Screen(), tail(tt.Output(), 600), tt.keep())
		case <-deadline.C:
			tt.t.Fatalf("%s did not happen within %s; screen:\n%s\nraw tail: %q%s", what, timeout, tt.Screen(), tail(tt.Output(), 300), tt.keep())
		}
	}
}

// keep saves everything the program wrote into the directory
// ONBOARD_E2E_KEEP names (e2e/soak.sh sets it), so a screen that went wrong
// once can be replayed byte by byte; it says where, for the failure message.
func (tt *tty) keep() string {
	dir := os.Getenv("ONBOARD_E2E_KEEP")
	if dir == "" {
		return ""
	}
	name := strings.NewReplacer("/", "_", " ", "_", ",", "").Replace(tt.t.Name()) + ".out"
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, tt.Output(), 0o600); err != nil {
		return "\n(output not kept: " + err.Error() + ")"
	}
	return "\nthe whole output is kept in " + path
}

// Wait waits for the program to exit and for everything it wrote, and
// returns its exit code.
func (tt *tty) Wait(timeout time.Duration) int {
	tt.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	select {
	case <-tt.exited:
	case <-deadline.C:
		// Ask the Go runtime for its goroutines, to show where it hangs.
		n := len(tt.Output())
		_ = tt.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-tt.readDone:
		case <-time.After(cleanupWait):
		}
		tt.t.Fatalf("onboard did not exit within %s; screen:\n%s\ngoroutines:\n%s", timeout, tt.Screen(), tt.Output()[n:])
		return -1
	}
	select {
	case <-tt.readDone:
	case <-deadline.C:
		tt.t.Fatalf("onboard exited (code %d) but the terminal was still held open after %s: %s", tt.code, timeout, holders(tt.ptsName))
	}
	return tt.code
}

// Signal sends sig to the program.
func (tt *tty) Signal(sig syscall.Signal) {
	tt.t.Helper()
	if err := tt.cmd.Process.Signal(sig); err != nil {
		tt.t.Fatalf("send %v: %v", sig, err)
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

// Termios is the terminal's mode: now, or as the program left it.
func (tt *tty) Termios() *unix.Termios {
	tt.t.Helper()
	tt.ptsMu.Lock()
	defer tt.ptsMu.Unlock()
	if tt.pts == nil {
		return tt.after
	}
	st, err := unix.IoctlGetTermios(int(tt.pts.Fd()), unix.TCGETS)
	if err != nil {
		tt.t.Fatalf("read termios: %v", err)
	}
	return st
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
