package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The recap: per category, linked, waiting on someone, or skipped.

func (m Model) updateDone(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Another):
		return m.apply(flow.ConnectAnother{})
	case key.Matches(msg, m.keys.Enter), msg.String() == "q", key.Matches(msg, m.keys.Finish):
		return m, tea.Quit
	}
	return m, nil
}

func (m Model) viewDone() (string, string) {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("done.title", nil)) + "\n")
	b.WriteString(s.Subtle.Render(m.st.Company.Name) + "\n\n")
	for _, r := range flow.RecapFor(m.st) {
		label := r.Category.Title() + ": "
		switch r.Outcome {
		case flow.OutcomeLinked:
			b.WriteString(s.Good.Render("✓ ") + label + r.Platform + " linked\n")
		case flow.OutcomeWaiting:
			b.WriteString(s.Warn.Render("⧗ ") + label + r.Platform + ", waiting on " + r.WaitingOn + "\n")
		default:
			b.WriteString(s.Subtle.Render("– "+label+"skipped") + "\n")
		}
	}
	b.WriteString("\n" + wrap(assets.Screen("done.next", m.st.Company.Name), m.contentWidth()) + "\n")
	return b.String(), "a: connect another platform · enter: quit"
}

func (m Model) viewHelp() string {
	return m.styles.Title.Render("Help") + "\n\n" + assets.Help
}
