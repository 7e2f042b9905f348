package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
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
	Recipient    string `json:"recipient"` // who the invite is for
	// HandedOn is how far the invite went as onboard saw it: prepared
	// (printed or saved, to send from a mail app), mail_app (opened there,
	// to be sent) or copied; never "sent", which only the mail app knows.
	HandedOn   string `json:"handed_on,omitempty"`
	HandedOnAt string `json:"handed_on_at,omitempty"` // RFC 3339
	Status     string `json:"status"`                 // as Codat says now: PendingAuth, Linked, ...
	Error      string `json:"error,omitempty"`
}

// pendingList is `onboard status --json` without a company.
type pendingList struct {
	BaseURL string        `json:"base_url"`
	Pending []pendingView `json:"pending"`
}

// statusOptions is what `onboard status` was asked to do.
type statusOptions struct {
	app                          *app
	Company, CompanyID, Platform string
	Wait, JSON                   bool
	Timeout                      time.Duration // with Wait
	pollStart                    time.Duration // tests shorten the first wait between rounds of a batch's checks
}

func newStatusCmd(a *app, runF func(*statusOptions) error) *cobra.Command {
	opts := &statusOptions{app: a}
	cmd := command("status", opts, runF, runStatus)
	f := cmd.Flags()
	f.StringVar(&opts.Company, "company", "", assets.Text("flag.status.company", nil))
	f.StringVar(&opts.CompanyID, "company-id", "", assets.Text("flag.status.companyid", nil))
	f.StringVar(&opts.Platform, "platform", "", assets.Text("flag.status.platform", nil))
	f.BoolVar(&opts.Wait, "wait", false, assets.Text("flag.status.wait", nil))
	f.DurationVar(&opts.Timeout, "timeout", 10*time.Minute, assets.Text("flag.status.timeout", nil))
	f.BoolVar(&opts.JSON, "json", false, assets.Text("flag.json", nil))
	return cmd
}

// runStatus says where a company's connections stand, waits for one with
// Wait, or, with no company, checks every onboarding still pending.
// Anything not linked yet exits 3.
func runStatus(ctx context.Context, opts *statusOptions) error {
	a := opts.app
	stderr := a.sys.stderr
	if opts.Company != "" && opts.CompanyID != "" {
		return usage("company.nameandid", nil)
	}
	if opts.Timeout < 0 {
		return usage("status.badtimeout", nil)
	}
	b, err := a.backendFor(ctx, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	if opts.Wait {
		return a.statusWait(ctx, b, opts)
	}
	cctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	if opts.Company == "" && opts.CompanyID == "" {
		return a.statusPending(cctx, b, opts.JSON)
	}
	co, err := findCompany(cctx, b.client, opts.Company, opts.CompanyID, stderr)
	if err != nil {
		return b.classify(err)
	}
	st, err := companyState(cctx, b.client, co)
	if err != nil {
		return b.classify(err)
	}
	if opts.JSON {
		if err := writeJSON(a.sys.stdout, st); err != nil {
			return err
		}
	} else {
		printCompanyStatus(a.sys.stdout, st)
		say(stderr, "root.next", st.NextStep)
	}
	if st.Status != string(api.Linked) {
		return withCode(exitPending, nil)
	}
	return nil
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
	var blocked []string // data types waiting on a prerequisite
	keys := platformKeysOf(ctx, c, conns)
	for _, conn := range conns {
		v := viewConnection(conn)
		v.PlatformKey = cmpOr(v.PlatformKey, keys[conn.ID])
		st.Connections = append(st.Connections, v)
		if conn.Status == api.Linked {
			st.Status = string(api.Linked)
		}
	}
	if st.Status == string(api.Linked) {
		ds, err := c.DataStatus(ctx, co.ID)
		if err != nil {
			return companyStatus{}, err
		}
		// Types never read carry no status (Codat may list them all):
		// ready needs at least one read, and every read finished.
		st.DataReady = true
		read := 0
		for key, d := range ds {
			if d.CurrentStatus == "" {
				continue
			}
			read++
			st.Data[key] = d.CurrentStatus
			st.DataReady = st.DataReady && steps.DataStatusFinal(d.CurrentStatus)
			if d.CurrentStatus == steps.DataPrerequisiteNotMet {
				blocked = append(blocked, key)
			}
		}
		st.DataReady = st.DataReady && read > 0
	}
	slices.Sort(blocked)
	switch {
	case len(conns) == 0:
		st.NextStep = assets.Text("status.nextnone", shellQuote(co.Name))
	case st.Status != string(api.Linked):
		st.NextStep = assets.Text("status.nextwaiting", statusCommand(co.Name, ""))
	case !st.DataReady:
		st.NextStep = assets.Text("status.nextreading", nil)
	case len(blocked) > 0:
		// Final, but that data is not there: not ready.
		st.DataReady = false
		st.NextStep = assets.Text("status.nextblocked", strings.Join(blocked, ", "))
	default:
		st.NextStep = assets.Text("status.nextdone", nil)
	}
	return st, nil
}

// platformKeysOf finds the platform key of each connection Codat gave
// without one (its contract no longer requires integrationKey), from the
// catalogue by integrationId or sourceId. The catalogue is read only when
// a key is missing; when it can't be read, the keys stay empty.
func platformKeysOf(ctx context.Context, c *api.Client, conns []api.Connection) map[string]string {
	keys := map[string]string{}
	if !slices.ContainsFunc(conns, func(conn api.Connection) bool { return conn.IntegrationKey == "" }) {
		return keys
	}
	catalogue, _, err := steps.Catalogue(ctx, c)
	if err != nil {
		return keys
	}
	for _, conn := range conns {
		for _, p := range catalogue {
			if p.Key != "" && flow.TargetFor(p.Key, "", catalogue).Matches(steps.ConnectionOf(conn)) {
				keys[conn.ID] = p.Key
				break
			}
		}
	}
	return keys
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
func (a *app) statusPending(ctx context.Context, b *backend, asJSON bool) error {
	stderr := a.sys.stderr
	st, err := a.openStore(stderr)
	if err != nil {
		return err
	}
	list := pendingList{BaseURL: b.baseURL, Pending: []pendingView{}}
	stillPending := 0
	entries := st.Pending(b.baseURL)
	checked, err := checkAll(ctx, b.client, entries)
	if err != nil {
		return b.classify(err)
	}
	for i, e := range entries {
		v := pendingView{CompanyID: e.CompanyID, CompanyName: e.CompanyName, Category: e.Category,
			PlatformKey: e.PlatformKey, PlatformName: e.PlatformName, ConnectionID: e.ConnectionID,
			Path: e.Path, Recipient: e.Recipient, Status: e.Status, HandedOn: e.HandedOn}
		if !e.HandedOnAt.IsZero() {
			v.HandedOnAt = e.HandedOnAt.UTC().Format(time.RFC3339)
		}
		verdict, err := checked[i].verdict, checked[i].err
		conn := verdict.Connection
		switch {
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
		if err := writeJSON(a.sys.stdout, list); err != nil {
			return err
		}
	} else {
		out := a.sys.stdout
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

// pendingChecks bounds the checks of remembered onboardings under way at
// once: fifty take five round trips, and Codat sees no burst.
const pendingChecks = 10

// checked is one remembered onboarding's check.
type checked struct {
	verdict flow.Verdict
	err     error
}

// checkAll asks Codat about each entry, pendingChecks at a time, and
// returns the answers in the entries' order. A refused key or a rate limit
// stops every check and is returned: the rest would meet it too.
func checkAll(ctx context.Context, c steps.Codat, entries []store.Entry) ([]checked, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]checked, len(entries))
	slots := make(chan struct{}, pendingChecks)
	var (
		wg       sync.WaitGroup
		stopOnce sync.Once
		stopErr  error
	)
	for i, e := range entries {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			verdict, err := steps.CheckPending(ctx, c, e.Item(), nil)
			if err != nil && (api.KeyRefused(err) || isRateLimited(err)) {
				stopOnce.Do(func() { stopErr = err; cancel() })
			}
			out[i] = checked{verdict, err}
		}()
	}
	wg.Wait()
	if stopErr != nil {
		return nil, stopErr
	}
	return out, nil
}
