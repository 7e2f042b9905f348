package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/cli/browser"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
	"github.com/onboardcli/onboard/ui"
)

// accessibleMode reports whether to use plain line-by-line prompts.
func accessibleMode(flag bool, getenv func(string) string) bool {
	if flag || getenv("TERM") == "dumb" {
		return true
	}
	v := getenv("ACCESSIBLE")
	return v != "" && v != "0" && v != "false"
}

// runJourney runs the guided journey: the TUI, or the accessible prompts.
func runJourney(ctx context.Context, a *app, forceDemo bool) error {
	stderr := a.sys.stderr
	getenv := a.sys.getenv
	accessible := accessibleMode(a.flags.accessible, getenv)
	if !accessible && (!a.sys.stdinTTY || !a.sys.stderrTTY) {
		return usage("journey.needsterminal", nil)
	}
	if !accessible {
		go ui.WarmWidths() // while the backend starts
	}
	b, err := a.connect(ctx, forceDemo)
	if err != nil {
		return err
	}
	defer b.close()

	banner := ""
	if b.demo {
		banner = assets.Text("demo.banner", nil)
		if forceDemo {
			banner = assets.Text("demo.forced", nil)
		}
	}
	// Launchers print to stdout/stderr, which would draw over the screen.
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	cwd, _ := os.Getwd()
	deps := ui.Deps{
		API: b.guarded, Env: share.DetectEnv(getenv),
		Clipboard: a.sys.clipboard, Browser: browser.OpenURL,
		SaveDir: cwd, LinkHost: b.linkHost(), Demo: b.demo, SandboxLinks: b.isSandbox(),
	}
	if b.demo {
		defer a.demoDeps(ctx, b, &deps)()
	} else {
		// What is handed on is remembered for the next session and for
		// `onboard status`; the demo's sandbox ends with the session.
		if st, err := a.openStore(stderr); err == nil {
			deps.Store = ui.StoreAdapter{Store: st, BaseURL: b.baseURL, Now: a.sys.now}
		} else {
			say(stderr, "journey.wontremember", a.explain(err))
		}
	}
	if accessible {
		return a.runAccessibleJourney(ctx, b, deps, banner)
	}
	// The first screen shows at once; the key check and the webhook set-up
	// run while the person types (see startChecks).
	checks := a.startChecks(ctx, b)
	defer checks.finish(stderr)
	deps.Ready = checks.ready
	model := ui.New(ctx, ui.Options{Deps: deps, Banner: banner, NoColor: getenv("NO_COLOR") != ""})
	// The screen goes to stderr, so stdout stays free for machine output.
	// A signal (SIGINT, SIGTERM, SIGHUP) cancels ctx, which ends the
	// program with the terminal restored; bubbletea's own handler would
	// block sending to a stopped loop, and knows nothing of SIGHUP.
	// At 120 frames a second a key press, and the first frame, show within
	// about 8 ms instead of 17; a frame that has not changed writes nothing.
	var p *tea.Program
	out := screenOutput(os.Stderr, func(msg tea.Msg) { p.Send(msg) })
	p = tea.NewProgram(model, tea.WithContext(ctx), tea.WithOutput(out), tea.WithoutSignalHandler(), tea.WithFPS(120))
	final, err := p.Run()
	m, isModel := final.(ui.Model)
	if isModel {
		a.leaveJourney(m)
	}
	if isModel && m.SetupErr() != nil {
		return m.SetupErr()
	}
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) || errors.Is(ctx.Err(), context.Canceled) {
		say(stderr, "journey.interrupted", nil)
		return withCode(exitInterrupted, nil)
	}
	if err != nil {
		return err
	}
	if isModel && pending(m.State()) {
		return withCode(exitPending, nil)
	}
	return nil
}

// leaveJourney writes what a quick exit left unwritten and says where the
// journey ended. The note on reaching the demo's pages is not repeated:
// they stopped with the demo.
func (a *app) leaveJourney(m ui.Model) {
	if err := m.Flush(); err != nil {
		say(a.sys.stderr, "journey.cantnote", a.explain(err))
	}
	if sum := ui.Summary(m.State()); sum != "" {
		fmt.Fprint(a.sys.stderr, sum)
	}
}

// runAccessibleJourney runs the line-by-line journey. The checks come
// first: there is no screen to show meanwhile.
func (a *app) runAccessibleJourney(ctx context.Context, b *backend, deps ui.Deps, banner string) error {
	if !b.demo {
		if err := b.checkKey(ctx); err != nil {
			return err
		}
	}
	// The key check's answer has told a sandbox from Codat by now.
	deps.LinkHost, deps.SandboxLinks = b.linkHost(), b.isSandbox()
	hooks := b.webhooks(ctx, a.flags, a.sys.getenv, a.sys.stderr)
	defer hooks.stopAndReport(a.sys.stderr)
	deps.Webhooks, deps.Refusals = hooks.events, hooks.refusals
	return runAccessible(ctx, a.sys.stdin, a.sys.stdout, a.sys.stderr, deps, banner)
}

// pending reports whether the session ended with something still waiting.
func pending(s flow.State) bool {
	for _, r := range flow.RecapFor(s) {
		if r.Outcome == flow.OutcomeWaiting {
			return true
		}
	}
	return false
}

// checks are the key check and then the webhook set-up, run while the
// first screen shows.
type checks struct {
	ready  chan ui.Ready
	cancel context.CancelFunc
	done   chan struct{}
	stop   func()       // ends the webhooks; set before done is closed
	notes  bytes.Buffer // what the set-up had to say, printed once the screen is gone
}

// startChecks starts the checks; finish ends them and the webhooks.
func (a *app) startChecks(ctx context.Context, b *backend) *checks {
	ctx, cancel := context.WithCancel(ctx)
	c := &checks{ready: make(chan ui.Ready, 1), cancel: cancel, done: make(chan struct{}), stop: func() {}}
	go func() {
		defer close(c.done)
		var keyErr error
		if !b.demo {
			keyErr = b.checkKey(ctx)
		}
		rd := ui.Ready{Err: keyErr}
		if rd.Err == nil {
			hooks := b.webhooks(ctx, a.flags, a.sys.getenv, &c.notes)
			rd.Webhooks, rd.Refusals = hooks.events, hooks.refusals
			// What failed the signature check is said after the screen is gone.
			c.stop = func() { hooks.stopAndReport(&c.notes) }
			rd.LinkHost, rd.SandboxLinks = b.linkHost(), b.isSandbox()
		}
		c.ready <- rd
	}()
	return c
}

// finish stops checks still running, ends the webhooks and says what the
// set-up noted.
func (c *checks) finish(stderr io.Writer) {
	c.cancel()
	<-c.done
	c.stop()
	_, _ = c.notes.WriteTo(stderr)
}

// demoDeps gives the demo its example businesses, a store of its own for
// what is handed on, and the note on reaching its pages; what it returns
// removes the store.
func (a *app) demoDeps(ctx context.Context, b *backend, deps *ui.Deps) func() {
	deps.LinkNote = demoPagesNote(b.served, a.sys.getenv)
	seed, err := seedDemo(ctx, b, a.sys.now())
	if err != nil {
		say(a.sys.stderr, "demo.cantseed", a.explain(err))
		return func() {}
	}
	deps.Store = ui.StoreAdapter{Store: seed.store, BaseURL: b.baseURL, Now: a.sys.now}
	return seed.remove
}

// demoPagesNote says where the demo's pages are when that is not where a
// browser on this computer would look: another port than asked, or over
// SSH, the tunnel to them. Links on the network need no note.
func demoPagesNote(served demoServed, getenv func(string) string) string {
	tunnel := ""
	if !served.reachable {
		tunnel = sshTunnel(getenv, served.port)
	}
	if !served.fellBack && tunnel == "" {
		return ""
	}
	return assets.Text("demo.pages", assets.Vars{"Busy": served.fellBack, "Wanted": served.wanted, "Port": served.port, "Tunnel": tunnel})
}
