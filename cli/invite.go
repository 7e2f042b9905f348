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
	"github.com/onboardcli/onboard/steps"
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

// inviteOptions is what `onboard invite` was asked to do.
type inviteOptions struct {
	app                                        *app
	Company, UID, To, From, Platform, Category string
	FromEmail                                  string // the sender's address, for the .eml's From line
	Print                                      string // text, mailto or eml
	Copy, JSON                                 bool
}

func newInviteCmd(a *app, runF func(*inviteOptions) error) *cobra.Command {
	opts := &inviteOptions{app: a}
	cmd := command("invite", opts, runF, runInvite)
	f := cmd.Flags()
	f.StringVar(&opts.Company, "company", "", assets.Text("flag.invite.company", nil))
	f.StringVar(&opts.UID, "uid", "", assets.Text("flag.invite.uid", nil))
	f.StringVar(&opts.To, "to", "", assets.Text("flag.invite.to", nil))
	f.StringVar(&opts.From, "from", "", assets.Text("flag.invite.from", nil))
	f.StringVar(&opts.FromEmail, "from-email", "", assets.Text("flag.invite.fromemail", nil))
	f.StringVar(&opts.Platform, "platform", "", assets.Text("flag.invite.platform", nil))
	f.StringVar(&opts.Category, "category", "", assets.Text("flag.invite.category", nil))
	f.StringVar(&opts.Print, "print", "text", assets.Text("flag.invite.print", nil))
	f.BoolVar(&opts.Copy, "copy", false, assets.Text("flag.invite.copy", nil))
	f.BoolVar(&opts.JSON, "json", false, assets.Text("flag.invite.json", nil))
	return cmd
}

// runInvite finds or makes the company, writes the invite email with its
// Hosted Link, and prints it in the form asked for.
func runInvite(ctx context.Context, opts *inviteOptions) error {
	a := opts.app
	stderr := a.sys.stderr
	category, err := checkInviteFlags(opts)
	if err != nil {
		return err
	}
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
	inv, err := composeInvite(ctx, b, opts, typedName(opts.Company), name, category)
	if err != nil {
		return err
	}
	// What onboard saw happen: the invite is printed for the person to send,
	// or also copied; whether it is ever sent, only their mail app knows.
	handedOn := flow.HandedOnPrepared
	if opts.Copy {
		inv.res.CopiedVia = a.copyInvite(inv.email)
		if inv.res.CopiedVia != "" && inv.res.CopiedVia != "none" {
			handedOn = flow.HandedOnCopied
		}
	}
	inv.res.Remembered = a.remember(b, store.Entry{
		CompanyID: inv.res.CompanyID, CompanyName: inv.sayName, UID: strings.TrimSpace(opts.UID),
		Category: inv.res.Category, PlatformKey: inv.res.PlatformKey, PlatformName: inv.res.PlatformName,
		Path: store.PathDelegate, Recipient: inv.email.To, Status: string(api.PendingAuth),
		HandedOn: string(handedOn), HandedOnAt: a.sys.now().UTC(),
		FromName: strings.TrimSpace(opts.From), FromEmail: strings.TrimSpace(opts.FromEmail),
	}, stderr)
	if opts.JSON {
		return writeJSON(a.sys.stdout, inv.res)
	}
	return a.printInvite(inv, opts.Print)
}

// checkInviteFlags refuses what can be refused before Codat is asked, and
// returns the category asked for, in lower case.
func checkInviteFlags(opts *inviteOptions) (string, error) {
	if strings.TrimSpace(opts.To) == "" {
		return "", usage("invite.noto", nil)
	}
	if err := invite.ValidateAddress(opts.To); err != nil {
		return "", usage("invite.badto", assets.Vars{"To": api.Sanitize(opts.To), "Err": err})
	}
	if from := strings.TrimSpace(opts.FromEmail); from != "" {
		if err := invite.ValidateAddress(from); err != nil {
			return "", usage("invite.badfrom", assets.Vars{"From": api.Sanitize(opts.FromEmail), "Err": err})
		}
	}
	switch opts.Print {
	case "text", "mailto", "eml":
	default:
		return "", usage("invite.badprint", api.Sanitize(opts.Print))
	}
	category := strings.ToLower(strings.TrimSpace(opts.Category))
	if category != "" && !isCategory(category) {
		return "", usage("invite.badcategory", api.Sanitize(category))
	}
	return category, nil
}

// composedInvite is an invite written: the email, the command's result,
// the business's name as the person typed it (the email and what onboard
// remembers say it so; Codat has its own spelling) and the .eml's sender.
type composedInvite struct {
	email   invite.Email
	res     inviteResult
	sayName string
	from    string
}

// typedName is the business's name as typed, spaced as one line.
func typedName(typed string) string { return strings.Join(strings.Fields(typed), " ") }

// composeInvite resolves the platform, finds or makes the company, and
// writes the email with the company's Hosted Link, fetched fresh.
func composeInvite(ctx context.Context, b *backend, opts *inviteOptions, typed, name, category string) (composedInvite, error) {
	// Who reads the data is asked alongside the rest; the email names them
	// when Codat says, and Codat alone when it does not.
	readerCh := make(chan flow.Reader, 1)
	go func() {
		r, _ := steps.WhoReads(ctx, b.client)
		readerCh <- r
	}()
	var in flow.Platform
	if p := strings.TrimSpace(opts.Platform); p != "" {
		var err error
		if in, _, err = resolvePlatform(ctx, b.client, p); err != nil {
			return composedInvite{}, b.classify(err)
		}
		if in.Category != "" {
			category = string(in.Category)
		}
	}
	if category == "" {
		category = string(flow.Accounting)
	}
	co, reused, err := b.guarded.FindOrCreateCompany(ctx, name, strings.TrimSpace(opts.UID))
	if err != nil {
		return composedInvite{}, b.classify(err)
	}
	link, err := b.client.HostedLink(ctx, co.ID)
	if err != nil {
		return composedInvite{}, b.classify(err)
	}
	// The email names the business as typed, when Codat's company is that
	// business under its own spelling (Müller → Mueller).
	sayName := co.Name
	if flow.SameCompanyName(typed, co.Name) {
		sayName = typed
	}
	email, err := inviteEmail(b, invite.Details{
		To: opts.To, FromName: strings.TrimSpace(opts.From), CompanyName: sayName,
		PlatformName: in.Name, Category: category, Link: link, LinkHost: b.linkHost(),
		Reader: <-readerCh,
	})
	if err != nil {
		return composedInvite{}, err
	}
	mailto, tooLong := email.Mailto()
	res := inviteResult{
		CompanyID: co.ID, CompanyName: co.Name, CompanyReused: reused, LinkURL: link,
		Status: string(api.PendingAuth), To: email.To, Subject: email.Subject, Body: email.Body,
		Text: email.Text(), Mailto: mailto, MailtoTooLong: tooLong,
		PlatformKey: in.Key, PlatformName: in.Name, Category: category, Demo: b.demo,
	}
	// With no platform named, the wait needs none either: the remembered
	// invite's category says what to wait for.
	res.NextStep = assets.Text("invite.next", assets.Vars{"Status": statusCommand(co.Name, ""), "Key": in.Key, "To": email.To})
	from := invite.Sender(opts.From, opts.FromEmail)
	return composedInvite{email: email, res: res, sayName: sayName, from: from}, nil
}

// inviteEmail writes the invite d asks for, in the sender's name, for
// the backend's Codat: a sandbox's link says plainly that it is one.
// invite and bulk both compose through it.
func inviteEmail(b *backend, d invite.Details) (invite.Email, error) {
	d.Sandbox = b.isSandbox()
	return invite.Compose(d)
}

// copyInvite puts the invite's message on the clipboard, as the journey's
// t does (share.CopyMessage), says how on stderr, and returns the way it
// went.
func (a *app) copyInvite(email invite.Email) string {
	stderr := a.sys.stderr
	env := share.DetectEnv(a.sys.getenv)
	var writeTerm func(string) error
	if a.sys.stderrTTY {
		writeTerm = func(seq string) error { _, err := fmt.Fprint(stderr, seq); return err }
	}
	r := share.CopyMessage(email.Message(), assets.Text("invite.copyinstead", nil), env, a.sys.clipboard, writeTerm)
	fmt.Fprintln(stderr, r.Message)
	return r.Method
}

// printInvite prints the invite on stdout in the form asked for, and the
// company and the next step on stderr.
func (a *app) printInvite(inv composedInvite, printAs string) error {
	out, stderr, res := a.sys.stdout, a.sys.stderr, inv.res
	say(stderr, "company.chosen", assets.Vars{"Name": res.CompanyName, "ID": res.CompanyID, "Reused": res.CompanyReused})
	switch printAs {
	case "mailto":
		if res.MailtoTooLong {
			say(stderr, "invite.mailtoolong", len(res.Mailto))
		}
		fmt.Fprintln(out, res.Mailto)
	case "eml":
		eml, err := inv.email.EML(inv.from, a.sys.now(), "")
		if err != nil {
			return err
		}
		if _, err := out.Write(eml); err != nil {
			return fmt.Errorf("write the .eml: %w", err)
		}
	default:
		fmt.Fprint(out, inv.email.Text())
	}
	say(stderr, "root.next", res.NextStep)
	return nil
}

func isCategory(s string) bool {
	for _, c := range flow.Categories {
		if string(c) == s {
			return true
		}
	}
	return false
}
