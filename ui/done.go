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
		switch r.Outcome {
		case flow.OutcomeLinked:
			b.WriteString(s.Good.Render("✓ ") + assets.Screen("done.linked", r) + "\n")
		case flow.OutcomeWaiting:
			b.WriteString(s.Warn.Render("⧗ ") + assets.Screen("done.waiting", r) + "\n")
		default:
			b.WriteString(s.Subtle.Render("– "+assets.Screen("done.skipped", r)) + "\n")
		}
	}
	b.WriteString("\n" + wrap(assets.Screen("done.next", doneNext{Company: m.st.Company.Name, Remembered: m.run.deps.Store != nil}), m.contentWidth()) + "\n")
	return b.String(), assets.Screen("done.keys", nil)
}

// doneNext is what the next-steps text needs to know.
type doneNext struct {
	Company    string
	Remembered bool // a store keeps what is waiting (not in the demo)
}

func (m Model) viewHelp() string {
	return m.styles.Title.Render(assets.Screen("help.title", nil)) + "\n\n" + assets.Help
}

// Summary is what stays in the terminal after the screen closes: the
// company, each category's outcome, and the link still to be used, raw on a
// line of its own so it can be selected. Empty when nothing was started.
func Summary(st flow.State) string {
	if st.Company.ID == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(st.Company.Name + "\n")
	for _, r := range flow.RecapFor(st) {
		switch r.Outcome {
		case flow.OutcomeLinked:
			b.WriteString("  " + assets.Screen("done.linked", r) + "\n")
		case flow.OutcomeWaiting:
			b.WriteString("  " + assets.Screen("done.waiting", r) + "\n")
		}
	}
	link, label := st.HostedLink, assets.Screen("summary.hostedlink", nil)
	if st.Step == flow.StepAuthorize {
		link, label = st.Connection.LinkURL, assets.Screen("summary.authorizelink", st.Platform.Name)
	}
	if link != "" && st.Watch.Status != flow.StatusLinked {
		b.WriteString(label + "\n" + link + "\n")
	}
	return b.String()
}
