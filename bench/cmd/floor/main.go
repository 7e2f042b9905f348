// Command floor is the smallest useful bubbletea v2 program: one styled line
// on the alternate screen, quit on any key. Its start-up time is the floor
// that onboard's first frame is compared with.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		return m, tea.Quit
	}
	return m, nil
}

var title = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("212"))

func (model) View() tea.View {
	v := tea.NewView(title.Render("floor") + "  a minimal bubbletea program\n\npress any key to quit")
	v.AltScreen = true
	return v
}

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
