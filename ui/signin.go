package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The question that decides the path: authorize now, or hand it on.

func (m Model) updateSignIn(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cursor = 0
	case key.Matches(msg, m.keys.Down):
		m.cursor = 1
	case msg.String() == "y":
		return m.apply(flow.SignInAnswered{Yes: true})
	case msg.String() == "n":
		return m.apply(flow.SignInAnswered{Yes: false})
	case key.Matches(msg, m.keys.Enter):
		return m.apply(flow.SignInAnswered{Yes: m.cursor == 0})
	case key.Matches(msg, m.keys.Back):
		return m.apply(flow.Back{})
	}
	return m, nil
}

func (m Model) viewSignIn() (string, string) {
	s := m.styles
	name := m.st.Platform.Name
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("signin.title", name)) + "\n\n")
	b.WriteString(wrap(assets.Screen("signin.intro", name), m.contentWidth()) + "\n\n")
	b.WriteString(m.option(0, assets.Screen("signin.yes", nil)) + "\n")
	b.WriteString(m.option(1, assets.Screen("signin.no", nil)) + "\n")
	return b.String(), assets.Screen("signin.keys", nil)
}
