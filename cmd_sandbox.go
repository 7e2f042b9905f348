package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/assets"
)

func newSandboxCmd() *cobra.Command {
	var (
		addr, stateFile string
		rateLimit       int
		autoLink        time.Duration
	)
	cmd := &cobra.Command{
		Use:     "sandbox",
		Short:   assets.Text("sandbox.short", nil),
		Long:    assets.Text("sandbox.long", nil),
		Example: assets.Text("sandbox.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if rateLimit < 0 {
				return usage("sandbox.badratelimit", nil)
			}
			sb, err := sandbox.Start(sandbox.Options{Addr: addr, StateFile: stateFile, RateLimit: rateLimit, AutoLink: autoLink})
			if err != nil {
				return fmt.Errorf("starting the sandbox: %w", err)
			}
			defer sb.Close()
			out := cmd.OutOrStdout()
			say(out, "sandbox.serving", assets.Vars{
				"BaseURL": sb.BaseURL(), "APIKey": sb.APIKey(), "Secret": sb.WebhookSecret(),
				"LinkBase": sb.LinkBase(), "Header": basicHeader(sb.APIKey()),
			})
			<-cmd.Context().Done() // ctrl+c, SIGTERM or SIGHUP
			say(cmd.ErrOrStderr(), "sandbox.stopped", nil)
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "address to listen on")
	cmd.Flags().StringVar(&stateFile, "state", "", "keep the sandbox's data in this file across restarts")
	cmd.Flags().IntVar(&rateLimit, "rate-limit", 0, "requests per minute before answering 429 (0: no limit)")
	cmd.Flags().DurationVar(&autoLink, "auto-link", 0, "link new connections by themselves after this long (for unattended demos)")
	return cmd
}
