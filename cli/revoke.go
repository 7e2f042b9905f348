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

func newUnlinkCmd(a *app) *cobra.Command {
	return newRevocationCmd(a, revocation{
		use:   "unlink",
		short: assets.Text("unlink.short", nil),
		long:  assets.Text("unlink.long", nil),
		verb:  "unlink",
		question: func(p, c string) string {
			return assets.Text("unlink.question", assets.Vars{"Platform": p, "Company": c})
		},
		do: confirmUnlink,
		done: func(p, c string) string {
			return assets.Text("unlink.done", assets.Vars{"Platform": p, "Company": c, "Quoted": shellQuote(c)})
		},
		unconfirmed: func(p, c, status string) string {
			return assets.Text("unlink.unconfirmed", assets.Vars{"Platform": p, "Company": c, "Status": status, "Quoted": shellQuote(c)})
		},
	})
}

// confirmUnlink unlinks and believes it only when Codat says Unlinked: in
// its answer, or, when the answer says otherwise or nothing, on reading the
// connection again.
func confirmUnlink(ctx context.Context, c *api.Client, co, conn string) (string, bool, error) {
	got, err := c.UnlinkConnection(ctx, co, conn)
	if err != nil {
		return "", false, err
	}
	if got.Status != api.Unlinked {
		if got, err = c.GetConnection(ctx, co, conn); err != nil {
			return "", false, err
		}
	}
	return string(got.Status), got.Status == api.Unlinked, nil
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

func newRevokeCmd(a *app) *cobra.Command {
	return newRevocationCmd(a, revocation{
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
	})
}

func newRevocationCmd(a *app, r revocation) *cobra.Command {
	var (
		company, companyID, platform, connection string
		yes, asJSON                              bool
	)
	cmd := &cobra.Command{
		Use:     r.use,
		Short:   r.short,
		Long:    r.long,
		Example: assets.Text("revocation.example", r.use),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stderr := cmd.ErrOrStderr()
			switch {
			case company == "" && companyID == "":
				return usage("revocation.nocompany", r.verb)
			case company != "" && companyID != "":
				return usage("company.nameandid", nil)
			case platform == "" && connection == "":
				return usage("revocation.noconnection", r.verb)
			case platform != "" && connection != "":
				return usage("revocation.platformandid", nil)
			case !yes && !a.sys.canPrompt():
				return usage("revocation.noterminal", r.verb)
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), commandTimeout)
			defer cancel()
			b, err := a.backendFor(ctx, stderr)
			if err != nil {
				return err
			}
			defer b.close()
			co, err := findCompany(ctx, b.client, company, companyID, stderr)
			if err != nil {
				return b.classify(err)
			}
			conn, err := chooseConnection(ctx, b.client, co, strings.TrimSpace(platform), strings.TrimSpace(connection))
			if err != nil {
				return b.classify(err)
			}
			name := cmpOr(conn.PlatformName, conn.IntegrationKey)
			if !yes {
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
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), res)
			}
			fmt.Fprintln(stderr, res.NextStep)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&company, "company", "", "the business's name in Codat")
	f.StringVar(&companyID, "company-id", "", "or the company's id in Codat")
	f.StringVar(&platform, "platform", "", "the platform's key or name, e.g. gbol or Xero")
	f.StringVar(&connection, "connection", "", "or the connection's id")
	f.BoolVarP(&yes, "yes", "y", false, "don't ask for confirmation (needed when there is no terminal)")
	f.BoolVar(&asJSON, "json", false, "print one JSON object on stdout")
	return cmd
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
