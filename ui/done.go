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
	k := m.doneKeys()
	switch {
	case key.Matches(msg, k.Another):
		return m.apply(flow.ConnectAnother{})
	case key.Matches(msg, k.Leave):
		return m, tea.Quit
	}
	return m, nil
}

// doneKeys: another platform for the same company, or leave.
func (m Model) doneKeys() screenKeys {
	k := m.keys
	if m.st.Demo {
		// No link outlives the demo's sandbox to be printed.
		k.Leave = named(k.Leave, "keys.leavedemo")
	}
	return k.screen([]key.Binding{k.Another, k.Leave, k.Help})
}

func (m Model) viewDone() string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("done.title", nil)) + "\n")
	b.WriteString(s.Subtle.Render(m.st.Company.Name) + "\n\n")
	for _, r := range flow.RecapFor(m.st) {
		switch r.Outcome {
		case flow.OutcomeLinked:
			b.WriteString(hang(s.Good.Render("✓ "), recapLine(r), m.contentWidth()) + "\n")
		case flow.OutcomeWaiting:
			b.WriteString(hang(s.Warn.Render("⧗ "), recapLine(r), m.contentWidth()) + "\n")
		default:
			b.WriteString(s.Subtle.Render(hang("– ", recapLine(r), m.contentWidth())) + "\n")
		}
	}
	b.WriteString("\n" + wrap(assets.Screen("done.next", doneNext{Company: m.st.Company.Name, Remembered: m.run.deps.Store != nil && !m.run.deps.Demo}), m.contentWidth()) + "\n")
	return b.String()
}

// doneNext is what the next-steps text needs to know.
type doneNext struct {
	Company    string
	Remembered bool // a store keeps what is waiting (not in the demo)
}
