package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/assets"
)

// command is a command that takes no arguments, worded by the blocks
// NAME.short, NAME.long and NAME.example of assets/commands.tmpl. It runs
// run with opts once cobra has filled them from the flags, or runF when a
// test gives one.
func command[O any](name string, opts *O, runF func(*O) error, run func(context.Context, *O) error) *cobra.Command {
	return &cobra.Command{
		Use:     name,
		Short:   assets.Text(name+".short", nil),
		Long:    assets.Text(name+".long", nil),
		Example: assets.Text(name+".example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
}
