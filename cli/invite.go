package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
	"github.com/onboardcli/onboard/share"
	"github.com/onboardcli/onboard/store"
)

// inviteResult is `onboard invite --json`. The field names are a contract:
// add fields, never rename or remove them.
type inviteResult struct {
	CompanyID     string `json:"company_id"`
	CompanyName   string `json:"company_name"`
	CompanyReused bool   `json:"company_reused"`
	LinkURL       string `json:"link_url"` // the company's Hosted Link, fetched fresh
	Status        string `json:"status"`
	NextStep      string `json:"next_step"`
	To            string `json:"to"`
	Subject       string `json:"subject"`
	Body          string `json:"body"`
	Text          string `json:"text"` // To, Subject, blank line, body: for webmail or chat
	Mailto        string `json:"mailto"`
	MailtoTooLong bool   `json:"mailto_too_long"` // over 1,800 characters: send the text instead
	PlatformKey   string `json:"platform_key"`
	PlatformName  string `json:"platform_name"`
	Category      string `json:"category"`
	CopiedVia     string `json:"copied_via"` // with --copy: native, osc52, osc52-tmux, osc52-screen or none
	Remembered    bool   `json:"remembered"` // noted for `onboard status`
	Demo          bool   `json:"demo"`
}

func newInviteCmd(a *app) *cobra.Command {
	var (
		company, uid, to, from, platform, category, printAs string
		copyText, asJSON                                    bool
	)
	cmd := &cobra.Command{
		Use:     "invite",
		Short:   assets.Text("invite.short", nil),
		Long:    assets.Text("invite.long", nil),
		Example: assets.Text("invite.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stderr := cmd.ErrOrStderr()
			if strings.TrimSpace(to) == "" {
				return usage("invite.noto", nil)
			}
			if err := invite.ValidateAddress(to); err != nil {
				return usage("invite.badto", assets.Vars{"To": api.Sanitize(to), "Err": err})
			}
			switch printAs {
			case "text", "mailto", "eml":
			default:
				return usage("invite.badprint", api.Sanitize(printAs))
			}
			category = strings.ToLower(strings.TrimSpace(category))
			if category != "" && !isCategory(category) {
				return usage("invite.badcategory", api.Sanitize(category))
			}
			name, err := companyNameFlag(company, stderr)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), commandTimeout)
			defer cancel()
			b, err := a.backendFor(ctx, stderr)
			if err != nil {
				return err
			}
			defer b.close()

			var in flow.Platform
			if p := strings.TrimSpace(platform); p != "" {
				if in, _, err = resolvePlatform(ctx, b.client, p); err != nil {
					return b.classify(err)
				}
				if in.Category != "" {
					category = string(in.Category)
				}
			}
			if category == "" {
				category = string(flow.Accounting)
			}
			co, reused, err := b.guarded.FindOrCreateCompany(ctx, name, strings.TrimSpace(uid))
			if err != nil {
				return b.classify(err)
			}
			link, err := b.client.HostedLink(ctx, co.ID)
			if err != nil {
				return b.classify(err)
			}
			email, err := invite.Compose(invite.Details{
				To: to, FromName: strings.TrimSpace(from), CompanyName: co.Name,
				PlatformName: in.Name, Category: category, Link: link, LinkHost: b.linkHost, Sandbox: b.local,
			})
			if err != nil {
				return err
			}
			mailto, tooLong := email.Mailto()
			res := inviteResult{
				CompanyID: co.ID, CompanyName: co.Name, CompanyReused: reused, LinkURL: link,
				Status: string(api.PendingAuth), To: email.To, Subject: email.Subject, Body: email.Body,
				Text: email.Text(), Mailto: mailto, MailtoTooLong: tooLong,
				PlatformKey: in.Key, PlatformName: in.Name, Category: category, Demo: b.demo,
			}
			waitFor := in.Key
			if waitFor == "" {
				waitFor = "KEY"
			}
			res.NextStep = assets.Text("invite.next", assets.Vars{"Status": statusCommand(co.Name, ""), "Key": waitFor, "To": email.To})

			if copyText {
				env := share.DetectEnv(a.sys.getenv)
				var writeTerm func(string) error
				if a.sys.stderrTTY {
					writeTerm = func(seq string) error { _, err := fmt.Fprint(stderr, seq); return err }
				}
				r := share.Copy(email.Text(), env, a.sys.clipboard, writeTerm)
				res.CopiedVia = r.Method
				fmt.Fprintln(stderr, strings.Replace(r.Message, "the link above", "the email below", 1))
			}
			res.Remembered = a.remember(b, store.Entry{
				CompanyID: co.ID, CompanyName: co.Name, UID: strings.TrimSpace(uid), Category: category,
				PlatformKey: in.Key, PlatformName: in.Name, Path: store.PathDelegate,
				Recipient: email.To, SentAt: a.sys.now().UTC(), Status: string(api.PendingAuth),
			}, stderr)

			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, res)
			}
			say(stderr, "company.chosen", assets.Vars{"Name": co.Name, "ID": co.ID, "Reused": reused})
			switch printAs {
			case "mailto":
				if tooLong {
					say(stderr, "invite.mailtoolong", len(mailto))
				}
				fmt.Fprintln(out, mailto)
			case "eml":
				eml, err := email.EML("", a.sys.now(), "")
				if err != nil {
					return err
				}
				if _, err := out.Write(eml); err != nil {
					return fmt.Errorf("write the .eml: %w", err)
				}
			default:
				fmt.Fprint(out, email.Text())
			}
			say(stderr, "root.next", res.NextStep)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&company, "company", "", "the business's name, as it should appear in Codat (required)")
	f.StringVar(&uid, "uid", "", "your own id for the business, kept as Codat tag uid")
	f.StringVar(&to, "to", "", "the address of the person who can sign in, e.g. jane@firm.example (required)")
	f.StringVar(&from, "from", "", "your name, to sign the email with")
	f.StringVar(&platform, "platform", "", "the platform's key or name, e.g. gbol or Xero (default: they pick)")
	f.StringVar(&category, "category", "", "accounting, banking or commerce, when no --platform is given (default accounting)")
	f.StringVar(&printAs, "print", "text", "how to print the invite: text, mailto or eml")
	f.BoolVar(&copyText, "copy", false, "also copy the email text to the clipboard")
	f.BoolVar(&asJSON, "json", false, "print one JSON object on stdout (every form of the invite)")
	return cmd
}

func isCategory(s string) bool {
	for _, c := range flow.Categories {
		if string(c) == s {
			return true
		}
	}
	return false
}
