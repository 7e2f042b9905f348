package ui

import (
	"cmp"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// The invite composer is two huh forms: who it is for and from, then the
// subject and message, prefilled from the templates and editable.

const (
	inviteWho = iota + 1
	inviteText
)

// inviteDraft is an invite form left with esc: what was typed, and the link
// it was typed for.
type inviteDraft struct {
	inv  flow.Invite
	link string
}

// startFrom is what the invite form opens with: the journey's invite, or
// what esc left in the form, its message given the link on screen now in
// place of the one it was typed around.
func (m Model) startFrom() flow.Invite {
	inv := m.st.Invite
	if dr := m.inviteDraft; dr != nil {
		inv = dr.inv
		inv.Body = flow.Relink(inv.Body, dr.link, m.st.HostedLink)
	}
	return inv
}

func (m Model) openInvite() (tea.Model, tea.Cmd) {
	// Each form binds its own copy; the journey sees it only when submitted.
	d := &flow.Invite{}
	*d = m.startFrom()
	m.inviteData = d
	if d.FromName == "" {
		d.FromName = m.run.deps.FromName
	}
	if d.FromCompany == "" {
		d.FromCompany = m.st.Company.Name
	}
	m.inviteOpened = *d
	m.invitePage = inviteWho
	m.inviteFields = []huh.Field{
		huh.NewInput().Title(assets.Screen("invite.to", nil)).Value(&d.To).Validate(invite.ValidateAddress),
		huh.NewInput().Title(assets.Screen("invite.toname", nil)).Value(&d.ToName),
		huh.NewInput().Title(assets.Screen("invite.fromname", nil)).Value(&d.FromName).Validate(notBlank(assets.Screen("invite.needname", nil))),
		huh.NewInput().Title(assets.Screen("invite.fromemail", nil)).Value(&d.FromEmail).Validate(optionalAddress),
		huh.NewInput().Title(assets.Screen("invite.fromcompany", nil)).Value(&d.FromCompany).Validate(notBlank(assets.Screen("invite.needcompany", nil))),
	}
	m.invite = huh.NewForm(huh.NewGroup(m.inviteFields...)).WithShowHelp(false).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithWidth(m.contentWidth())
	return m, tea.Batch(m.invite.Init(), tea.RequestBackgroundColor)
}

func (m Model) openInviteText() (tea.Model, tea.Cmd) {
	d := m.inviteData
	email, err := m.templateInvite(*d)
	if err != nil {
		m.invite = nil
		return m.apply(flow.Reported{Key: "delegate.cantwrite", Data: explain(err), Bad: true})
	}
	// Words not edited ("") are the templates' for who it is for and from,
	// as typed now; edited ones are kept as they are.
	d.Subject = cmp.Or(d.Subject, email.Subject)
	d.Body = cmp.Or(d.Body, email.Body)
	m.invitePage = inviteText
	link := m.st.HostedLink
	m.inviteFields = []huh.Field{
		huh.NewInput().Title(assets.Screen("invite.subject", nil)).Value(&d.Subject).Validate(notBlank(assets.Screen("invite.needsubject", nil))),
		huh.NewText().Title(assets.Screen("invite.body", nil)).Value(&d.Body).Lines(max(4, m.height-16)).
			Validate(func(s string) error {
				if problem := flow.MessageLinkProblem(s, link); problem != "" {
					return errString(assets.Screen("invite.link."+string(problem), nil))
				}
				return nil
			}),
	}
	m.invite = huh.NewForm(huh.NewGroup(m.inviteFields...)).WithShowHelp(false).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithWidth(m.contentWidth())
	return m, tea.Batch(m.invite.Init(), tea.RequestBackgroundColor)
}

// inviteKeys are huh's own keys for moving between fields, and esc, which
// leaves the invite as it was.
func (m Model) inviteKeys() screenKeys {
	k := m.keys
	k.Back = named(k.Back, "keys.cancel")
	k.NewLine.SetEnabled(m.invitePage == inviteText)
	return k.screen([]key.Binding{k.NextField, k.PrevField, k.NewLine, k.Back, k.Quit})
}

func (m Model) updateInvite(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, m.inviteKeys().Back) {
		return m.leaveInvite()
	}
	k := m.inviteKeys()
	switch {
	case key.Matches(msg, k.NextField):
		return m.moveInviteField(true)
	case key.Matches(msg, k.PrevField):
		return m.moveInviteField(false)
	}
	return m.forwardToInvite(msg)
}

// leaveInvite closes the invite form without changing the invite, keeping
// what was typed for i to open again.
func (m Model) leaveInvite() (tea.Model, tea.Cmd) {
	if f := m.invite.GetFocusedField(); f != nil {
		f.Blur() // a text field hands over what it holds on blur
	}
	typed := *m.inviteData
	if email, err := m.templateInvite(typed); err == nil {
		// Words left as the templates wrote them follow the names typed
		// when the form opens again.
		typed = unlessDefault(typed, email)
	}
	m.invite, m.invitePage = nil, 0
	if typed == m.inviteOpened && m.inviteDraft == nil {
		return m.apply(flow.Reported{Key: "invite.unchanged"})
	}
	m.inviteDraft = &inviteDraft{inv: typed, link: m.st.HostedLink}
	return m.apply(flow.Reported{Key: "invite.draftkept"})
}

// moveInviteField moves to the next or previous field at once. huh moves by
// sending itself a message, and keys typed before that message arrives would
// land in the field being left ("jane@firm.exampleJ"). The checks are huh's:
// a field is checked before going on from it, and a text before leaving it
// either way.
func (m Model) moveInviteField(forward bool) (tea.Model, tea.Cmd) {
	field := m.invite.GetFocusedField()
	_, isText := field.(*huh.Text)
	if forward || isText {
		field.Blur()
		if field.Error() != nil {
			cmd := field.Focus()
			return m.refreshInvite(cmd)
		}
	}
	first, last := m.inviteFields[0], m.inviteFields[len(m.inviteFields)-1]
	switch {
	case forward && field == last:
		// The form ends here, unless huh finds a field still wrong.
		cmd := m.invite.NextGroup()
		if m.invite.State == huh.StateNormal {
			cmd = tea.Batch(cmd, field.Focus())
		}
		return m.settleInvite(cmd)
	case forward:
		return m.settleInvite(m.invite.NextField())
	case field == first:
		return m.refreshInvite(field.Focus())
	default:
		return m.settleInvite(m.invite.PrevField())
	}
}

// refreshInvite has the form draw again what a field changed on itself.
func (m Model) refreshInvite(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	next, more := m.forwardToInvite(inviteRedraw{})
	return next, tea.Batch(cmd, more)
}

// inviteRedraw is a message the form's fields ignore; passing it makes the
// form lay its fields out again.
type inviteRedraw struct{}

func (m Model) forwardToInvite(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.invite == nil {
		return m, nil
	}
	f, cmd := m.invite.Update(msg)
	if form, ok := f.(*huh.Form); ok {
		m.invite = form
	}
	return m.settleInvite(cmd)
}

// settleInvite goes on from the form's state after it changed.
func (m Model) settleInvite(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	switch m.invite.State {
	case huh.StateCompleted:
		if m.invitePage == inviteWho {
			return m.openInviteText()
		}
		m.invite, m.invitePage, m.inviteDraft = nil, 0, nil
		inv := *m.inviteData
		if email, err := m.templateInvite(inv); err == nil {
			inv = unlessDefault(inv, email)
		}
		return m.apply(flow.InviteSubmitted{Invite: inv})
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
	d.To = to
	email, err := m.templateInvite(d)
	if err != nil {
		return ""
	}
	w := m.contentWidth() - 4
	out := []string{m.styles.Subtle.Render(assets.Screen("invite.preview", nil)), truncate(assets.Screen("delegate.subject", nil)+" "+email.Subject, w)}
	for _, l := range strings.Split(wrap(email.Body, w), "\n") {
		if len(out) >= lines {
			out = append(out, m.styles.Subtle.Render("…"))
			break
		}
		out = append(out, strings.TrimRight(l, " "))
	}
	return m.styles.Box.Render(strings.Join(out, "\n"))
}

// templateInvite is the email the templates write for inv, with the link
// on screen.
func (m Model) templateInvite(inv flow.Invite) (invite.Email, error) {
	host, sandbox := m.run.links()
	return invite.Compose(invite.Details{
		To: inv.To, ToName: inv.ToName, FromName: inv.FromName, FromCompany: inv.FromCompany,
		CompanyName: m.st.Company.Name, PlatformName: m.st.Platform.Name, Category: string(m.st.Category),
		Link: m.st.HostedLink, LinkHost: host, Sandbox: sandbox, Reader: m.st.Reader,
	})
}

// unlessDefault is the invite as submitted: a subject or message left as
// the templates wrote it is "", so it follows what the templates write
// later (another name typed, a fresh link) rather than staying as it was.
func unlessDefault(inv flow.Invite, written invite.Email) flow.Invite {
	if inv.Subject == written.Subject {
		inv.Subject = ""
	}
	if inv.Body == written.Body {
		inv.Body = ""
	}
	return inv
}

// optionalAddress accepts no address, or one that --to would accept.
func optionalAddress(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return invite.ValidateAddress(strings.TrimSpace(s))
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
