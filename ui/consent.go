package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
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
	k := m.consentKeys()
	switch {
	case key.Matches(msg, k.Enter):
		return m.apply(flow.ConsentAccepted{})
	case key.Matches(msg, k.Back):
		return m.apply(flow.Back{})
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = max(0, min(len(linked)-1, m.cursor+1))
	case key.Matches(msg, k.Unlink):
		m.confirm = linked[min(m.cursor, len(linked)-1)].ID
	}
	return m, nil
}

// consentKeys: accept, or unlink one of the company's linked connections.
func (m Model) consentKeys() screenKeys {
	k := m.keys
	if m.confirm != "" {
		return k.confirmKeys("keys.unlinkit")
	}
	linked := len(m.linked())
	k.Enter = named(k.Enter, "keys.understand")
	if linked > 0 {
		k.Enter = named(k.Enter, "keys.continue")
	}
	k.Up.SetEnabled(linked > 1)
	k.Down.SetEnabled(linked > 1)
	k.Unlink.SetEnabled(linked > 0)
	return k.screen([]key.Binding{k.Enter, k.Up, k.Down, k.Unlink, k.Back, k.Help})
}

func (m Model) viewConsent() string {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("consent.title", nil)) + "\n\n")
	if r := m.st.Reader; r.Known() {
		who := assets.Vars{"Client": r.Client, "Types": invite.ReadList(r.DataTypes, invite.ScreenTypes), "Months": r.Months}
		b.WriteString(s.Strong.Render(wrap(assets.Screen("consent.reader", who), w)) + "\n\n")
	}
	b.WriteString(wrapLines(assets.Screen("consent.body", m.st.Company.Name), w) + "\n")
	linked := m.linked()
	if len(linked) > 0 {
		b.WriteString("\n" + s.Subtle.Render(wrap(assets.Screen("consent.existing", nil), w)) + "\n")
		for i, c := range linked {
			b.WriteString(m.option(i, assets.Screen("consent.connection", assets.Vars{"Platform": c.PlatformName, "Category": categoryTitle(c.Category)})) + "\n")
		}
	}
	if m.confirm != "" {
		name := ""
		for _, c := range linked {
			if c.ID == m.confirm {
				name = c.PlatformName
			}
		}
		b.WriteString("\n" + s.Warn.Render(wrap(assets.Screen("consent.confirm", name), w)) + "\n")
	}
	return b.String()
}
