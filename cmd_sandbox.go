package main

import (
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api/sandbox"
)

func newSandboxCmd() *cobra.Command {
	var (
		addr, stateFile string
		rateLimit       int
		autoLink        time.Duration
	)
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve the built-in Codat sandbox on an address, for other terminals, curl or the SDKs",
		Long: "Serves a stand-in for Codat's Platform API with a realistic integration catalogue, Hosted Link\n" +
			"pages you can click through, and signed webhooks. It prints the base URL, an API key, the\n" +
			"webhook signing secret and the Hosted Link base, then serves until interrupted.",
		Example: "  onboard sandbox --addr 127.0.0.1:8787\n" +
			"  CODAT_BASE_URL=http://127.0.0.1:8787 CODAT_API_KEY=<printed key> onboard",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if rateLimit < 0 {
				return usagef("--rate-limit must be 0 (no limit) or a number of requests per minute")
			}
			sb, err := sandbox.Start(sandbox.Options{Addr: addr, StateFile: stateFile, RateLimit: rateLimit, AutoLink: autoLink})
			if err != nil {
				return fmt.Errorf("starting the sandbox: %w", err)
			}
			defer sb.Close()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Codat sandbox serving at %s\n\n", sb.BaseURL())
			fmt.Fprintf(out, "  CODAT_BASE_URL=%s\n", sb.BaseURL())
			fmt.Fprintf(out, "  CODAT_API_KEY=%s\n", sb.APIKey())
			fmt.Fprintf(out, "  CODAT_WEBHOOK_SECRET=%s\n", sb.WebhookSecret())
			fmt.Fprintf(out, "  Hosted Link base: %s\n\n", sb.LinkBase())
			fmt.Fprintf(out, "Try it:\n  curl -H 'Authorization: %s' '%s/integrations?query=sourceType%%3DAccounting'\n\n", basicHeader(sb.APIKey()), sb.BaseURL())
			fmt.Fprintln(out, "This is a sandbox: the key and secret only work here, and no real data is involved.")
			fmt.Fprintln(out, "Press ctrl+c to stop.")
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			<-ctx.Done()
			fmt.Fprintln(cmd.ErrOrStderr(), "Sandbox stopped.")
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "address to listen on")
	cmd.Flags().StringVar(&stateFile, "state", "", "keep the sandbox's data in this file across restarts")
	cmd.Flags().IntVar(&rateLimit, "rate-limit", 0, "requests per minute before answering 429 (0: no limit)")
	cmd.Flags().DurationVar(&autoLink, "auto-link", 0, "link new connections by themselves after this long (for unattended demos)")
	return cmd
}
