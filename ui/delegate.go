package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// The delegate screen: the Hosted Link to hand on, and the invite email.

func (m Model) updateDelegate(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.st.HostedLink == "" {
		if key.Matches(msg, m.keys.Back) {
			return m.apply(flow.Back{})
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.apply(flow.Back{})
	case key.Matches(msg, m.keys.Copy):
		return m.apply(flow.CopyRequested{What: flow.CopiedLink})
	case key.Matches(msg, m.keys.QR):
		m.showQR = true
		return m, nil
	case key.Matches(msg, m.keys.Invite):
		return m.openInvite()
	case key.Matches(msg, m.keys.Mail):
		return m.sendOrCompose(flow.WayMail)
	case key.Matches(msg, m.keys.Text):
		return m.sendOrCompose(flow.WayText)
	case key.Matches(msg, m.keys.Save):
		return m.sendOrCompose(flow.WayEML)
	case key.Matches(msg, m.keys.Finish):
		return m.apply(flow.Finish{})
	case key.Matches(msg, m.keys.Another) && m.st.Watch.Status == flow.StatusLinked:
		next, cmd := m.apply(flow.Finish{})
		next2, cmd2 := next.apply(flow.ConnectAnother{})
		return next2, tea.Batch(cmd, cmd2)
	}
	return m, nil
}

// sendOrCompose sends the invite, or opens the composer first when nobody
// has been named yet.
func (m Model) sendOrCompose(way flow.InviteWay) (tea.Model, tea.Cmd) {
	if m.st.Invite.To == "" {
		return m.openInvite()
	}
	return m.apply(flow.SendRequested{Way: way})
}

func (m Model) viewDelegate() (string, string) {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("delegate.title", nil)) + "\n")
	if m.st.HostedLink == "" {
		return b.String(), assets.Screen("delegate.fetchkeys", nil)
	}
	b.WriteString(wrap(assets.Screen("delegate.intro", m.st.Platform.Name), w) + "\n\n")
	b.WriteString(m.linkLines(m.st.HostedLink) + "\n\n")
	inv := m.st.Invite
	if inv.To == "" {
		b.WriteString(wrap(assets.Screen("delegate.invite", nil), w) + "\n")
	} else {
		b.WriteString(s.Strong.Render("To: ") + inv.To + "\n")
		b.WriteString(s.Strong.Render("Subject: ") + inv.Subject + "\n")
		// A glimpse of the body, where the window has room for it.
		glimpse := 3
		if m.height > 0 && m.height < 30 {
			glimpse = 0
		}
		body := strings.Split(strings.TrimSpace(inv.Body), "\n")
		for i, line := range body {
			if i >= glimpse {
				b.WriteString(s.Subtle.Render("  "+assets.Screen("delegate.more", nil)) + "\n")
				break
			}
			b.WriteString(s.Subtle.Render("  "+truncate(line, w-2)) + "\n")
		}
		if m.st.InviteSent != "" {
			b.WriteString(s.Good.Render("✓ "+assets.Screen("delegate.sent", assets.Vars{"Way": string(m.st.InviteSent), "File": m.st.InviteFile})) + "\n")
		}
	}
	if m.st.Watch.Active || m.st.Watch.Status == flow.StatusLinked || m.st.Watch.Failed {
		who := assets.Screen("wait.them", nil)
		if inv.To != "" {
			who = inv.To
		}
		b.WriteString("\n" + m.waitLines(who) + "\n")
	}
	keys := keysLine(m.keys.Copy, m.keys.QR, m.keys.Invite, m.keys.Mail, m.keys.Text, m.keys.Save, m.keys.Finish, m.keys.Back, m.keys.Help)
	return b.String(), keys
}

func truncate(s string, n int) string {
	r := []rune(s)
	if n <= 1 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// The invite composer is two huh forms: who it is for and from, then the
// subject and message, prefilled from the templates and editable.

const (
	inviteWho = iota + 1
	inviteText
)

func (m Model) openInvite() (tea.Model, tea.Cmd) {
	// Each form binds its own copy; the journey sees it only when submitted.
	d := &flow.Invite{}
	*d = m.st.Invite
	m.inviteData = d
	if d.FromName == "" {
		d.FromName = m.run.deps.FromName
	}
	if d.FromCompany == "" {
		d.FromCompany = m.st.Company.Name
	}
	m.invitePage = inviteWho
	m.invite = huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(assets.Screen("invite.to", nil)).Value(&d.To).Validate(invite.ValidateAddress),
		huh.NewInput().Title(assets.Screen("invite.toname", nil)).Value(&d.ToName),
		huh.NewInput().Title(assets.Screen("invite.fromname", nil)).Value(&d.FromName).Validate(notBlank(assets.Screen("invite.needname", nil))),
		huh.NewInput().Title(assets.Screen("invite.fromcompany", nil)).Value(&d.FromCompany).Validate(notBlank(assets.Screen("invite.needcompany", nil))),
	)).WithShowHelp(true).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithWidth(m.contentWidth())
	return m, tea.Batch(m.invite.Init(), tea.RequestBackgroundColor)
}

func (m Model) openInviteText() (tea.Model, tea.Cmd) {
	d := m.inviteData
	email, err := invite.Compose(invite.Details{
		To: d.To, ToName: d.ToName, FromName: d.FromName, FromCompany: d.FromCompany,
		CompanyName: m.st.Company.Name, PlatformName: m.st.Platform.Name, Category: string(m.st.Category),
		Link: m.st.HostedLink, LinkHost: m.run.deps.LinkHost, Sandbox: m.run.deps.SandboxLinks,
	})
	if err != nil {
		m.invite = nil
		return m.apply(flow.Reported{Text: m.run.explain(err), Bad: true})
	}
	if d.Subject == "" || d.Subject == m.st.Invite.Subject {
		d.Subject = email.Subject
	}
	if d.Body == "" || d.Body == m.st.Invite.Body {
		d.Body = email.Body
	}
	m.invitePage = inviteText
	m.invite = huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(assets.Screen("invite.subject", nil)).Value(&d.Subject).Validate(notBlank(assets.Screen("invite.needsubject", nil))),
		huh.NewText().Title(assets.Screen("invite.body", nil)).Value(&d.Body).Lines(max(4, m.height-16)).
			Validate(func(s string) error {
				if !strings.Contains(s, m.st.HostedLink) {
					return errString(assets.Screen("invite.needlink", nil))
				}
				return nil
			}),
	)).WithShowHelp(true).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithWidth(m.contentWidth())
	return m, tea.Batch(m.invite.Init(), tea.RequestBackgroundColor)
}

func (m Model) updateInvite(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, m.keys.Back) {
		m.invite, m.invitePage = nil, 0
		return m.apply(flow.Reported{Text: assets.Screen("invite.unchanged", nil)})
	}
	return m.forwardToInvite(msg)
}

func (m Model) forwardToInvite(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.invite == nil {
		return m, nil
	}
	f, cmd := m.invite.Update(msg)
	if form, ok := f.(*huh.Form); ok {
		m.invite = form
	}
	switch m.invite.State {
	case huh.StateCompleted:
		if m.invitePage == inviteWho {
			return m.openInviteText()
		}
		m.invite, m.invitePage = nil, 0
		return m.apply(flow.InviteSubmitted{Invite: *m.inviteData})
	case huh.StateAborted:
		m.invite, m.invitePage = nil, 0
		return m, nil
	}
	return m, cmd
}

func (m Model) viewInvite() string {
	title := assets.Screen("invite.whotitle", nil)
	if m.invitePage == inviteText {
		title = assets.Screen("invite.texttitle", nil)
	}
	form := m.invite.View()
	out := m.styles.Title.Render(title) + "\n\n" + form
	if m.invitePage == inviteWho {
		// A live preview of the email as the fields are filled in.
		room := m.height - lipgloss.Height(out) - 8
		if preview := m.invitePreview(room); preview != "" {
			out += "\n" + preview
		}
	}
	return out
}

// invitePreview renders the first lines of the email the composer would
// produce from what is typed so far.
func (m Model) invitePreview(lines int) string {
	if lines < 3 {
		return ""
	}
	d := *m.inviteData
	to := d.To
	if invite.ValidateAddress(to) != nil {
		to = assets.Screen("invite.sampleto", nil)
	}
	email, err := invite.Compose(invite.Details{
		To: to, ToName: d.ToName, FromName: d.FromName, FromCompany: d.FromCompany,
		CompanyName: m.st.Company.Name, PlatformName: m.st.Platform.Name, Category: string(m.st.Category),
		Link: m.st.HostedLink, LinkHost: m.run.deps.LinkHost, Sandbox: m.run.deps.SandboxLinks,
	})
	if err != nil {
		return ""
	}
	w := m.contentWidth() - 4
	out := []string{m.styles.Subtle.Render(assets.Screen("invite.preview", nil)), "Subject: " + truncate(email.Subject, w-9)}
	for _, l := range strings.Split(wrap(email.Body, w), "\n") {
		if len(out) >= lines {
			out = append(out, m.styles.Subtle.Render("…"))
			break
		}
		out = append(out, strings.TrimRight(l, " "))
	}
	return m.styles.Box.Render(strings.Join(out, "\n"))
}

func notBlank(msg string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errString(msg)
		}
		return nil
	}
}

type errString string

func (e errString) Error() string { return string(e) }
