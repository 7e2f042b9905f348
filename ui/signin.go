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
	k := m.signInKeys()
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = 0
	case key.Matches(msg, k.Down):
		m.cursor = 1
	case key.Matches(msg, k.Yes):
		return m.apply(flow.SignInAnswered{Yes: true})
	case key.Matches(msg, k.No):
		return m.apply(flow.SignInAnswered{Yes: false})
	case key.Matches(msg, k.Enter):
		return m.apply(flow.SignInAnswered{Yes: m.cursor == 0})
	case key.Matches(msg, k.Back):
		return m.apply(flow.Back{})
	}
	return m, nil
}

// signInKeys: y or n answers at once; the arrows and enter do too.
func (m Model) signInKeys() screenKeys {
	k := m.keys
	return k.screen([]key.Binding{k.Yes, k.No, k.Up, k.Down, k.Enter, k.Back, k.Help})
}

func (m Model) viewSignIn() string {
	s := m.styles
	name := m.st.Platform.Name
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("signin.title", name)) + "\n\n")
	b.WriteString(wrap(assets.Screen("signin.intro", name), m.contentWidth()) + "\n\n")
	b.WriteString(m.option(0, assets.Screen("signin.yes", nil)) + "\n")
	b.WriteString(m.option(1, assets.Screen("signin.no", nil)) + "\n")
	return b.String()
}
