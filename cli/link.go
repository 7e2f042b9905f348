package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/store"
)

// commandTimeout bounds a scripted command's calls to Codat, retries
// included; only status --wait runs longer, by its own --timeout.
const commandTimeout = 2 * time.Minute

// linkResult is `onboard link --json`. The field names are a contract:
// add fields, never rename or remove them.
type linkResult struct {
	CompanyID     string `json:"company_id"`
	CompanyName   string `json:"company_name"` // as Codat stores it
	CompanyReused bool   `json:"company_reused"`
	LinkURL       string `json:"link_url"`      // "" when the platform is already linked
	ConnectionID  string `json:"connection_id"` // "" without --platform
	// Status is the connection's status with --platform (PendingAuth,
	// Linked, ...); without it, Linked when the company has any linked
	// connection, else PendingAuth.
	Status           string `json:"status"`
	NextStep         string `json:"next_step"`
	PlatformKey      string `json:"platform_key"`
	PlatformName     string `json:"platform_name"`
	ConnectionReused bool   `json:"connection_reused"`
	Demo             bool   `json:"demo"`
}

// linkOptions is what `onboard link` was asked to do.
type linkOptions struct {
	app                    *app
	Company, UID, Platform string
	JSON                   bool
}

func newLinkCmd(a *app, runF func(*linkOptions) error) *cobra.Command {
	opts := &linkOptions{app: a}
	cmd := command("link", opts, runF, runLink)
	f := cmd.Flags()
	f.StringVar(&opts.Company, "company", "", assets.Text("flag.link.company", nil))
	f.StringVar(&opts.UID, "uid", "", assets.Text("flag.link.uid", nil))
	f.StringVar(&opts.Platform, "platform", "", assets.Text("flag.link.platform", nil))
	f.BoolVar(&opts.JSON, "json", false, assets.Text("flag.json", nil))
	return cmd
}

// runLink finds or makes the company, and the connection when a platform
// is named, and prints the link to sign in with.
func runLink(ctx context.Context, opts *linkOptions) error {
	a := opts.app
	stdout, stderr := a.sys.stdout, a.sys.stderr
	name, err := companyNameFlag(opts.Company, stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	b, err := a.backendFor(ctx, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	res, err := a.link(ctx, b, name, strings.TrimSpace(opts.UID), strings.TrimSpace(opts.Platform), stderr)
	if err != nil {
		return b.classify(err)
	}
	if opts.JSON {
		return writeJSON(stdout, res)
	}
	if res.LinkURL != "" {
		fmt.Fprintln(stdout, res.LinkURL)
	}
	say(stderr, "root.next", res.NextStep)
	return nil
}

// companyNameFlag checks --company and says on stderr what Codat will
// store when it drops characters from the name. It returns the name as
// typed, spaces tidied: the client spells it Codat's way for the name and
// keeps it as typed in the description of a company it makes.
func companyNameFlag(name string, stderr io.Writer) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", usage("company.missing", nil)
	}
	if err := flow.ValidateCompanyName(name); err != nil {
		return "", usage("company.invalid", assets.Vars{"Name": api.Sanitize(name), "Err": err})
	}
	if cleaned, changed := flow.CodatName(name); changed {
		say(stderr, "company.renamed", assets.Vars{"Rule": flow.NameRule(), "Name": cleaned})
	}
	return strings.Join(strings.Fields(name), " "), nil
}

func (a *app) link(ctx context.Context, b *backend, name, uid, platformArg string, stderr io.Writer) (linkResult, error) {
	in, co, reused, err := a.findForLink(ctx, b, name, uid, platformArg)
	if err != nil {
		return linkResult{}, err
	}
	return a.linkCompany(ctx, b, co, reused, uid, in, stderr)
}

// linkCompany gets the link for a company found or made: the connection's
// to platform in, or without one (in is zero) the company's Hosted Link.
// link and bulk both go through it.
func (a *app) linkCompany(ctx context.Context, b *backend, co api.Company, reused bool, uid string, in flow.Platform, stderr io.Writer) (linkResult, error) {
	res := linkResult{CompanyID: co.ID, CompanyName: co.Name, CompanyReused: reused, Demo: b.demo}
	say(stderr, "company.chosen", assets.Vars{"Name": co.Name, "ID": co.ID, "Reused": reused})
	again := statusCommand(co.Name, in.Key)

	if in.Key == "" {
		// The company was read just now, by the search or the create:
		// its Hosted Link and connections are fresh.
		link, err := b.client.CompanyLink(co)
		if err != nil {
			return linkResult{}, err
		}
		res.LinkURL, res.Status = link, string(api.PendingAuth)
		if slices.ContainsFunc(co.DataConnections, func(c api.Connection) bool { return c.Status == api.Linked }) {
			res.Status = string(api.Linked)
		}
		res.NextStep = assets.Text("link.nextpick", assets.Vars{"Quoted": shellQuote(co.Name), "Status": again})
		return res, nil
	}

	res.PlatformKey, res.PlatformName = in.Key, in.Name
	// A company just made has no connections; one found may, and the
	// chooser picks from them: the linked one, or one to reuse.
	p, err := steps.PrepareConnection(ctx, b.guarded, steps.ConnectionRequest{
		CompanyID: co.ID, Platform: in, Known: steps.ConnectionsOf(co.DataConnections),
		Recheck: reused && len(co.DataConnections) == 0, NewCompany: !reused,
	})
	var bad steps.ErrBadLink
	if errors.As(err, &bad) {
		return linkResult{}, fmt.Errorf("%s: %w", assets.Text("link.badlink", in.Name), bad.Err)
	}
	if err != nil {
		return linkResult{}, err
	}
	conn := p.Connection
	res.ConnectionReused = p.Reused || p.AlreadyLinked
	if p.AlreadyLinked {
		res.ConnectionID, res.Status = conn.ID, conn.Status
		res.NextStep = assets.Text("link.nextalready", assets.Vars{"Platform": in.Name, "Company": co.Name, "Status": statusCommand(co.Name, "")})
		say(stderr, "link.platformlinked", assets.Vars{"Name": in.Name, "Key": in.Key, "ID": conn.ID})
		return res, nil
	}
	link := conn.LinkURL
	res.ConnectionID, res.Status, res.LinkURL = conn.ID, conn.Status, link
	say(stderr, "link.platform", assets.Vars{"Name": in.Name, "Key": in.Key, "ID": conn.ID, "Reused": res.ConnectionReused})
	res.NextStep = assets.Text("link.nextsignin", assets.Vars{"Platform": in.Name, "Company": co.Name, "Status": again})
	a.remember(b, store.Entry{
		CompanyID: co.ID, CompanyName: co.Name, UID: uid, Category: string(in.Category),
		PlatformKey: in.Key, PlatformName: in.Name, ConnectionID: conn.ID, Path: store.PathAuthorize,
		Status: conn.Status,
	}, stderr)
	return res, nil
}

// findForLink resolves the platform and looks for the company side by
// side, then creates the company if none was found: a wrong platform
// makes nothing. The company comes from the look's or the create's answer,
// with its Hosted Link and connections, so it need not be read again.
func (a *app) findForLink(ctx context.Context, b *backend, name, uid, platformArg string) (flow.Platform, api.Company, bool, error) {
	var in flow.Platform
	platformErr := make(chan error, 1)
	go func() {
		if platformArg == "" {
			platformErr <- nil
			return
		}
		var err error
		in, _, err = resolvePlatform(ctx, b.client, platformArg)
		platformErr <- err
	}()
	looked := time.Now()
	co, found, err := b.client.FindCompany(ctx, name, uid)
	if perr := <-platformErr; perr != nil {
		return flow.Platform{}, api.Company{}, false, perr
	}
	switch {
	case err != nil:
		return flow.Platform{}, api.Company{}, false, err
	case found:
		return in, co, true, nil
	}
	co, reused, err := b.guarded.CreateCompanySearched(ctx, name, uid, looked)
	return in, co, reused, err
}

// hostedLink reads the company's Hosted Link afresh, and its status:
// Linked when it has any linked connection, else PendingAuth.
func hostedLink(ctx context.Context, b *backend, companyID string) (link, status string, err error) {
	link, err = steps.FreshHostedLink(ctx, b.client, companyID)
	if err != nil {
		return "", "", err
	}
	conns, err := b.client.ListConnections(ctx, companyID)
	if err != nil {
		return "", "", err
	}
	if slices.ContainsFunc(conns, func(c api.Connection) bool { return c.Status == api.Linked }) {
		return link, string(api.Linked), nil
	}
	return link, string(api.PendingAuth), nil
}

// remember records an onboarding in the local list, for `onboard status`
// later. The demo's sandbox ends with the command, so nothing is kept then.
// A failure to remember is told, never fatal: Codat has the real state.
func (a *app) remember(b *backend, e store.Entry, stderr io.Writer) bool {
	if b.demo || !flow.Category(e.Category).Known() {
		return false
	}
	st, err := a.openStore(stderr)
	if err != nil {
		say(stderr, "remember.failed", a.explain(err))
		return false
	}
	e.BaseURL = b.baseURL
	e.CheckedAt = a.sys.now().UTC()
	if _, err := st.Upsert(e); err != nil {
		say(stderr, "remember.failed", a.explain(err))
		return false
	}
	return true
}

// openStore opens the list of onboardings and passes on what it says.
func (a *app) openStore(stderr io.Writer) (*store.Store, error) {
	path, err := storePath(a.sys.getenv)
	if err != nil {
		return nil, err
	}
	st, notices, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	for _, n := range notices {
		fmt.Fprintln(stderr, n.Message)
	}
	return st, nil
}

// resolvePlatform finds the platform a person means by a key ("gbol") or a
// name ("Xero"), ignoring case, in Codat's whole catalogue, which it returns
// too (connections without an integrationKey are recognised through it).
// An unknown one is a usage error that lists the close matches.
func resolvePlatform(ctx context.Context, c steps.Codat, arg string) (flow.Platform, []flow.Platform, error) {
	catalogue, _, err := steps.Catalogue(ctx, c)
	if err != nil {
		return flow.Platform{}, nil, err
	}
	p, err := platformIn(catalogue, arg)
	return p, catalogue, err
}

// platformIn finds the platform arg names in catalogue; an unknown one is a
// usage error that lists the close matches, a disabled one an error.
func platformIn(catalogue []flow.Platform, arg string) (flow.Platform, error) {
	if p, ok := flow.FindPlatform(catalogue, arg); ok {
		if p.Disabled {
			return flow.Platform{}, errors.New(assets.Text("platform.disabled", assets.Vars{"Name": p.Name, "Key": p.Key}))
		}
		return p, nil
	}
	close := flow.ClosePlatforms(catalogue, arg, 6)
	if len(close) == 0 {
		return flow.Platform{}, usage("platform.unknown", api.Sanitize(arg))
	}
	list := make([]string, len(close))
	for i, p := range close {
		list[i] = fmt.Sprintf("%s (%s)", p.Key, p.Name)
	}
	return flow.Platform{}, usage("platform.didyoumean", assets.Vars{"Arg": api.Sanitize(arg), "Close": strings.Join(list, ", ")})
}

// findCompany finds an existing company by id or by name, never creating
// one. Among several with the name, the one with connections, then the
// oldest, is used, and stderr says so.
func findCompany(ctx context.Context, c *api.Client, name, id string, stderr io.Writer) (api.Company, error) {
	if id = strings.TrimSpace(id); id != "" {
		co, err := c.GetCompany(ctx, id)
		if api.IsNotFound(err) {
			return api.Company{}, errors.New(assets.Text("company.noid", assets.Vars{"ID": api.Sanitize(id), "BaseURL": c.BaseURL()}))
		}
		return co, err
	}
	found, err := c.SearchCompanies(ctx, name)
	if err != nil {
		return api.Company{}, err
	}
	want, _ := flow.CodatName(name)
	found = slices.DeleteFunc(found, func(co api.Company) bool { return !flow.SameCompanyName(co.Name, name) })
	switch len(found) {
	case 0:
		return api.Company{}, errNoCompany{name: want, base: c.BaseURL()}
	case 1:
		return found[0], nil
	}
	best := slices.MinFunc(found, func(x, y api.Company) int {
		xc, yc := len(x.DataConnections) > 0, len(y.DataConnections) > 0
		if xc != yc {
			if xc {
				return -1
			}
			return 1
		}
		return cmp.Or(x.Created.Compare(y.Created.Time), cmp.Compare(x.ID, y.ID))
	})
	say(stderr, "company.several", assets.Vars{"Count": len(found), "Name": want, "ID": best.ID})
	return best, nil
}

// errNoCompany says no company has the name; it suggests creating it.
type errNoCompany struct{ name, base string }

func (e errNoCompany) Error() string {
	return assets.Text("company.none", assets.Vars{"Name": e.name, "BaseURL": e.base, "Quoted": shellQuote(e.name)})
}

// statusCommand is the command that checks on a company, for next steps.
func statusCommand(company, platformKey string) string {
	s := "onboard status --company " + shellQuote(company)
	if platformKey != "" {
		s += " --platform " + platformKey
	}
	return s
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.,@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
