package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/bulk"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
	"github.com/onboardcli/onboard/store"
)

// bulkWorker does one company and one row of a bulk run with the code of
// `onboard link` and `onboard invite`: the same find-or-create under the
// same locks, the same link step, the same invite and the same memory of
// it for `onboard status`.
type bulkWorker struct {
	a    *app
	b    *backend
	opts *bulkOptions
}

func (w bulkWorker) Company(ctx context.Context, g bulk.Group) (bulk.Company, error) {
	co, reused, err := w.b.guarded.FindOrCreateCompany(ctx, cmp.Or(g.Typed, g.Name), g.UID)
	if err != nil {
		return bulk.Company{}, err
	}
	return bulk.Company{Company: co, Reused: reused}, nil
}

func (w bulkWorker) Link(ctx context.Context, co bulk.Company, row bulk.Checked, again bool) (bulk.Outcome, error) {
	if again && row.Platform.Key != "" {
		// The connection chooser finds one a failed attempt made only
		// among the company's connections as they are now.
		conns, err := w.b.client.ListConnections(ctx, co.ID)
		if err != nil {
			return bulk.Outcome{}, err
		}
		co.DataConnections = conns
	}
	res, err := w.a.linkCompany(ctx, w.b, co.Company, co.Reused, row.UID, row.Platform, io.Discard)
	if err != nil {
		return bulk.Outcome{}, err
	}
	out := bulk.Outcome{LinkURL: res.LinkURL, ConnectionID: res.ConnectionID, PlatformKey: res.PlatformKey, Status: res.Status}
	if !row.Invite() || res.LinkURL == "" {
		return out, nil // nothing to hand on: the platform is linked already
	}
	email, err := w.compose(row, flow.ShownName(row.Company, res.CompanyName), res.LinkURL)
	if err != nil {
		return bulk.Outcome{}, err
	}
	out.Invited = true
	if w.opts.Print == "mailto" {
		out.Mailto, _ = email.Mailto()
	}
	if w.opts.Out != "" {
		path := filepath.Join(w.opts.Out, emlName(row.Line, res.CompanyName))
		eml, err := email.EML("", w.a.sys.now(), "")
		if err != nil {
			return bulk.Outcome{}, err
		}
		if err := store.WriteAtomic(path, eml); err != nil {
			return bulk.Outcome{}, err
		}
		out.Invite = path
	}
	w.a.remember(w.b, store.Entry{
		CompanyID: res.CompanyID, CompanyName: res.CompanyName, UID: row.UID, Category: row.Category,
		PlatformKey: row.Platform.Key, PlatformName: row.Platform.Name, ConnectionID: res.ConnectionID,
		Path: store.PathDelegate, Recipient: email.To, HandedOn: string(flow.HandedOnPrepared), HandedOnAt: w.a.sys.now().UTC(),
		FromName: strings.TrimSpace(w.opts.From), Status: string(api.PendingAuth),
	}, io.Discard)
	return out, nil
}

// compose writes the row's invite with link, as `onboard invite` does.
func (w bulkWorker) compose(row bulk.Checked, company, link string) (invite.Email, error) {
	host := w.b.linkHost()
	if row.Platform.Key != "" {
		// A connection's link may live on another of Codat's link hosts;
		// the client checked it, and the email names the host it is on.
		if u, err := url.Parse(link); err == nil {
			host = u.Host
		}
	}
	return inviteEmail(w.b, invite.Details{
		To: row.To, ToName: row.ToName, FromName: strings.TrimSpace(w.opts.From), CompanyName: company,
		PlatformName: row.Platform.Name, Category: row.Category, Link: link, LinkHost: host,
	})
}

// Refresh reads a finished row's state and a fresh link, making nothing.
func (w bulkWorker) Refresh(ctx context.Context, row bulk.Checked, rec bulk.Record) (bulk.Outcome, error) {
	out := bulk.Outcome{ConnectionID: rec.ConnectionID, PlatformKey: rec.PlatformKey, Invite: rec.Invite, Invited: rec.Invited}
	if rec.ConnectionID == "" {
		link, status, err := hostedLink(ctx, w.b, rec.CompanyID)
		if err != nil {
			return bulk.Outcome{}, err
		}
		out.LinkURL, out.Status = link, status
	} else {
		conn, err := w.b.client.GetConnection(ctx, rec.CompanyID, rec.ConnectionID)
		if err != nil {
			return bulk.Outcome{}, err
		}
		out.Status = string(conn.Status)
		if conn.Status != api.Linked {
			if out.LinkURL, err = w.b.client.ValidateLink(conn.LinkURL); err != nil {
				return bulk.Outcome{}, err
			}
		}
	}
	if rec.Invited && w.opts.Print == "mailto" && out.LinkURL != "" {
		if email, err := w.compose(row, flow.ShownName(row.Company, rec.CompanyName), out.LinkURL); err == nil {
			out.Mailto, _ = email.Mailto()
		}
	}
	return out, nil
}

// emlName is the file a row's invite is written to: the file line the row
// starts on, as every message names the row, so two rows of one company
// never share a file; and the company's name.
func emlName(line int, company string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(company) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return fmt.Sprintf("line-%04d-%s.eml", line, strings.Trim(b.String(), "-"))
}
