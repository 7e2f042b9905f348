// Command onboard gets a business connected to Codat: it walks a person
// through linking their accounting, banking or commerce platform, and when
// they cannot sign in themselves it hands the job on with the Hosted Link and
// an invite email. With no Codat key it runs on a built-in sandbox.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
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

const environmentHelp = `Environment:
  CODAT_API_KEY         your Codat API key (sent as "Basic base64(key)")
  CODAT_AUTH_HEADER     or a ready Authorization header ("Basic …")
  CODAT_BASE_URL        Codat's API (default https://api.codat.io)
  CODAT_WEBHOOK_SECRET  the whsec_… signing secret of your webhook endpoint
  ONBOARD_STATE_DIR     where onboard keeps what was handed on
  NO_COLOR              no colour
  ACCESSIBLE            plain line-by-line prompts (also --accessible, TERM=dumb)

With no key, onboard runs on its built-in sandbox: no account and no network needed.

Exit codes:
  0 done · 1 error · 2 usage · 3 pending (handed on, or still waiting)
  4 authentication · 5 rate limited · 130 interrupted`

func main() {
	os.Exit(run(context.Background(), os.Args[1:]))
}

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	err := fang.Execute(ctx, root,
		fang.WithErrorHandler(errorHandler),
		fang.WithNotifySignal(os.Interrupt),
	)
	return exitCode(err)
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

func newRootCmd() *cobra.Command {
	var flags globalFlags
	root := &cobra.Command{
		Use:   "onboard",
		Short: "Connect a business's accounting, banking or commerce platform to Codat",
		Long: "onboard walks you through connecting a business to Codat. When you can't sign in to the\n" +
			"platform yourself, it hands the job on: the Hosted Link copied, and an invite email for the\n" +
			"person who can.\n\n" + environmentHelp,
		Example: "  onboard                      # the guided journey (the demo when no key is set)\n" +
			"  onboard demo                 # always the built-in sandbox\n" +
			"  onboard sandbox --addr 127.0.0.1:8787",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runJourney(cmd.Context(), cmd, flags, false)
		},
	}
	root.PersistentFlags().BoolVar(&flags.accessible, "accessible", false, "plain line-by-line prompts, for screen readers")
	root.PersistentFlags().StringVar(&flags.webhookListen, "webhook-listen", "", "address for the local webhook receiver (default 127.0.0.1, any free port)")
	root.AddCommand(newDemoCmd(&flags), newSandboxCmd())
	return root
}

func newDemoCmd(flags *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run the guided journey on the built-in sandbox (no key, no network)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runJourney(cmd.Context(), cmd, *flags, true)
		},
	}
}

func errorHandler(w io.Writer, _ fang.Styles, err error) {
	var e *exitErr
	if errors.As(err, &e) && e.err == nil {
		return // already reported
	}
	fmt.Fprintln(w, "Error:", err)
	if isUsage(err) {
		fmt.Fprintln(w, "Run `onboard --help` for usage.")
	}
}
