package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// revokeResult is `onboard unlink --json` and `onboard revoke --json`.
type revokeResult struct {
	CompanyID    string `json:"company_id"`
	CompanyName  string `json:"company_name"`
	ConnectionID string `json:"connection_id"`
	PlatformKey  string `json:"platform_key"`
	PlatformName string `json:"platform_name"`
	Status       string `json:"status"` // Unlinked, or Deleted
	NextStep     string `json:"next_step"`
}

// revocation is what unlink and revoke differ in.
type revocation struct {
	use, short, long, verb string
	question               func(platform, company string) string
	// do makes the change and reads back what Codat says came of it: the
	// status to report, and whether that is the change asked for.
	do   func(ctx context.Context, c *api.Client, companyID, connectionID string) (status string, confirmed bool, err error)
	done func(platform, company string) string
	// unconfirmed says what Codat answered when it was not the change.
	unconfirmed func(platform, company, status string) string
}

// confirmDelete deletes and believes it only when the connection is gone
// on reading it again.
func confirmDelete(ctx context.Context, c *api.Client, co, conn string) (string, bool, error) {
	if err := c.DeleteConnection(ctx, co, conn); err != nil {
		return "", false, err
	}
	left, err := c.GetConnection(ctx, co, conn)
	switch {
	case api.IsNotFound(err):
		return "Deleted", true, nil
	case err != nil:
		return "", false, err
	}
	return string(left.Status), false, nil
}

// revokeRevocation is revoke: delete the connection, and with it Codat's
// access to the platform.
func revokeRevocation() revocation {
	return revocation{
		use:   "revoke",
		short: assets.Text("revoke.short", nil),
		long:  assets.Text("revoke.long", nil),
		verb:  "delete",
		question: func(p, c string) string {
			return assets.Text("revoke.question", assets.Vars{"Platform": p, "Company": c})
		},
		do: confirmDelete,
		done: func(p, c string) string {
			return assets.Text("revoke.done", assets.Vars{"Platform": p, "Company": c})
		},
		unconfirmed: func(p, c, status string) string {
			return assets.Text("revoke.unconfirmed", assets.Vars{"Platform": p, "Company": c, "Status": status, "Quoted": shellQuote(c)})
		},
	}
}

func newRevokeCmd(a *app, runF func(*revocationOptions) error) *cobra.Command {
	return newRevocationCmd(a, revokeRevocation(), runF, runRevoke)
}

// runRevoke deletes one connection of a company, after asking unless Yes.
func runRevoke(ctx context.Context, opts *revocationOptions) error {
	return runRevocation(ctx, opts, revokeRevocation())
}

// revocationOptions is what `onboard unlink` or `onboard revoke` was asked
// to do: which company (by name or id), which connection (by platform or
// id), and whether to ask first.
type revocationOptions struct {
	app                                      *app
	Company, CompanyID, Platform, Connection string
	Yes, JSON                                bool
}

func newRevocationCmd(a *app, r revocation, runF func(*revocationOptions) error, runReal func(context.Context, *revocationOptions) error) *cobra.Command {
	opts := &revocationOptions{app: a}
	cmd := &cobra.Command{
		Use:     r.use,
		Short:   r.short,
		Long:    r.long,
		Example: assets.Text("revocation.example", r.use),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runReal(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Company, "company", "", assets.Text("flag.revocation.company", nil))
	f.StringVar(&opts.CompanyID, "company-id", "", assets.Text("flag.revocation.companyid", nil))
	f.StringVar(&opts.Platform, "platform", "", assets.Text("flag.revocation.platform", nil))
	f.StringVar(&opts.Connection, "connection", "", assets.Text("flag.revocation.connection", nil))
	f.BoolVarP(&opts.Yes, "yes", "y", false, assets.Text("flag.revocation.yes", nil))
	f.BoolVar(&opts.JSON, "json", false, assets.Text("flag.json", nil))
	return cmd
}

// checkRevocationFlags refuses what can be refused before Codat is asked.
func checkRevocationFlags(opts *revocationOptions, verb string) error {
	switch {
	case opts.Company == "" && opts.CompanyID == "":
		return usage("revocation.nocompany", verb)
	case opts.Company != "" && opts.CompanyID != "":
		return usage("company.nameandid", nil)
	case opts.Platform == "" && opts.Connection == "":
		return usage("revocation.noconnection", verb)
	case opts.Platform != "" && opts.Connection != "":
		return usage("revocation.platformandid", nil)
	case !opts.Yes && !opts.app.sys.canPrompt():
		return usage("revocation.noterminal", verb)
	}
	return nil
}

// runRevocation finds the company and the connection, asks unless Yes,
// makes the change r makes, and reports it only once Codat confirms it.
func runRevocation(ctx context.Context, opts *revocationOptions, r revocation) error {
	a := opts.app
	stderr := a.sys.stderr
	if err := checkRevocationFlags(opts, r.verb); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	b, err := a.backendFor(ctx, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	co, err := findCompany(ctx, b.client, opts.Company, opts.CompanyID, stderr)
	if err != nil {
		return b.classify(err)
	}
	conn, err := chooseConnection(ctx, b.client, co, strings.TrimSpace(opts.Platform), strings.TrimSpace(opts.Connection))
	if err != nil {
		return b.classify(err)
	}
	name := cmpOr(conn.PlatformName, conn.IntegrationKey)
	if !opts.Yes {
		ok, err := confirm(a.sys.stdin, stderr, r.question(name, co.Name))
		if err != nil {
			return err
		}
		if !ok {
			say(stderr, "revocation.nothingchanged", nil)
			return withCode(exitError, nil)
		}
	}
	status, confirmed, err := r.do(ctx, b.client, co.ID, conn.ID)
	if err != nil {
		return b.classify(err)
	}
	if !confirmed {
		return errors.New(r.unconfirmed(name, co.Name, api.Sanitize(status)))
	}
	res := revokeResult{CompanyID: co.ID, CompanyName: co.Name, ConnectionID: conn.ID,
		PlatformKey: conn.IntegrationKey, PlatformName: conn.PlatformName, Status: status, NextStep: r.done(name, co.Name)}
	a.noteRevoked(b, co.ID, conn.ID, stderr)
	if opts.JSON {
		return writeJSON(a.sys.stdout, res)
	}
	fmt.Fprintln(stderr, res.NextStep)
	return nil
}

// chooseConnection finds the connection to unlink or delete, by id or by
// platform; among several of one platform, the linked one.
func chooseConnection(ctx context.Context, c *api.Client, co api.Company, platform, connectionID string) (api.Connection, error) {
	if connectionID != "" {
		conn, err := c.GetConnection(ctx, co.ID, connectionID)
		if api.IsNotFound(err) {
			return api.Connection{}, errors.New(assets.Text("revocation.noid", assets.Vars{"Company": co.Name, "ID": api.Sanitize(connectionID)}))
		}
		return conn, err
	}
	in, catalogue, err := resolvePlatform(ctx, c, platform)
	if err != nil {
		return api.Connection{}, err
	}
	conns, err := c.ListConnections(ctx, co.ID)
	if err != nil {
		return api.Connection{}, err
	}
	target := flow.TargetFor(in.Key, in.Category, catalogue)
	var mine []api.Connection
	for _, conn := range conns {
		if target.Matches(steps.ConnectionOf(conn)) {
			mine = append(mine, conn)
		}
	}
	switch len(mine) {
	case 0:
		return api.Connection{}, errors.New(assets.Text("revocation.noplatform", assets.Vars{"Company": co.Name, "Platform": in.Name}))
	case 1:
		return mine[0], nil
	}
	// Several: the linked one is meant; among others the person must say.
	if chosen, _ := flow.ChooseConnection(steps.ConnectionsOf(mine), target); chosen.Status == flow.StatusLinked {
		return mine[slices.IndexFunc(mine, func(c api.Connection) bool { return c.ID == chosen.ID })], nil
	}
	ids := make([]string, len(mine))
	for i, conn := range mine {
		ids[i] = conn.ID + " (" + string(conn.Status) + ")"
	}
	return api.Connection{}, usage("revocation.several", assets.Vars{"Company": co.Name, "Count": len(mine), "Platform": in.Name, "IDs": strings.Join(ids, ", ")})
}

// confirm asks a yes/no question on stderr and reads the answer; only y or
// yes agrees.
func confirm(in io.Reader, stderr io.Writer, question string) (bool, error) {
	fmt.Fprint(stderr, question)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return false, usage("revocation.noanswer", nil)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// noteRevoked forgets remembered onboardings of the connection: they were
// ended on purpose, and are no longer waiting for anyone.
func (a *app) noteRevoked(b *backend, companyID, connectionID string, stderr io.Writer) {
	if b.demo {
		return
	}
	st, err := a.openStore(stderr)
	if err != nil {
		return
	}
	for _, e := range st.List() {
		if e.CompanyID == companyID && e.ConnectionID == connectionID {
			_ = st.Forget(e.ID)
		}
	}
}
