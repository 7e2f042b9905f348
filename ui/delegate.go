package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
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
