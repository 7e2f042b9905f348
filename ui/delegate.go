package ui

import (
	"cmp"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The delegate screen: the Hosted Link to hand on, and the invite email.

func (m Model) updateDelegate(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.delegateKeys()
	for _, way := range flow.InviteWays {
		// While the link is fetched, a send to someone already named is
		// kept until it arrives.
		loading := m.st.HostedLink == "" && m.st.Busy != nil && m.st.Invite.To != ""
		if key.Matches(msg, k.Send[way]) && (m.st.HostedLink != "" || loading) {
			return m.sendOrCompose(way)
		}
	}
	switch {
	case key.Matches(msg, k.Back):
		return m.apply(flow.Back{})
	case key.Matches(msg, k.Copy):
		return m.apply(flow.CopyRequested{What: flow.CopiedLink})
	case key.Matches(msg, k.QR):
		m.showQR = true
		return m, nil
	case key.Matches(msg, k.Invite):
		return m.openInvite()
	case key.Matches(msg, k.Finish):
		return m.apply(flow.Finish{})
	case key.Matches(msg, k.Another):
		return m.applyAll(flow.Finish{}, flow.ConnectAnother{})
	}
	return m, nil
}

// delegateKeys: once the Hosted Link is fetched, it can be copied, shown as
// a QR code, or sent with an invite each way there is, until it is used.
func (m Model) delegateKeys() screenKeys {
	k := m.keys
	if m.st.HostedLink == "" {
		return k.screen([]key.Binding{k.Back, k.Help})
	}
	linked := m.st.Watch.Status == flow.StatusLinked
	k.Another.SetEnabled(linked)
	// Once linked, the link has done its work: there is nothing to hand on.
	k.Copy.SetEnabled(!linked)
	k.QR.SetEnabled(!linked && qrUsable(m.st.HostedLink))
	k.Invite.SetEnabled(!linked)
	short := []key.Binding{k.Copy, k.QR, k.Invite}
	send := make(map[flow.InviteWay]key.Binding, len(k.Send))
	for _, way := range flow.InviteWays {
		b := k.Send[way]
		b.SetEnabled(!linked)
		send[way] = b
		short = append(short, b)
	}
	k.Send = send
	return k.screen(append(short, k.Finish, k.Another, k.Back, k.Help))
}

// sendOrCompose sends the invite, or opens the composer first when nobody
// has been named yet.
func (m Model) sendOrCompose(way flow.InviteWay) (tea.Model, tea.Cmd) {
	if m.st.Invite.To == "" || strings.TrimSpace(m.st.Invite.FromName) == "" {
		// An invite must say who asks: one picked up without a signature
		// is signed first.
		return m.openInvite()
	}
	return m.apply(flow.SendRequested{Way: way})
}

func (m Model) viewDelegate() string {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("delegate.title", nil)) + "\n")
	if m.st.HostedLink == "" {
		return b.String()
	}
	b.WriteString(wrap(assets.Screen("delegate.intro", m.st.Platform.Name), w) + "\n\n")
	b.WriteString(m.linkLines(m.st.HostedLink) + "\n\n" + m.linkNote())
	inv := m.st.Invite
	if inv.To != "" && (inv.Subject == "" || inv.Body == "") {
		// Not edited (an invite picked up): what the templates will send.
		if email, err := m.run.compose(inviteToSend(m.st)); err == nil {
			inv.Subject, inv.Body = cmp.Or(inv.Subject, email.Subject), cmp.Or(inv.Body, email.Body)
		}
	}
	switch {
	case inv.To == "" && m.st.Watch.Status == flow.StatusLinked:
	case inv.To == "":
		b.WriteString(wrap(assets.Screen("delegate.invite", nil), w) + "\n")
	default:
		if inv.FromName != "" || inv.FromEmail != "" {
			b.WriteString(hang(s.Strong.Render(assets.Screen("delegate.from", nil))+" ", senderLine(inv), w) + "\n")
		}
		b.WriteString(hang(s.Strong.Render(assets.Screen("delegate.to", nil))+" ", inv.To, w) + "\n")
		b.WriteString(hang(s.Strong.Render(assets.Screen("delegate.subject", nil))+" ", inv.Subject, w) + "\n")
		// A glimpse of the body, where the window has room for it.
		glimpse := 3
		if m.height > 0 && m.height < 30 {
			glimpse = 0
		}
		// It stops before the link: that is shown whole above, and a
		// second copy folded or cut here would be one to select by mistake.
		body := strings.Split(strings.TrimSpace(inv.Body), "\n")
		for i, line := range body {
			if i >= glimpse || strings.Contains(line, m.st.HostedLink) {
				b.WriteString(s.Subtle.Render("  "+assets.Screen("delegate.more", nil)) + "\n")
				break
			}
			b.WriteString(s.Subtle.Render(hang("  ", line, w)) + "\n")
		}
		if m.st.InviteSent != "" {
			b.WriteString(s.Good.Render(hang("✓ ", assets.Screen("delegate.sent."+string(m.st.InviteSent), m.st.InviteFile), w)) + "\n")
		}
	}
	if m.st.Watch.Active || m.st.Watch.Status == flow.StatusLinked || m.st.Watch.Failed {
		who := assets.Screen("wait.them", nil)
		if inv.To != "" {
			who = inv.To
		}
		b.WriteString("\n" + m.waitLines(who) + "\n")
	}
	return b.String()
}

// senderLine shows who signs the invite: "Sam Lee <sam@firm.example>", or
// the name alone.
func senderLine(inv flow.Invite) string {
	if inv.FromEmail == "" || inv.FromName == "" {
		return cmp.Or(inv.FromName, inv.FromEmail)
	}
	return inv.FromName + " <" + inv.FromEmail + ">"
}

// linkNote is what the shell says about reaching the link's pages (the
// demo's tunnel over SSH), under the link; "" when there is nothing to say.
// Its rows are kept like the link's: the command in it is how the link is
// opened at all.
func (m Model) linkNote() string {
	note := m.run.deps.LinkNote
	if note == "" {
		return ""
	}
	rows := strings.Split(wrap(note, m.contentWidth()), "\n")
	for i, row := range rows {
		rows[i] = keepMark + m.styles.Subtle.Render(row)
	}
	return strings.Join(rows, "\n") + "\n\n"
}
