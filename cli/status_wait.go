package cli

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/store"
)

// waitResult is `onboard status --wait --json`.
type waitResult struct {
	CompanyID    string            `json:"company_id"`
	CompanyName  string            `json:"company_name"`
	ConnectionID string            `json:"connection_id"`
	PlatformKey  string            `json:"platform_key"`
	Status       string            `json:"status"`  // Linked, PendingAuth, ... or Failed
	Outcome      string            `json:"outcome"` // linked, failed or pending
	Reason       string            `json:"reason,omitempty"`
	Via          string            `json:"via"` // webhook or poll
	Data         map[string]string `json:"data"`
	// WebhookRefused is set once a delivery failed its signature check.
	WebhookRefused *refusalView `json:"webhook_refused,omitempty"`
}

// refusalView is, in --json, deliveries that failed their signature check.
type refusalView struct {
	Count       uint64    `json:"count"`
	At          time.Time `json:"at"`
	EndpointID  string    `json:"endpoint_id,omitempty"`
	EndpointURL string    `json:"endpoint_url,omitempty"`
}

// statusWait waits for one connection to link or fail, saying what happens
// on stderr.
func (a *app) statusWait(ctx context.Context, b *backend, opts *statusOptions) error {
	stderr, timeout, asJSON := a.sys.stderr, opts.Timeout, opts.JSON
	if opts.Company == "" && opts.CompanyID == "" {
		// Several onboardings remembered (a bulk run's invites): wait for
		// them all.
		if st, err := a.openStore(stderr); err == nil {
			if open := st.Pending(b.baseURL); len(open) > 1 {
				return a.statusWaitAll(ctx, b, opts, st, open)
			}
		}
	}
	cctx, cancel := context.WithTimeout(ctx, commandTimeout)
	target, err := a.waitTarget(cctx, b, opts.Company, opts.CompanyID, strings.TrimSpace(opts.Platform), stderr)
	cancel()
	if err != nil {
		return err
	}
	res := waitResult{CompanyID: target.co.ID, CompanyName: target.co.Name, ConnectionID: target.connID,
		PlatformKey: target.platformKey, Status: string(api.PendingAuth), Outcome: "pending", Via: string(flow.ViaPoll), Data: map[string]string{}}
	if target.status == api.Linked {
		// Already done: webhooks would never come, and the first safety
		// check is a minute away.
		say(stderr, "wait.alreadylinked", assets.Vars{"Platform": target.platformName, "Company": target.co.Name})
		res.Status, res.Outcome = string(api.Linked), "linked"
		a.noteWaitResult(b, target, res, stderr)
		if asJSON {
			return writeJSON(a.sys.stdout, res)
		}
		return nil
	}
	hooks := b.webhooks(ctx, a.flags, a.sys.getenv, stderr)
	defer hooks.stop()
	events := hooks.events
	what := cmpOr(target.platformName, assets.Text("wait.theconnection", nil))
	if events != nil {
		say(stderr, "wait.listening", assets.Vars{"Company": target.co.Name, "What": what, "Endpoint": hooks.endpoint})
	} else {
		say(stderr, "wait.polling", assets.Vars{"Company": target.co.Name, "What": what, "Why": hooks.why})
	}

	wctx, stop := context.WithTimeout(ctx, timeout)
	defer stop()
	updates := steps.Wait(wctx, b.client, events, steps.WaitOptions{
		CompanyID: target.co.ID, ConnectionID: target.connID, PlatformKey: target.platformKey,
		Category: target.category, Catalogue: target.catalogue, Webhooks: events != nil, Refusals: hooks.refusals,
	})
	last, lastErr := a.followWait(updates, &res, hooks, stderr)
	hooks.stopAndReport(stderr)
	switch {
	case last.Failed:
		res.Status, res.Outcome, res.Reason = "Failed", "failed", last.Reason
		say(stderr, "wait.failed", assets.Vars{"What": what, "Reason": last.Reason, "Quoted": shellQuote(target.co.Name), "Key": target.platformKey})
	case last.Status == flow.StatusLinked:
		res.Outcome = "linked"
		say(stderr, "wait.linked", assets.Vars{"Company": target.co.Name, "What": what, "Via": string(last.Via)})
	case last.Final && lastErr != nil:
		return b.classify(lastErr)
	case errors.Is(ctx.Err(), context.Canceled):
		say(stderr, "wait.stopped", statusCommand(target.co.Name, target.platformKey))
		return withCode(exitInterrupted, nil)
	default:
		say(stderr, "wait.timedout", assets.Vars{"Timeout": timeout, "Status": statusCommand(target.co.Name, target.platformKey)})
	}
	if asJSON {
		if err := writeJSON(a.sys.stdout, res); err != nil {
			return err
		}
	}
	a.noteWaitResult(b, target, res, stderr)
	switch res.Outcome {
	case "linked":
		return nil
	case "failed":
		return withCode(exitError, nil)
	}
	return withCode(exitPending, nil)
}

// followWait reads a wait's updates into res, saying on stderr what each
// means, and returns the last one and the last error a check met.
func (a *app) followWait(updates <-chan steps.WaitUpdate, res *waitResult, hooks *hooks, stderr io.Writer) (last steps.WaitUpdate, lastErr error) {
	for u := range updates {
		last = u
		if r := u.Refusal; r.Count > 0 {
			if res.WebhookRefused == nil {
				// Said once, as soon as the wait hears of it.
				hooks.reported.Store(r.Count)
				say(stderr, "wait.refused", assets.Vars{"ID": r.EndpointID, "URL": r.EndpointURL,
					"Every": max(0, u.NextCheck.Sub(u.CheckedAt).Round(time.Second))})
			}
			res.WebhookRefused = &refusalView{Count: r.Count, At: r.At.UTC(), EndpointID: r.EndpointID, EndpointURL: r.EndpointURL}
		}
		res.Via = string(u.Via)
		if u.Connection.ID != "" {
			res.ConnectionID = u.Connection.ID
		}
		if u.Status != "" {
			res.Status = u.Status
		}
		switch {
		case u.Err != nil && !u.RateLimitedUntil.IsZero():
			say(stderr, "wait.ratelimited", u.RateLimitedUntil.Format("15:04:05"))
		case u.Err != nil:
			lastErr = u.Err
			say(stderr, "wait.cantcheck", a.explain(u.Err))
		case u.Failed:
		case u.Status == flow.StatusLinked:
		case !u.NextCheck.IsZero():
			say(stderr, "wait.still", assets.Vars{"Status": statusWords(api.ConnectionStatus(u.Status)), "Next": u.NextCheck.Format("15:04:05")})
		}
	}
	return last, lastErr
}

func cmpOr(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// statusWords says a connection status in a few plain words.
func statusWords(s api.ConnectionStatus) string {
	switch s {
	case api.PendingAuth, "":
		return assets.Text("connstatus.pending", nil)
	case api.Linked:
		return assets.Text("connstatus.linked", nil)
	case api.Unlinked:
		return assets.Text("connstatus.unlinked", nil)
	case api.Deauthorized:
		return assets.Text("connstatus.deauthorized", nil)
	}
	return string(s)
}

// waitTarget is the connection status --wait watches.
type waitTarget struct {
	co                        api.Company
	connID                    string
	platformKey, platformName string
	entryID                   string // the remembered onboarding, if any
	status                    api.ConnectionStatus
	// category is the remembered onboarding's, for a Hosted Link handed on
	// before a platform was picked; catalogue completes platformKey.
	category  flow.Category
	catalogue []flow.Platform
}

// waitTarget picks what to wait for: the named company's connection to
// --platform, else its newest pending connection, else the platform of a
// remembered onboarding; with no company, the one remembered onboarding
// still pending.
func (a *app) waitTarget(ctx context.Context, b *backend, company, companyID, platform string, stderr io.Writer) (waitTarget, error) {
	var t waitTarget
	var remembered []store.Entry
	if st, err := a.openStore(stderr); err == nil {
		remembered = st.Pending(b.baseURL)
	}
	if company == "" && companyID == "" {
		switch len(remembered) {
		case 0:
			return t, usage("wait.nothingpending", nil)
		default:
			// Several are waited for together (statusWaitAll).
			companyID = remembered[0].CompanyID
		}
	}
	co, err := findCompany(ctx, b.client, company, companyID, stderr)
	if err != nil {
		return t, b.classify(err)
	}
	t.co = co
	for _, e := range remembered {
		if e.CompanyID == co.ID && (platform == "" || strings.EqualFold(platform, e.PlatformKey)) {
			t.entryID, t.category = e.ID, flow.Category(e.Category)
			if platform == "" {
				platform = e.PlatformKey
			}
			break
		}
	}
	var in flow.Platform
	if platform != "" {
		if in, t.catalogue, err = resolvePlatform(ctx, b.client, platform); err != nil {
			return t, b.classify(err)
		}
		t.platformKey, t.platformName = in.Key, in.Name
	}
	conns, err := b.client.ListConnections(ctx, co.ID)
	if err != nil {
		return t, b.classify(err)
	}
	chosen, found := flow.ChooseConnection(steps.ConnectionsOf(conns), flow.TargetFor(in.Key, t.category, t.catalogue))
	switch {
	case found:
		t.connID, t.status = chosen.ID, api.ConnectionStatus(chosen.Status)
		if t.platformKey == "" {
			t.platformKey, t.platformName = chosen.PlatformKey, chosen.PlatformName
		}
	case t.platformKey == "" && t.category == "":
		// Nothing to wait on: with a category the wait is for the first
		// connection of it, whichever platform the recipient picks.
		return t, usage("wait.noconnection", co.Name)
	}
	return t, nil
}

// noteWaitResult records the outcome in the remembered onboarding.
func (a *app) noteWaitResult(b *backend, t waitTarget, res waitResult, stderr io.Writer) {
	if t.entryID == "" || b.demo {
		return
	}
	st, err := a.openStore(stderr)
	if err != nil {
		return
	}
	_ = st.Update(t.entryID, func(e *store.Entry) {
		e.Status, e.CheckedAt = res.Status, a.sys.now().UTC()
		if res.ConnectionID != "" {
			e.ConnectionID = res.ConnectionID
		}
	})
}
