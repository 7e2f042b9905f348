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
}

func newDemoCmd(a *app, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{app: a}
	return &cobra.Command{
		Use:   "demo",
		Short: assets.Text("demo.short", nil),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runDemo(cmd.Context(), opts)
		},
	}
}

// runDemo runs the guided journey on the built-in sandbox, whatever key is
// set.
func runDemo(ctx context.Context, opts *demoOptions) error {
	return runJourney(ctx, opts.app, true)
}
