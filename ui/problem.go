package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/flow"
)

// The problem banner: what went wrong, shown in the footer of the screen it
// interrupts. Until the person retries or goes back, its keys are the only
// ones that work.

func (m Model) updateProblem(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.problemKeys()
	switch {
	case key.Matches(msg, k.Retry):
		return m.apply(flow.RetryRequested{})
	case key.Matches(msg, k.Back):
		return m.apply(flow.Back{})
	}
	return m, nil
}

// problemKeys: try again, when trying again makes sense, or go back.
func (m Model) problemKeys() screenKeys {
	k := m.keys
	k.Retry.SetEnabled(m.st.Problem.Retry != nil)
	k.Help.SetEnabled(true)
	return k.screen([]key.Binding{k.Retry, k.Back, k.Help, k.Quit})
}

// problemLine says what went wrong, and while doing what.
func (m Model) problemLine(p *flow.Problem) string {
	return m.styles.Bad.Render(wrap(problemText(p), m.contentWidth()))
}
