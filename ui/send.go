package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
	"github.com/onboardcli/onboard/share"
)

// Sending the invite: opened in the mail app, copied as text, or saved as an
// .eml file.

// send composes the invite and sends it the way asked for. Each way in
// flow.InviteWays has its case here.
func (r *runner) send(e flow.SendInvite) tea.Cmd {
	email, err := r.compose(e)
	if err != nil {
		return func() tea.Msg {
			return eventMsg{flow.Reported{Key: "delegate.cantwrite", Data: explain(err), Bad: true}}
		}
	}
	switch e.Way {
	case flow.WayMail:
		return r.openInMailApp(email)
	case flow.WayText:
		return r.copyEmailText(email)
	case flow.WayEML:
		return r.saveEML(email, invite.Sender(e.Invite.FromName, e.Invite.FromEmail), e.Company)
	case flow.WayPrint:
		// Only the line-by-line journey prints: its output is the terminal.
		return tea.Batch(
			func() tea.Msg { return tea.RawMsg{Msg: "\n" + email.Text() + "\n"} },
			func() tea.Msg { return eventMsg{flow.Sent{Way: flow.WayPrint}} },
		)
	}
	return nil
}

// compose writes the email from the templates, then takes the subject and
// body the person edited, if they did.
func (r *runner) compose(e flow.SendInvite) (invite.Email, error) {
	host, sandbox := r.links()
	email, err := invite.Compose(invite.Details{
		To: e.Invite.To, ToName: e.Invite.ToName,
		FromName: e.Invite.FromName, FromCompany: e.Invite.FromCompany,
		CompanyName: e.Company, PlatformName: e.Platform, Category: string(e.Category),
		Link: e.Link, LinkHost: host, Sandbox: sandbox, Reader: e.Reader,
	})
	if err != nil {
		return email, err
	}
	if e.Invite.Subject != "" {
		email.Subject = e.Invite.Subject
	}
	if e.Invite.Body != "" {
		email.Body = e.Invite.Body
	}
	return email, nil
}

// openInMailApp opens a mailto: link, for the person to press Send there.
func (r *runner) openInMailApp(email invite.Email) tea.Cmd {
	env, opener := r.deps.Env, r.deps.Browser
	return func() tea.Msg {
		uri, tooLong := email.Mailto()
		if tooLong {
			return eventMsg{flow.Reported{Key: "delegate.toolong", Bad: true}}
		}
		if err := share.Open(uri, env, opener); err != nil {
			return eventMsg{flow.Reported{Key: "delegate.nomail", Data: explain(err), Bad: true}}
		}
		return eventMsg{flow.Sent{Way: flow.WayMail}}
	}
}

// copyEmailText copies the invite's message, as `onboard invite --copy`
// does (share.CopyMessage). It counts as sent only once the text is on a
// clipboard, and says which. Only the first lines of the email are on
// screen to select, so a failed copy points to s and m instead.
func (r *runner) copyEmailText(email invite.Email) tea.Cmd {
	env, native := r.deps.Env, r.deps.Clipboard
	instead := assets.Screen("copy.emailhint", nil)
	return r.copyThen("copy.report", func(term func(string) error) share.CopyResult {
		return share.CopyMessage(email.Message(), instead, env, native, term)
	}, func(note *flow.Notice) flow.Event { return flow.Sent{Way: flow.WayText, Note: note} })
}

// saveEML saves the email as an .eml file to open in a mail app.
func (r *runner) saveEML(email invite.Email, from, company string) tea.Cmd {
	dir := r.deps.SaveDir
	return func() tea.Msg {
		data, err := email.EML(from, time.Now(), "")
		if err == nil {
			var path string
			path, err = writeEML(dir, company, data)
			if err == nil {
				return eventMsg{flow.Sent{Way: flow.WayEML, File: path}}
			}
		}
		return eventMsg{flow.Reported{Key: "delegate.cantsave", Data: explain(err), Bad: true}}
	}
}

// emlSlug names a draft's file after the company: letters spelt as Codat
// spells them (Müller → mueller), anything else one dash.
func emlSlug(company string) string {
	spelt, _ := flow.CodatName(company)
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(spelt) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	if slug := strings.Trim(b.String(), "-"); slug != "" {
		return slug
	}
	return "company"
}

// writeEML writes the draft without overwriting anything already there.
func writeEML(dir, company string, data []byte) (string, error) {
	if dir == "" {
		dir = "."
	}
	slug := emlSlug(company)
	for i := 0; i < 100; i++ {
		name := "invite-" + slug + ".eml"
		if i > 0 {
			name = fmt.Sprintf("invite-%s-%d.eml", slug, i+1)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return "", err
		}
		return path, f.Close()
	}
	return "", errTooManyFiles{dir}
}

// errTooManyFiles says the save directory is full of invites already.
type errTooManyFiles struct{ dir string }

func (e errTooManyFiles) Error() string { return assets.Screen("delegate.toomanyfiles", e.dir) }
