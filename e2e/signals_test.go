package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/onboardcli/onboard/api/sandbox"
)

// stopSignals are the signals that must end onboard as ctrl+c does, with
// the exit code the shells give them (128 + the signal's number), as
// README and --help document.
var stopSignals = []struct {
	name string
	sig  syscall.Signal
	code int
}{
	{"SIGTERM", syscall.SIGTERM, 143},
	{"SIGHUP", syscall.SIGHUP, 129},
}

// sessionHookURL is the public URL onboard registers with Codat as the
// session's webhook consumer. Nothing listens there: the sandbox's
// deliveries to it fail at once, on loopback.
const sessionHookURL = "https://127.0.0.1:9/onboard-webhooks"

// withSessionHook is the environment and flags that make onboard register a
// webhook consumer with the sandbox for the session.
// The strict profile has no sandbox-wide secret (as Codat has none): any
// well-formed one does, since nothing is delivered there.
func (c *codat) withSessionHook(t *testing.T) (env []string, flags []string) {
	secret := c.sb.WebhookSecret()
	if secret == "" {
		secret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("a secret of no endpoint at all"))
	}
	return c.env(t, "CODAT_WEBHOOK_SECRET="+secret), []string{"--webhook-url", sessionHookURL}
}

// assertOneSessionHook checks that onboard has registered its consumer, so
// that finding none after exit means it was removed.
func (c *codat) assertOneSessionHook(t *testing.T) {
	t.Helper()
	// The set-up runs while the first screen shows, so it may still be
	// under way when that screen is reached.
	waitUntil(t, step, "onboard to register its session's consumer", func() bool {
		all, err := c.client.ListWebhookConsumers(t.Context())
		return err == nil && len(all) == 1 && all[0].URL == sessionHookURL
	})
}

func (c *codat) assertNoSessionHook(t *testing.T) {
	t.Helper()
	all, err := c.client.ListWebhookConsumers(t.Context())
	if err != nil {
		t.Fatalf("list the sandbox's webhook consumers: %v", err)
	}
	if len(all) != 0 {
		t.Errorf("webhook consumers left in Codat after onboard stopped: %+v", all)
	}
}

// assertRemembered checks the pending store in env's state directory holds
// an onboarding for company.
func assertRemembered(t *testing.T, env []string, company string) {
	t.Helper()
	dir := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "ONBOARD_STATE_DIR="); ok {
			dir = v
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "onboardings.json"))
	if err != nil || !strings.Contains(string(b), `"`+company+`"`) {
		t.Errorf("the pending store does not hold %q (err %v):\n%s", company, err, b)
	}
}

// assertSignalExit waits for onboard to exit after sig and checks the code
// and the terminal.
func assertSignalExit(t *testing.T, tt *tty, name string, code int) {
	t.Helper()
	if got := tt.Wait(exitWait); got != code {
		t.Errorf("exit code %d after %s, want %d; screen:\n%s", got, name, code, tt.Screen())
	}
	assertRestored(t, tt)
}

// TestStopSignalsEverywhere sends SIGTERM and SIGHUP on every screen and
// during every wait of the TUI, with a webhook consumer registered for the
// session: onboard exits 143 or 129, leaves the terminal as it found it,
// removes the consumer from Codat and writes what was handed on. The demo
// (no key, the sandbox inside onboard) is stopped on every screen it has.
func TestStopSignalsEverywhere(t *testing.T) {
	t.Parallel()
	for _, s := range stopSignals {
		for _, p := range journeyPlaces {
			t.Run(s.name+"/"+p.name, func(t *testing.T) {
				t.Parallel()
				eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
					c := startSandbox(t, opts)
					if p.setup != nil {
						p.setup(c)
					}
					env, flags := c.withSessionHook(t)
					tt := startTTY(t, env, 100, 30, flags...)
					p.reach(tt)
					c.assertOneSessionHook(t)
					tt.Signal(s.sig)
					assertSignalExit(t, tt, s.name, s.code)
					c.assertNoSessionHook(t)
					if p.remembered != "" {
						assertRemembered(t, env, p.remembered)
					}
				})
			})
			if !p.demo {
				continue
			}
			t.Run(s.name+"/demo/"+p.name, func(t *testing.T) {
				t.Parallel()
				tt := startTTY(t, baseEnv(t), 100, 30, "demo")
				p.reach(tt)
				tt.Signal(s.sig)
				assertSignalExit(t, tt, s.name, s.code)
			})
		}
	}
}

// accessiblePlaces are the prompts of the accessible mode, and its wait.
var accessiblePlaces = []struct {
	name  string
	reach func(*tty)
	// remembered as in place
	remembered string
}{
	{name: "company question", reach: func(tt *tty) { tt.WaitFor(step, titleCompany) }},
	{name: "consent question", reach: func(tt *tty) {
		tt.WaitFor(step, titleCompany)
		tt.Send("Plain Co" + keyEnter)
		tt.WaitFor(step, "what sharing means", "[y/N]")
	}},
	{name: "waiting for the link", remembered: "Plain Wait Co", reach: func(tt *tty) {
		tt.WaitFor(step, titleCompany)
		tt.Send("Plain Wait Co" + keyEnter)
		tt.WaitFor(step, "what sharing means", "[y/N]")
		tt.Send("y" + keyEnter)
		tt.WaitFor(step, "1. Accounting")
		tt.Send("1" + keyEnter)
		s := tt.WaitFor(step, ". Codat Sandbox")
		n := regexp.MustCompile(`(\d+)\. Codat Sandbox`).FindStringSubmatch(s)
		tt.Send(n[1] + keyEnter)
		tt.WaitFor(step, "Can you sign in")
		tt.Send("y" + keyEnter)
		tt.WaitFor(step, "1. Wait here until it is linked")
		tt.Send("1" + keyEnter)
		tt.WaitFor(step, "Press ctrl+c to stop waiting")
	}},
}

// TestStopSignalsInAccessibleMode sends SIGTERM and SIGHUP while a prompt of
// the accessible mode waits for an answer, and during its wait: the same
// exit codes, the terminal as it was, the consumer removed.
func TestStopSignalsInAccessibleMode(t *testing.T) {
	t.Parallel()
	for _, s := range stopSignals {
		for _, p := range accessiblePlaces {
			t.Run(s.name+"/"+p.name, func(t *testing.T) {
				t.Parallel()
				eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
					c := startSandbox(t, opts)
					env, flags := c.withSessionHook(t)
					tt := startTTY(t, env, 100, 30, append(flags, "--accessible")...)
					p.reach(tt)
					c.assertOneSessionHook(t)
					tt.Signal(s.sig)
					assertSignalExit(t, tt, s.name, s.code)
					c.assertNoSessionHook(t)
					if p.remembered != "" {
						assertRemembered(t, env, p.remembered)
					}
				})
			})
		}
	}
}

// TestStopSignalsAtTheHiddenKeyPrompt stops `onboard auth login` while its
// prompt waits for the key with echo off: echo is back on after exit.
func TestStopSignalsAtTheHiddenKeyPrompt(t *testing.T) {
	t.Parallel()
	for _, s := range stopSignals {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			tt := startTTY(t, baseEnv(t), 100, 30, "auth", "login")
			tt.WaitFor(step, "it won't be shown")
			// The prompt is written before echo goes off: wait for that,
			// so the check after exit can fail.
			waitUntil(t, step, "echo to be turned off for the key", func() bool { return tt.Termios().Lflag&unix.ECHO == 0 })
			tt.Signal(s.sig)
			assertSignalExit(t, tt, s.name, s.code)
			if !strings.Contains(tt.Screen(), "no key was stored") {
				t.Errorf("no word that the login was stopped:\n%s", tt.Screen())
			}
		})
	}
}

// TestStopSignalsWhileStatusWaits stops `onboard status --wait` listening
// for webhooks: the consumer it registered is removed.
func TestStopSignalsWhileStatusWaits(t *testing.T) {
	t.Parallel()
	for _, s := range stopSignals {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, sandbox.Options{}, func(t *testing.T, opts sandbox.Options) {
				c := startSandbox(t, opts)
				if r := newScript(t, c).run(t, "link", "--company", "Wait Co", "--platform", "mqjo"); r.code != exitOK {
					t.Fatalf("link: exit %d\n%s", r.code, r.stderr)
				}
				env, flags := c.withSessionHook(t)
				tt := startTTY(t, env, 100, 30, append([]string{"status", "--company", "Wait Co", "--wait"}, flags...)...)
				tt.WaitFor(step, "listening for Codat's webhook")
				c.assertOneSessionHook(t)
				tt.Signal(s.sig)
				assertSignalExit(t, tt, s.name, s.code)
				c.assertNoSessionHook(t)
				if !strings.Contains(tt.Screen(), "Stopped waiting") {
					t.Errorf("no word that the wait was stopped:\n%s", tt.Screen())
				}
			})
		})
	}
}
