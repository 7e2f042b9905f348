package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/ui/share"
)

// The authorize screen: the connection's link, ways to use it, and the live
// wait for it to link.

func (m Model) updateAuthorize(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.apply(flow.Back{})
	case key.Matches(msg, m.keys.Copy):
		return m.apply(flow.CopyRequested{What: flow.CopiedLink})
	case key.Matches(msg, m.keys.Open):
		return m.apply(flow.OpenRequested{})
	case key.Matches(msg, m.keys.QR) && m.st.Connection.LinkURL != "":
		m.showQR = true
		return m, nil
	case key.Matches(msg, m.keys.CantSignIn):
		return m.apply(flow.CantSignIn{})
	case key.Matches(msg, m.keys.Finish), key.Matches(msg, m.keys.Enter) && m.st.Watch.Status == flow.StatusLinked:
		return m.apply(flow.Finish{})
	case key.Matches(msg, m.keys.Another) && m.st.Watch.Status == flow.StatusLinked:
		next, cmd := m.apply(flow.Finish{})
		next2, cmd2 := next.apply(flow.ConnectAnother{})
		return next2, tea.Batch(cmd, cmd2)
	case key.Matches(msg, m.keys.Retry) && m.st.Watch.Failed:
		next, cmd := m.apply(flow.Back{})
		next2, cmd2 := next.apply(flow.SignInAnswered{Yes: true})
		return next2, tea.Batch(cmd, cmd2)
	}
	return m, nil
}

func (m Model) viewAuthorize() (string, string) {
	s := m.styles
	name := m.st.Platform.Name
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("authorize.title", name)) + "\n")
	b.WriteString(wrap(assets.Screen("authorize.intro", name), m.contentWidth()) + "\n\n")
	if link := m.st.Connection.LinkURL; link != "" {
		b.WriteString(m.linkLines(link) + "\n\n")
		b.WriteString(m.waitLines(assets.Screen("wait.you", nil)) + "\n")
	}
	open, copyKey, qr, cant := m.keys.Open, m.keys.Copy, m.keys.QR, m.keys.CantSignIn
	if ok, _ := share.CanOpen(m.run.deps.Env); !ok {
		open.SetEnabled(false)
	}
	if m.st.Connection.LinkURL == "" {
		copyKey.SetEnabled(false)
		open.SetEnabled(false)
		qr.SetEnabled(false)
	}
	if m.st.Watch.Status == flow.StatusLinked {
		cant.SetEnabled(false)
	}
	return b.String(), keysLine(copyKey, open, qr, cant, m.keys.Finish, m.keys.Back, m.keys.Help)
}
