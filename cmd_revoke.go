package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
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
	do                     func(ctx context.Context, c *api.Client, companyID, connectionID string) (string, error)
	done                   func(platform, company string) string
}

func newUnlinkCmd(a *app) *cobra.Command {
	return newRevocationCmd(a, revocation{
		use:   "unlink",
		short: "Stop reading new data from a connection (the data is kept; it can be linked again)",
		long: "Unlinks one of the company's connections: Codat stops reading new data from the platform. The\n" +
			"data already read is kept, and the connection can be linked again later.",
		verb: "unlink",
		question: func(p, c string) string {
			return fmt.Sprintf("Unlink %s from %s? Codat stops reading new data; what it has is kept. [y/N] ", p, c)
		},
		do: func(ctx context.Context, c *api.Client, co, conn string) (string, error) {
			got, err := c.UnlinkConnection(ctx, co, conn)
			return string(cmpStatus(got.Status, api.Unlinked)), err
		},
		done: func(p, c string) string {
			return fmt.Sprintf("Unlinked %s from %s. The data already read is kept; link again with `onboard link --company %s`.", p, c, shellQuote(c))
		},
	})
}

func newRevokeCmd(a *app) *cobra.Command {
	return newRevocationCmd(a, revocation{
		use:   "revoke",
		short: "Delete a connection and the data read through it (permanent)",
		long: "Revokes one of the company's connections for good: the connection and the data Codat read\n" +
			"through it are deleted. Linking again needs a new connection. To keep the data, use unlink.",
		verb: "delete",
		question: func(p, c string) string {
			return fmt.Sprintf("Delete %s's connection to %s, and the data read through it? This cannot be undone. [y/N] ", c, p)
		},
		do: func(ctx context.Context, c *api.Client, co, conn string) (string, error) {
			return "Deleted", c.DeleteConnection(ctx, co, conn)
		},
		done: func(p, c string) string {
			return fmt.Sprintf("Deleted %s's connection to %s, with its data.", c, p)
		},
	})
}

func cmpStatus(got, otherwise api.ConnectionStatus) api.ConnectionStatus {
	if got == "" {
		return otherwise
	}
	return got
}

func newRevocationCmd(a *app, r revocation) *cobra.Command {
	var (
		company, companyID, platform, connection string
		yes, asJSON                              bool
	)
	cmd := &cobra.Command{
		Use:   r.use,
		Short: r.short,
		Long:  r.long,
		Example: fmt.Sprintf("  onboard %s --company \"Acme Ltd\" --platform gbol\n"+
			"  onboard %s --company-id 8a2f… --connection 51c3… --yes --json", r.use, r.use),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stderr := cmd.ErrOrStderr()
			switch {
			case company == "" && companyID == "":
				return usagef("pass --company NAME (or --company-id ID) to say whose connection to %s", r.verb)
			case company != "" && companyID != "":
				return usagef("pass --company or --company-id, not both")
			case platform == "" && connection == "":
				return usagef("pass --platform KEY or --connection ID to say which connection to %s", r.verb)
			case platform != "" && connection != "":
				return usagef("pass --platform or --connection, not both")
			case !yes && !a.sys.canPrompt():
				return usagef("this would %s a connection, and there is no terminal to confirm it: pass --yes", r.verb)
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
					stderrf(stderr, "Nothing changed.\n")
					return withCode(exitError, nil)
				}
			}
			status, err := r.do(ctx, b.client, co.ID, conn.ID)
			if err != nil {
				return b.classify(err)
			}
			res := revokeResult{CompanyID: co.ID, CompanyName: co.Name, ConnectionID: conn.ID,
				PlatformKey: conn.IntegrationKey, PlatformName: conn.PlatformName, Status: status, NextStep: r.done(name, co.Name)}
			a.noteRevoked(b, co.ID, conn.ID, stderr)
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), res)
			}
			stderrf(stderr, "%s\n", res.NextStep)
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
			return api.Connection{}, fmt.Errorf("%s has no connection with id %s", co.Name, api.Sanitize(connectionID))
		}
		return conn, err
	}
	in, err := resolvePlatform(ctx, c, platform)
	if err != nil {
		return api.Connection{}, err
	}
	conns, err := c.ListConnections(ctx, co.ID)
	if err != nil {
		return api.Connection{}, err
	}
	var mine []api.Connection
	for _, conn := range conns {
		if sameIntegration(conn, in) {
			mine = append(mine, conn)
		}
	}
	switch len(mine) {
	case 0:
		return api.Connection{}, fmt.Errorf("%s has no connection to %s", co.Name, in.Name)
	case 1:
		return mine[0], nil
	}
	if linked, ok := pickConnection(mine, in, api.Linked); ok {
		return linked, nil
	}
	ids := make([]string, len(mine))
	for i, conn := range mine {
		ids[i] = conn.ID + " (" + string(conn.Status) + ")"
	}
	return api.Connection{}, usagef("%s has %d connections to %s: pass --connection with one of %s", co.Name, len(mine), in.Name, strings.Join(ids, ", "))
}

// confirm asks a yes/no question on stderr and reads the answer; only y or
// yes agrees.
func confirm(in io.Reader, stderr io.Writer, question string) (bool, error) {
	stderrf(stderr, "%s", question)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return false, usagef("no answer: pass --yes to go ahead without a prompt")
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
