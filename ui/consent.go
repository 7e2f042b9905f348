package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The consent screen: access, not usage; ongoing until revoked; how to
// revoke. For a company with linked connections, they can be unlinked here.

func (m Model) linked() []flow.Connection {
	var out []flow.Connection
	for _, c := range m.st.Company.Connections {
		if c.Status == flow.StatusLinked {
			out = append(out, c)
		}
	}
	return out
}

func (m Model) updateConsent(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	linked := m.linked()
	if m.confirm != "" {
		if id := m.answerConfirm(msg); id != "" {
			return m.apply(flow.UnlinkRequested{ConnectionID: id})
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Enter):
		return m.apply(flow.ConsentAccepted{})
	case key.Matches(msg, m.keys.Back):
		return m.apply(flow.Back{})
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, m.keys.Down):
		m.cursor = max(0, min(len(linked)-1, m.cursor+1))
	case key.Matches(msg, m.keys.Unlink) && len(linked) > 0:
		m.confirm = linked[min(m.cursor, len(linked)-1)].ID
	}
	return m, nil
}

func (m Model) viewConsent() (string, string) {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("consent.title", nil)) + "\n\n")
	b.WriteString(wrap(assets.Screen("consent.body", m.st.Company.Name), w) + "\n")
	linked := m.linked()
	keys := assets.Screen("consent.keys", nil)
	if len(linked) > 0 {
		b.WriteString("\n" + s.Subtle.Render(assets.Screen("consent.existing", nil)) + "\n")
		for i, c := range linked {
			b.WriteString(m.option(i, c.PlatformName+" ("+c.Category.Title()+")") + "\n")
		}
		keys = assets.Screen("consent.linkedkeys", nil)
	}
	if m.confirm != "" {
		name := ""
		for _, c := range linked {
			if c.ID == m.confirm {
				name = c.PlatformName
			}
		}
		b.WriteString("\n" + s.Warn.Render(wrap(assets.Screen("consent.confirm", name), w)) + "\n")
		keys = assets.Screen("consent.confirmkeys", nil)
	}
	return b.String(), keys
}
