package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The problem banner: what went wrong, shown in the footer of the screen it
// interrupts. Until the person retries or goes back, its keys are the only
// ones that work.

func (m Model) updateProblem(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Retry) && m.st.Problem.Retry != nil:
		return m.apply(flow.RetryRequested{})
	case key.Matches(msg, m.keys.Back):
		return m.apply(flow.Back{})
	}
	return m, nil
}

// problemLine says what went wrong, and while doing what.
func (m Model) problemLine(p *flow.Problem) string {
	return m.styles.Bad.Render(wrap(assets.Screen("app.problem", p), m.contentWidth()))
}

func problemKeys(p *flow.Problem) string {
	return assets.Screen("app.problemkeys", p.Retry != nil)
}
