package cli

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/assets"
)

type sandboxFlags struct {
	addr, stateFile            string
	rateLimit                  int
	autoLink, deauthorizeAfter time.Duration
	strict                     bool
	fail                       []string
}

func newSandboxCmd() *cobra.Command {
	var f sandboxFlags
	cmd := &cobra.Command{
		Use:     "sandbox",
		Short:   assets.Text("sandbox.short", nil),
		Long:    assets.Text("sandbox.long", nil),
		Example: assets.Text("sandbox.example", nil),
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return runSandbox(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:0", assets.Text("sandbox.addrflag", nil))
	fl.StringVar(&f.stateFile, "state", "", assets.Text("sandbox.stateflag", nil))
	fl.IntVar(&f.rateLimit, "rate-limit", 0, assets.Text("sandbox.ratelimitflag", nil))
	fl.DurationVar(&f.autoLink, "auto-link", 0, assets.Text("sandbox.autolinkflag", nil))
	fl.BoolVar(&f.strict, "strict", false, assets.Text("sandbox.strictflag", nil))
	fl.DurationVar(&f.deauthorizeAfter, "deauthorize-after", 0, assets.Text("sandbox.deauthorizeflag", nil))
	fl.StringArrayVar(&f.fail, "fail", nil, assets.Text("sandbox.failflag", nil))
	return cmd
}

func runSandbox(cmd *cobra.Command, f sandboxFlags) error {
	if f.rateLimit < 0 {
		return usage("sandbox.badratelimit", nil)
	}
	if f.autoLink < 0 || f.deauthorizeAfter < 0 {
		return usage("sandbox.negativeduration", nil)
	}
	faults := make([]sandboxFault, 0, len(f.fail))
	for _, spec := range f.fail {
		fault, err := parseFault(spec)
		if err != nil {
			return err
		}
		faults = append(faults, fault)
	}
	sb, err := sandbox.Start(sandbox.Options{
		Addr: f.addr, StateFile: f.stateFile, RateLimit: f.rateLimit, AutoLink: f.autoLink,
		DeauthorizeAfter: f.deauthorizeAfter, Strict: f.strict,
	})
	if err != nil {
		return fmt.Errorf("starting the sandbox: %w", err)
	}
	defer sb.Close()
	for _, fault := range faults {
		fault.apply(sb)
	}
	say(cmd.OutOrStdout(), "sandbox.serving", assets.Vars{
		"BaseURL": sb.BaseURL(), "APIKey": sb.APIKey(), "Secret": sb.WebhookSecret(),
		"LinkBase": sb.LinkBase(), "Header": basicHeader(sb.APIKey()), "PortalURL": sb.PortalURL(),
		"Strict": f.strict, "DeauthorizeAfter": f.deauthorizeAfter, "Faults": faults,
	})
	<-cmd.Context().Done() // ctrl+c, SIGTERM or SIGHUP
	say(cmd.ErrOrStderr(), "sandbox.stopped", nil)
	return nil
}

// sandboxFault is one --fail: requests to a route (or "*", every route)
// answered with an error status, or with the connection closed (Status 0).
type sandboxFault struct {
	Route  string
	Status int
	Times  int // how many requests; 0 for every one
}

// everyRequest stands for "no end" in the sandbox's fault counters.
const everyRequest = math.MaxInt32

// parseFault reads ROUTE=ANSWER[:TIMES], where ANSWER is 401, 402, 403,
// 429, a 5xx status or "reset".
func parseFault(spec string) (sandboxFault, error) {
	i := strings.LastIndex(spec, "=")
	if i < 0 {
		return sandboxFault{}, usage("sandbox.badfail", spec)
	}
	route := strings.Join(strings.Fields(spec[:i]), " ")
	if method, rest, ok := strings.Cut(route, " "); ok {
		route = strings.ToUpper(method) + " " + rest
	}
	if route != "*" && !slices.Contains(sandbox.Routes(), route) {
		return sandboxFault{}, usage("sandbox.badfailroute", assets.Vars{"Spec": spec, "Routes": sandbox.Routes()})
	}
	answer, times, counted := strings.Cut(strings.TrimSpace(spec[i+1:]), ":")
	f := sandboxFault{Route: route}
	if counted {
		n, err := strconv.Atoi(times)
		if err != nil || n < 1 {
			return sandboxFault{}, usage("sandbox.badfail", spec)
		}
		f.Times = n
	}
	if strings.EqualFold(answer, "reset") {
		return f, nil
	}
	status, err := strconv.Atoi(answer)
	switch {
	case err != nil:
		return sandboxFault{}, usage("sandbox.badfail", spec)
	case status == 401, status == 402, status == 403, status == 429, status >= 500 && status <= 599:
		f.Status = status
		return f, nil
	}
	return sandboxFault{}, usage("sandbox.badfail", spec)
}

// apply sets the fault with the sandbox's own knobs.
func (f sandboxFault) apply(sb *sandbox.Server) {
	n := f.Times
	if n == 0 {
		n = everyRequest
	}
	if f.Status == 0 {
		sb.DropNext(f.Route, n)
		return
	}
	sb.FailNext(f.Route, n, f.Status)
}
