// Package cli is onboard's commands: one file per command, each an options
// struct and a run function that tests call without cobra, wired into one
// cobra tree by Main.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"time"

	"charm.land/fang/v2"
	"github.com/atotto/clipboard"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/internal/termout"
)

// Exit codes, documented in README and --help.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitPending     = 3
	exitAuth        = 4
	exitRateLimited = 5
	exitInterrupted = 130
)

// Main runs the command line args in this process (its terminal, its
// environment, its keyring) and returns the exit code.
func Main(args []string) int {
	ctx, release := cancelOnSignals(context.Background())
	code := run(ctx, args, osSystem())
	release()
	return code
}

// system is what a command takes from the process it runs in. main passes
// the real one; tests pass buffers, a fixed environment and fakes, so no
// command reads os.Stdin, os.Getenv or the keyring behind their back.
type system struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// Whether each stream is a terminal: prompts need a person at the
	// keyboard who can see them.
	stdinTTY, stdoutTTY, stderrTTY bool
	// readPassword reads one line from the terminal without echoing it,
	// giving up (echo restored) when ctx ends.
	readPassword func(ctx context.Context) ([]byte, error)
	// keyring is the OS keyring; nil when there is none to use.
	keyring secretStore
	// clipboard writes the OS clipboard; nil when there is none.
	clipboard func(string) error
	// lookPath finds a program and runTool runs one (doctor tries the
	// clipboard tool with them); nil lookPath finds none.
	lookPath func(string) (string, error)
	runTool  toolRunner
	now      func() time.Time
}

func osSystem() system {
	isTTY := func(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
	return system{
		// What is printed waits for a terminal that is full instead of
		// losing lines, as the screens' frames do (see internal/termout).
		stdin: os.Stdin, stdout: termout.New(os.Stdout), stderr: termout.New(os.Stderr),
		getenv:   os.Getenv,
		stdinTTY: isTTY(os.Stdin), stdoutTTY: isTTY(os.Stdout), stderrTTY: isTTY(os.Stderr),
		readPassword: func(ctx context.Context) ([]byte, error) { return readPasswordContext(ctx, int(os.Stdin.Fd())) },
		keyring:      newOSKeyring(),
		clipboard:    clipboard.WriteAll,
		lookPath:     exec.LookPath,
		runTool:      runTool,
		now:          time.Now,
	}
}

// canPrompt reports whether a question can be asked and answered: stdin,
// stdout and stderr are all terminals.
func (s system) canPrompt() bool { return s.stdinTTY && s.stdoutTTY && s.stderrTTY }

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, sys system) int {
	if sys.now == nil {
		sys.now = time.Now
	}
	app := &app{sys: sys}
	defer app.closeDebug()
	root := newRootCmd(app)
	reportErrorsHere(root, app, sys.stderr)
	root.SetArgs(args)
	root.SetIn(sys.stdin)
	out := &lineTrimmer{w: sys.stdout}
	defer func() { _ = out.Flush() }()
	root.SetOut(out)
	root.SetErr(sys.stderr)
	// Signals are not fang's to catch: Main cancels ctx on each of
	// stopSignals, so a command ends the same way whichever it was.
	err := fang.Execute(ctx, root, fang.WithErrorHandler(app.errorHandler))
	code := exitCode(err)
	if err == nil && app.code != exitOK {
		code = app.code
	}
	if bySignal, ok := signalExitCode(ctx); ok && code == exitInterrupted {
		code = bySignal
	}
	return code
}

// reportErrorsHere makes every command report its own error and keep its
// exit code, returning nil to fang. fang's error handler first asks the
// terminal for its background colour, which stalls (or, on a terminal that
// never answers, waits for a key) right after a full-screen session ends;
// what is left to fang are cobra's own usage errors.
func reportErrorsHere(c *cobra.Command, a *app, stderr io.Writer) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			err := run(cmd, args)
			if err == nil {
				return nil
			}
			a.errorHandler(stderr, fang.Styles{}, err)
			a.code = exitCode(err)
			if wantsJSON(cmd) {
				a.jsonError(cmd.OutOrStdout(), err, a.code)
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		reportErrorsHere(sub, a, stderr)
	}
}

// app is one run of onboard: the process's system and the global flags.
type app struct {
	sys   system
	code  int // the exit code of an error the command already reported
	flags globalFlags
	debug *debugLog // open while --debug is set
	// pace, when set, stands in front of every request the backends send:
	// bulk's pacer, keeping a run under Codat's rate limit.
	pace func(http.RoundTripper) http.RoundTripper
	// reuseListing is how long a listing of every company, made to compare
	// names whatever their case, serves later searches: a bulk run's.
	reuseListing time.Duration
	// demoAt is where a demo sandbox listens; the zero value is a free
	// loopback port.
	demoAt demoListen
}

// exitErr carries an exit code with an error already worded for a person.
type exitErr struct {
	code int
	err  error
}

func (e *exitErr) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitErr) Unwrap() error { return e.err }

func withCode(code int, err error) error { return &exitErr{code: code, err: err} }

func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var e *exitErr
	if errors.As(err, &e) {
		return e.code
	}
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	if isUsage(err) {
		return exitUsage
	}
	return exitError
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:     "onboard",
		Short:   assets.Text("root.short", nil),
		Long:    assets.Text("root.long", nil),
		Example: assets.Text("root.example", nil),
		Args:    cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.openDebug(cmd.CommandPath(), cmd.ErrOrStderr())
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			// With no key the journey is the demo: its pages on the usual port.
			a.demoAt = demoListen{Port: defaultDemoPort}
			return runJourney(cmd.Context(), a, false)
		},
	}
	// Every flag cobra or pflag cannot parse is a usage error (exit 2).
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErr{err.Error()} })
	pf := root.PersistentFlags()
	pf.BoolVar(&a.flags.accessible, "accessible", false, assets.Text("flag.root.accessible", nil))
	pf.StringVar(&a.flags.webhookListen, "webhook-listen", "", assets.Text("flag.root.webhooklisten", nil))
	pf.StringVar(&a.flags.webhookURL, "webhook-url", "", assets.Text("flag.root.webhookurl", nil))
	pf.BoolVar(&a.flags.debug, "debug", false, assets.Text("flag.root.debug", nil))
	root.AddCommand(
		newDemoCmd(a, nil), newSandboxCmd(a, nil),
		newLinkCmd(a, nil), newInviteCmd(a, nil), newBulkCmd(a, nil), newStatusCmd(a, nil),
		newUnlinkCmd(a, nil), newRevokeCmd(a, nil),
		newDoctorCmd(a, nil), newAuthCmd(a),
	)
	return root
}

func (a *app) errorHandler(w io.Writer, _ fang.Styles, err error) {
	var e *exitErr
	if errors.As(err, &e) && e.err == nil {
		return // already reported
	}
	say(w, "root.error", a.explain(err))
	if isUsage(err) {
		say(w, "root.usagehint", nil)
	}
}

// writeJSON prints v as one indented JSON object on stdout.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
