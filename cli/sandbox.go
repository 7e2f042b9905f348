package cli

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/assets"
)

// sandboxOptions is what `onboard sandbox` was asked to serve.
type sandboxOptions struct {
	app                        *app
	Addr, StateFile            string
	RateLimit                  int
	AutoLink, DeauthorizeAfter time.Duration
	Strict                     bool
	Fail                       []string // each ROUTE=STATUS[:TIMES]
}

func newSandboxCmd(a *app, runF func(*sandboxOptions) error) *cobra.Command {
	opts := &sandboxOptions{app: a}
	cmd := command("sandbox", opts, runF, runSandbox)
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:0", assets.Text("sandbox.addrflag", nil))
	fl.StringVar(&opts.StateFile, "state", "", assets.Text("sandbox.stateflag", nil))
	fl.IntVar(&opts.RateLimit, "rate-limit", 0, assets.Text("sandbox.ratelimitflag", nil))
	fl.DurationVar(&opts.AutoLink, "auto-link", 0, assets.Text("sandbox.autolinkflag", nil))
	fl.BoolVar(&opts.Strict, "strict", false, assets.Text("sandbox.strictflag", nil))
	fl.DurationVar(&opts.DeauthorizeAfter, "deauthorize-after", 0, assets.Text("sandbox.deauthorizeflag", nil))
	fl.StringArrayVar(&opts.Fail, "fail", nil, assets.Text("sandbox.failflag", nil))
	// The journey's flags, which every command inherits from the root, mean
	// nothing to a sandbox: its help leaves them out, and they are refused.
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		defer hideFlags(c.InheritedFlags())()
		c.Parent().HelpFunc()(c, args)
	})
	// In place of the root's, which opens the --debug log.
	cmd.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		var set []string
		c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
			if f.Changed {
				set = append(set, "--"+f.Name)
			}
		})
		if len(set) > 0 {
			return usage("sandbox.journeyflags", strings.Join(set, ", "))
		}
		return nil
	}
	return cmd
}

// hideFlags hides the flags shown until the function it returns is called.
func hideFlags(fs *pflag.FlagSet) (restore func()) {
	var hidden []*pflag.Flag
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			f.Hidden = true
			hidden = append(hidden, f)
		}
	})
	return func() {
		for _, f := range hidden {
			f.Hidden = false
		}
	}
}

// runSandbox serves a Codat look-alike until ctx ends or the process is
// interrupted, after printing where it is and the key it takes.
func runSandbox(ctx context.Context, opts *sandboxOptions) error {
	if opts.RateLimit < 0 {
		return usage("sandbox.badratelimit", nil)
	}
	if opts.AutoLink < 0 || opts.DeauthorizeAfter < 0 {
		return usage("sandbox.negativeduration", nil)
	}
	faults := make([]sandboxFault, 0, len(opts.Fail))
	for _, spec := range opts.Fail {
		fault, err := parseFault(spec)
		if err != nil {
			return err
		}
		faults = append(faults, fault)
	}
	sb, err := sandbox.Start(sandbox.Options{
		Addr: opts.Addr, StateFile: opts.StateFile, RateLimit: opts.RateLimit, AutoLink: opts.AutoLink,
		DeauthorizeAfter: opts.DeauthorizeAfter, Strict: opts.Strict, ErrorLog: opts.app.sys.stderr,
		EndpointMade: func(e sandbox.Endpoint) { say(opts.app.sys.stdout, "sandbox.endpointmade", e) },
	})
	if err != nil {
		return fmt.Errorf("starting the sandbox: %w", err)
	}
	defer sb.Close()
	for _, fault := range faults {
		fault.apply(sb)
	}
	say(opts.app.sys.stdout, "sandbox.serving", assets.Vars{
		"BaseURL": sb.BaseURL(), "APIKey": sb.APIKey(), "Secret": sb.WebhookSecret(),
		"LinkBase": sb.LinkBase(), "Header": basicHeader(sb.APIKey()), "PortalURL": sb.PortalURL(),
		"Strict": opts.Strict, "DeauthorizeAfter": opts.DeauthorizeAfter, "Faults": faults,
	})
	<-ctx.Done() // ctrl+c, SIGTERM or SIGHUP
	say(opts.app.sys.stderr, "sandbox.stopped", nil)
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
