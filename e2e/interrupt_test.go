package e2e

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/onboardcli/onboard/api/sandbox"
)

// exitInterrupted is the documented exit code for ctrl+c.
const exitInterrupted = 130

// assertRestored checks what a person's shell needs after onboard exits
// (call it after Wait): every terminal mode the program turned on is turned
// off again after it was last turned on (the alternate screen left, the
// cursor shown, bracketed paste and the keyboard enhancements off), and the
// terminal is back in the mode it was in, with line editing and echo.
// Nothing can be written after exit: Wait returns only once nothing holds
// the terminal any more.
func assertRestored(t *testing.T, tt *tty) {
	t.Helper()
	out := tt.Output()
	for _, m := range terminalModes {
		on := lastMatch(out, m.on)
		if on < 0 {
			continue // never turned on
		}
		if off := bytes.LastIndex(out, []byte(m.off)); off < on {
			t.Errorf("%s was left on (no %q after the last %q); tail %q", m.name, m.off, m.on, tail(out, 300))
		}
	}
	after := tt.Termios()
	if !sameMode(tt.before, after) {
		t.Errorf("terminal mode not restored: lflag %#x -> %#x, iflag %#x -> %#x, oflag %#x -> %#x",
			tt.before.Lflag, after.Lflag, tt.before.Iflag, after.Iflag, tt.before.Oflag, after.Oflag)
	}
	if after.Lflag&unix.ICANON == 0 || after.Lflag&unix.ECHO == 0 {
		t.Errorf("terminal left without line editing or echo (lflag %#x)", after.Lflag)
	}
}

// terminalModes are the modes the TUI turns on (a pattern), with the
// sequence that turns each off.
var terminalModes = []struct {
	name string
	on   *regexp.Regexp
	off  string
}{
	{"the alternate screen", regexp.MustCompile(`\x1b\[\?1049h`), "\x1b[?1049l"},
	{"the hidden cursor", regexp.MustCompile(`\x1b\[\?25l`), "\x1b[?25h"},
	{"bracketed paste", regexp.MustCompile(`\x1b\[\?2004h`), "\x1b[?2004l"},
	{"modifyOtherKeys", regexp.MustCompile(`\x1b\[>4;[12]m`), "\x1b[>4m"},
	{"the kitty keyboard protocol", regexp.MustCompile(`\x1b\[>[0-9]+u`), "\x1b[<1u"},
}

// lastMatch is where the last match of re in out starts, or -1.
func lastMatch(out []byte, re *regexp.Regexp) int {
	all := re.FindAllIndex(out, -1)
	if len(all) == 0 {
		return -1
	}
	return all[len(all)-1][0]
}

func sameMode(a, b *unix.Termios) bool {
	return a.Iflag == b.Iflag && a.Oflag == b.Oflag && a.Lflag == b.Lflag && a.Cflag == b.Cflag && a.Cc == b.Cc
}

// place is somewhere in the journey a person can be stopped: on a screen,
// or while something is under way.
type place struct {
	name  string
	setup func(*codat) // knobs on the sandbox, before onboard starts
	reach func(*tty)
	// remembered is the company the pending store must hold after exit
	// ("" when nothing was handed on yet).
	remembered string
	demo       bool // reachable in the demo too (no sandbox knobs needed)
}

// journeyPlaces are every screen of the journey and every wait in it.
var journeyPlaces = []place{
	{name: "company, empty", demo: true, reach: func(tt *tty) { tt.atCompany() }},
	{name: "company, searching", setup: func(c *codat) { c.sb.SetLatency("GET /companies", 3*time.Second) },
		reach: func(tt *tty) {
			tt.WaitFor(step, titleCompany)
			tt.Type("Slow")
			tt.WaitFor(step, "Looking for companies")
		}},
	{name: "creating company", setup: func(c *codat) { c.sb.SetLatency("POST /companies", 3*time.Second) },
		reach: func(tt *tty) {
			tt.WaitFor(step, titleCompany)
			tt.Type("Create Wait")
			tt.WaitFor(step, `Create a new company "Create Wait"`)
			tt.Send(keyEnter)
			tt.WaitFor(step, "Setting up the company")
		}},
	{name: "consent", demo: true, reach: func(tt *tty) { tt.toConsent("Consent Co") }},
	{name: "category", demo: true, reach: func(tt *tty) { tt.toCategory("Category Co") }},
	{name: "loading platforms", setup: func(c *codat) { c.sb.SetLatency("GET /integrations", 3*time.Second) },
		reach: func(tt *tty) {
			tt.toCategory("Loading Co")
			tt.Send(keyEnter)
			tt.WaitFor(step, "Loading Accounting platforms")
		}},
	{name: "platform", demo: true, reach: func(tt *tty) { tt.toPlatform("Platform Co") }},
	{name: "sign in", demo: true, reach: func(tt *tty) { tt.toSignIn("Sign In Co") }},
	{name: "authorize, waiting for the link", demo: true, reach: func(tt *tty) { tt.toAuthorize("Authorize Co") },
		remembered: "Authorize Co"},
	{name: "delegate", demo: true, reach: func(tt *tty) { tt.toDelegate("Delegate Co") }},
	{name: "help", demo: true, reach: func(tt *tty) {
		tt.toCategory("Help Co")
		tt.Send("?")
		tt.WaitFor(step, "any key: close help")
	}},
	{name: "problem shown", setup: func(c *codat) { c.sb.FailNext("POST /companies", 1, 503) },
		reach: func(tt *tty) {
			tt.WaitFor(step, titleCompany)
			tt.Type("Broken Co")
			tt.WaitFor(step, `Create a new company "Broken Co"`)
			tt.Send(keyEnter)
			tt.WaitFor(step, problemPrefix)
		}},
}

// TestInterruptEverywhere presses ctrl+c on every screen and during every
// wait (and sends SIGINT at one): onboard exits 130 and leaves the terminal
// as it found it.
func TestInterruptEverywhere(t *testing.T) {
	t.Parallel()
	cases := append(slices.Clone(journeyPlaces),
		place{name: "authorize, SIGINT", reach: func(tt *tty) { tt.toAuthorize("Signal Co") }})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
				c := startSandbox(t, opts)
				if tc.setup != nil {
					tc.setup(c)
				}
				tt := startTTY(t, c.env(t), 100, 30)
				tc.reach(tt)
				if strings.HasSuffix(tc.name, "SIGINT") {
					tt.Signal(syscall.SIGINT)
				} else {
					tt.Send(keyCtrlC)
				}
				if code := tt.Wait(exitWait); code != exitInterrupted {
					t.Errorf("exit code %d, want %d; screen:\n%s", code, exitInterrupted, tt.Screen())
				}
				assertRestored(t, tt)
			})
		})
	}
}

// TestInterruptDemo covers the built-in sandbox, which runs inside the
// binary and must stop with it.
func TestInterruptDemo(t *testing.T) {
	t.Parallel()
	tt := startTTY(t, baseEnv(t), 80, 24, "demo")
	tt.toAuthorize("Demo Co")
	tt.Send(keyCtrlC)
	if code := tt.Wait(exitWait); code != exitInterrupted {
		t.Errorf("exit code %d, want %d", code, exitInterrupted)
	}
	assertRestored(t, tt)
}

// TestExitWithSilentTerminal quits on a terminal that answers no queries:
// onboard must still exit after ctrl+c, asking nothing it would wait for.
func TestExitWithSilentTerminal(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
		c := startSandbox(t, opts)
		tt := startSilentTTY(t, c.env(t), 100, 30)
		tt.WaitFor(step, titleCompany)
		tt.Send(keyCtrlC)
		if code := tt.Wait(exitWait); code != exitInterrupted {
			t.Errorf("exit code %d, want %d", code, exitInterrupted)
		}
	})
}
