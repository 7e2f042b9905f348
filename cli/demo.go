package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/assets"
)

// demoOptions is what `onboard demo` was asked to do; the global flags
// (--accessible, the webhook ones) are in app.
type demoOptions struct {
	app *app
	// Listen and Port are where the demo's sandbox serves its pages.
	Listen string
	Port   int
}

func newDemoCmd(a *app, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{app: a}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: assets.Text("demo.short", nil),
		Long:  assets.Text("demo.long", defaultDemoPort),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runDemo(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&opts.Port, "port", defaultDemoPort, assets.Text("demo.portflag", nil))
	fl.StringVar(&opts.Listen, "listen", "", assets.Text("demo.listenflag", nil))
	return cmd
}

// runDemo runs the guided journey on the built-in sandbox, whatever key is
// set.
func runDemo(ctx context.Context, opts *demoOptions) error {
	if opts.Port < 0 || opts.Port > 65535 {
		return usage("demo.badport", opts.Port)
	}
	opts.app.demoAt = demoListen{Host: opts.Listen, Port: opts.Port}
	return runJourney(ctx, opts.app, true)
}
