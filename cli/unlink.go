package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
)

// unlinkRevocation is unlink: the connection stays, its access ended.
func unlinkRevocation() revocation {
	return revocation{
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
	}
}

func newUnlinkCmd(a *app, runF func(*revocationOptions) error) *cobra.Command {
	return newRevocationCmd(a, unlinkRevocation(), runF, runUnlink)
}

// runUnlink unlinks one connection of a company, after asking unless Yes.
func runUnlink(ctx context.Context, opts *revocationOptions) error {
	return runRevocation(ctx, opts, unlinkRevocation())
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
