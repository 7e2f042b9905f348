package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/store"
)

// connectionView is one connection in `onboard status --json`.
type connectionView struct {
	ConnectionID string `json:"connection_id"`
	PlatformKey  string `json:"platform_key"`
	PlatformName string `json:"platform_name"`
	SourceType   string `json:"source_type"`
	Status       string `json:"status"`
	Created      string `json:"created,omitempty"` // RFC 3339
	Error        string `json:"error,omitempty"`   // Codat's latest active error, e.g. "User cancelled"
}

// companyStatus is `onboard status --company NAME --json`. The field names
// are a contract: add fields, never rename or remove them.
type companyStatus struct {
	CompanyID   string           `json:"company_id"`
	CompanyName string           `json:"company_name"`
	Status      string           `json:"status"` // Linked when a connection is linked, else PendingAuth
	Connections []connectionView `json:"connections"`
	// Data maps each data type to its read status (Queued, Fetching,
	// Complete, ...); DataReady says every one has finished.
	Data      map[string]string `json:"data"`
	DataReady bool              `json:"data_ready"`
	NextStep  string            `json:"next_step"`
}

// pendingView is one remembered onboarding in `onboard status --json`
// without a company.
type pendingView struct {
	CompanyID    string `json:"company_id"`
	CompanyName  string `json:"company_name"`
	Category     string `json:"category"`
	PlatformKey  string `json:"platform_key"`
	PlatformName string `json:"platform_name"`
	ConnectionID string `json:"connection_id"`
	Path         string `json:"path"`      // authorize or delegate
	Recipient    string `json:"recipient"` // who the invite went to
	SentAt       string `json:"sent_at,omitempty"`
	Status       string `json:"status"` // as Codat says now: PendingAuth, Linked, ...
	Error        string `json:"error,omitempty"`
}

// pendingList is `onboard status --json` without a company.
type pendingList struct {
	BaseURL string        `json:"base_url"`
	Pending []pendingView `json:"pending"`
}

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
}

func newStatusCmd(a *app) *cobra.Command {
	var (
		company, companyID, platform string
		wait, asJSON                 bool
		timeout                      time.Duration
	)
	cmd := &cobra.Command{
		Use:     "status",
		Short:   assets.Text("status.short", nil),
		Long:    assets.Text("status.long", nil),
		Example: assets.Text("status.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stderr := cmd.ErrOrStderr()
			if company != "" && companyID != "" {
				return usage("company.nameandid", nil)
			}
			if timeout < 0 {
				return usage("status.badtimeout", nil)
			}
			ctx := cmd.Context()
			b, err := a.backendFor(ctx, stderr)
			if err != nil {
				return err
			}
			defer b.close()
			if wait {
				return a.statusWait(ctx, cmd, b, company, companyID, strings.TrimSpace(platform), timeout, asJSON)
			}
			cctx, cancel := context.WithTimeout(ctx, commandTimeout)
			defer cancel()
			if company == "" && companyID == "" {
				return a.statusPending(cctx, cmd, b, asJSON)
			}
			co, err := findCompany(cctx, b.client, company, companyID, stderr)
			if err != nil {
				return b.classify(err)
			}
			st, err := companyState(cctx, b.client, co)
			if err != nil {
				return b.classify(err)
			}
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), st); err != nil {
					return err
				}
			} else {
				printCompanyStatus(cmd.OutOrStdout(), st)
				say(stderr, "root.next", st.NextStep)
			}
			if st.Status != string(api.Linked) {
				return withCode(exitPending, nil)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&company, "company", "", "the business's name in Codat")
	f.StringVar(&companyID, "company-id", "", "or the company's id in Codat")
	f.StringVar(&platform, "platform", "", "with --wait: the platform to wait for, when the company has no connection yet")
	f.BoolVar(&wait, "wait", false, "wait until the connection links or fails")
	f.DurationVar(&timeout, "timeout", 10*time.Minute, "with --wait: give up after this long (exit 3)")
	f.BoolVar(&asJSON, "json", false, "print one JSON object on stdout")
	return cmd
}

// companyState reads a company's connections and, when one is linked, its
// data status.
func companyState(ctx context.Context, c *api.Client, co api.Company) (companyStatus, error) {
	conns, err := c.ListConnections(ctx, co.ID)
	if err != nil {
		return companyStatus{}, err
	}
	st := companyStatus{CompanyID: co.ID, CompanyName: co.Name, Status: string(api.PendingAuth),
		Connections: []connectionView{}, Data: map[string]string{}}
	for _, conn := range conns {
		st.Connections = append(st.Connections, viewConnection(conn))
		if conn.Status == api.Linked {
			st.Status = string(api.Linked)
		}
	}
	if st.Status == string(api.Linked) {
		ds, err := c.DataStatus(ctx, co.ID)
		if err != nil {
			return companyStatus{}, err
		}
		st.DataReady = len(ds) > 0
		for key, d := range ds {
			if d.CurrentStatus == "" {
				continue
			}
			st.Data[key] = d.CurrentStatus
			st.DataReady = st.DataReady && api.DataStatusFinal(d.CurrentStatus)
		}
	}
	switch {
	case len(conns) == 0:
		st.NextStep = assets.Text("status.nextnone", shellQuote(co.Name))
	case st.Status != string(api.Linked):
		st.NextStep = assets.Text("status.nextwaiting", statusCommand(co.Name, ""))
	case !st.DataReady:
		st.NextStep = assets.Text("status.nextreading", nil)
	default:
		st.NextStep = assets.Text("status.nextdone", nil)
	}
	return st, nil
}

func viewConnection(c api.Connection) connectionView {
	v := connectionView{ConnectionID: c.ID, PlatformKey: c.IntegrationKey, PlatformName: c.PlatformName,
		SourceType: string(c.SourceType), Status: string(c.Status)}
	if !c.Created.IsZero() {
		v.Created = c.Created.UTC().Format(time.RFC3339)
	}
	for _, e := range c.DataConnectionErrors {
		if strings.EqualFold(e.Status, "Active") {
			v.Error = e.ErrorMessage
			if v.Error == "" {
				v.Error = e.StatusText
			}
		}
	}
	return v
}

func printCompanyStatus(w io.Writer, st companyStatus) {
	fmt.Fprintf(w, "%s (%s): %s\n", st.CompanyName, st.CompanyID, st.Status)
	for _, c := range st.Connections {
		line := fmt.Sprintf("  %s (%s) %s: %s", c.PlatformName, c.PlatformKey, c.ConnectionID, c.Status)
		if c.Error != "" {
			line += " (" + c.Error + ")"
		}
		fmt.Fprintln(w, line)
	}
	if len(st.Data) > 0 {
		keys := make([]string, 0, len(st.Data))
		for k := range st.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintln(w, "  Data:")
		for _, k := range keys {
			fmt.Fprintf(w, "    %s: %s\n", k, st.Data[k])
		}
	}
}

// statusPending checks every remembered onboarding of this Codat that was
// not linked yet, and notes what Codat says now.
func (a *app) statusPending(ctx context.Context, cmd *cobra.Command, b *backend, asJSON bool) error {
	stderr := cmd.ErrOrStderr()
	st, err := a.openStore(stderr)
	if err != nil {
		return err
	}
	list := pendingList{BaseURL: b.baseURL, Pending: []pendingView{}}
	stillPending := 0
	for _, e := range st.Pending(b.baseURL) {
		v := pendingView{CompanyID: e.CompanyID, CompanyName: e.CompanyName, Category: e.Category,
			PlatformKey: e.PlatformKey, PlatformName: e.PlatformName, ConnectionID: e.ConnectionID,
			Path: e.Path, Recipient: e.Recipient, Status: e.Status}
		if !e.SentAt.IsZero() {
			v.SentAt = e.SentAt.UTC().Format(time.RFC3339)
		}
		verdict, err := steps.CheckPending(ctx, b.client, e.Item(), nil)
		conn := verdict.Connection
		switch {
		case err != nil && (api.KeyRefused(err) || isRateLimited(err)):
			return b.classify(err)
		case err != nil:
			v.Error = a.explain(err)
		case conn.ID != "":
			v.ConnectionID, v.Status = conn.ID, verdict.Status
			if v.PlatformName == "" {
				v.PlatformName = conn.PlatformName
			}
			if v.PlatformKey == "" {
				v.PlatformKey = conn.PlatformKey
			}
			if err := st.Update(e.ID, func(s *store.Entry) {
				s.Status, s.ConnectionID, s.CheckedAt = verdict.Status, conn.ID, a.sys.now().UTC()
			}); err != nil {
				say(stderr, "status.cantupdate", a.explain(err))
			}
		}
		if v.Status != string(api.Linked) {
			stillPending++
		}
		list.Pending = append(list.Pending, v)
	}
	if asJSON {
		if err := writeJSON(cmd.OutOrStdout(), list); err != nil {
			return err
		}
	} else {
		out := cmd.OutOrStdout()
		if len(list.Pending) == 0 {
			say(stderr, "status.nothingpending", b.baseURL)
		}
		for _, v := range list.Pending {
			say(out, "status.pending", v)
		}
	}
	if stillPending > 0 {
		return withCode(exitPending, nil)
	}
	return nil
}

func isRateLimited(err error) bool {
	_, ok := api.RateLimited(err)
	return ok
}

// statusWait waits for one connection to link or fail, saying what happens
// on stderr.
func (a *app) statusWait(ctx context.Context, cmd *cobra.Command, b *backend, company, companyID, platform string, timeout time.Duration, asJSON bool) error {
	stderr := cmd.ErrOrStderr()
	cctx, cancel := context.WithTimeout(ctx, commandTimeout)
	target, err := a.waitTarget(cctx, b, company, companyID, platform, stderr)
	cancel()
	if err != nil {
		return err
	}
	if target.status == api.Linked {
		// Already done: webhooks would never come, and the first safety
		// check is a minute away.
		say(stderr, "wait.alreadylinked", assets.Vars{"Platform": target.platformName, "Company": target.co.Name})
		res := waitResult{CompanyID: target.co.ID, CompanyName: target.co.Name, ConnectionID: target.connID,
			PlatformKey: target.platformKey, Status: string(api.Linked), Outcome: "linked", Via: api.ViaPoll, Data: map[string]string{}}
		a.noteWaitResult(b, target, res, stderr)
		if asJSON {
			return writeJSON(cmd.OutOrStdout(), res)
		}
		return nil
	}
	events, stopHooks, why := b.webhooks(ctx, a.flags, a.sys.getenv, stderr)
	defer stopHooks()
	what := cmpOr(target.platformName, assets.Text("wait.theconnection", nil))
	if events != nil {
		say(stderr, "wait.listening", assets.Vars{"Company": target.co.Name, "What": what})
	} else {
		say(stderr, "wait.polling", assets.Vars{"Company": target.co.Name, "What": what, "Why": why})
	}

	wctx, stop := context.WithTimeout(ctx, timeout)
	defer stop()
	updates := api.Watch(wctx, b.client, events, api.WatchOptions{
		CompanyID: target.co.ID, ConnectionID: target.connID, PlatformKey: target.platformKey, Webhooks: events != nil,
	})
	res := waitResult{CompanyID: target.co.ID, CompanyName: target.co.Name, ConnectionID: target.connID,
		PlatformKey: target.platformKey, Status: string(api.PendingAuth), Outcome: "pending", Via: api.ViaPoll, Data: map[string]string{}}
	var last api.Update
	var lastErr error
	for u := range updates {
		last = u
		res.Via = u.Via
		if u.Connection.ID != "" {
			res.ConnectionID = u.Connection.ID
		}
		if u.Status != "" {
			res.Status = string(u.Status)
		}
		switch {
		case u.Err != nil && !u.RateLimitedUntil.IsZero():
			say(stderr, "wait.ratelimited", u.RateLimitedUntil.Format("15:04:05"))
		case u.Err != nil:
			lastErr = u.Err
			say(stderr, "wait.cantcheck", a.explain(u.Err))
		case u.Failed:
		case u.Status == api.Linked:
		case !u.NextCheck.IsZero():
			say(stderr, "wait.still", assets.Vars{"Status": statusWords(u.Status), "Next": u.NextCheck.Format("15:04:05")})
		}
	}
	switch {
	case last.Failed:
		res.Status, res.Outcome, res.Reason = "Failed", "failed", last.Reason
		say(stderr, "wait.failed", assets.Vars{"What": what, "Reason": last.Reason, "Quoted": shellQuote(target.co.Name), "Key": target.platformKey})
	case last.Status == api.Linked:
		res.Outcome = "linked"
		say(stderr, "wait.linked", assets.Vars{"Company": target.co.Name, "What": what, "Via": last.Via})
	case last.Final && lastErr != nil:
		return b.classify(lastErr)
	case errors.Is(ctx.Err(), context.Canceled):
		say(stderr, "wait.stopped", statusCommand(target.co.Name, target.platformKey))
		return withCode(exitInterrupted, nil)
	default:
		say(stderr, "wait.timedout", assets.Vars{"Timeout": timeout, "Status": statusCommand(target.co.Name, target.platformKey)})
	}
	if asJSON {
		if err := writeJSON(cmd.OutOrStdout(), res); err != nil {
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
		case 1:
			companyID = remembered[0].CompanyID
		default:
			return t, usage("wait.severalpending", len(remembered))
		}
	}
	co, err := findCompany(ctx, b.client, company, companyID, stderr)
	if err != nil {
		return t, b.classify(err)
	}
	t.co = co
	var category flow.Category
	for _, e := range remembered {
		if e.CompanyID == co.ID && (platform == "" || strings.EqualFold(platform, e.PlatformKey)) {
			t.entryID, category = e.ID, flow.Category(e.Category)
			if platform == "" {
				platform = e.PlatformKey
			}
			break
		}
	}
	var in flow.Platform
	var catalogue []flow.Platform
	if platform != "" {
		if in, catalogue, err = resolvePlatform(ctx, b.client, platform); err != nil {
			return t, b.classify(err)
		}
		t.platformKey, t.platformName = in.Key, in.Name
	}
	conns, err := b.client.ListConnections(ctx, co.ID)
	if err != nil {
		return t, b.classify(err)
	}
	chosen, found := flow.ChooseConnection(steps.ConnectionsOf(conns), flow.TargetFor(in.Key, category, catalogue))
	switch {
	case found:
		t.connID, t.status = chosen.ID, api.ConnectionStatus(chosen.Status)
		if t.platformKey == "" {
			t.platformKey, t.platformName = chosen.PlatformKey, chosen.PlatformName
		}
	case t.platformKey == "":
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
