package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The category screen: accounting, banking or commerce, with what the
// company has linked or waiting in each.

func (m Model) updateCategory(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.categoryKeys()
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = min(len(flow.Categories)-1, m.cursor+1)
	case key.Matches(msg, k.Enter):
		return m.apply(flow.CategoryChosen{Category: flow.Categories[m.cursor]})
	case key.Matches(msg, k.Back), key.Matches(msg, k.Manage):
		return m.apply(flow.Back{})
	}
	return m, nil
}

// categoryKeys: m goes back to the consent step, where the company's linked
// connections can be unlinked; it works when there is one.
func (m Model) categoryKeys() screenKeys {
	k := m.keys
	k.Manage.SetEnabled(slices.ContainsFunc(m.st.Company.Connections, func(c flow.Connection) bool {
		return c.Status == flow.StatusLinked
	}))
	return k.screen([]key.Binding{k.Up, k.Down, k.Enter, k.Manage, k.Back, k.Help})
}

func (m Model) viewCategory() string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("category.title", nil)) + "\n")
	b.WriteString(s.Subtle.Render(assets.Screen("category.for", m.st.Company.Name)) + "\n\n")
	for i, c := range flow.Categories {
		line := m.option(i, assets.Screen("category."+string(c), nil)+m.categoryExamples(c))
		if conn, ok := m.st.Company.LinkedIn(c); ok {
			line += "  " + s.Good.Render("✓ "+assets.Screen("category.linked", conn.PlatformName))
		}
		for _, r := range m.st.Recap {
			if r.Category == c && r.Outcome == flow.OutcomeWaiting {
				line += "  " + s.Warn.Render("⧗ "+assets.Screen("category.waiting", r.Platform))
			}
		}
		b.WriteString(wrap(line, m.contentWidth()) + "\n")
	}
	return b.String()
}

// categoryExamples names a few of the category's platforms switched on for
// the account, once the catalogue is in; before that, none, so the screen
// never names a platform the list will not have.
func (m Model) categoryExamples(c flow.Category) string {
	const shown = 3
	var names []string
	for _, p := range flow.InCategory(m.st.Catalogue, c) {
		if !p.Sandbox {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	more := len(names) > shown
	return assets.Screen("category.examples", assets.Vars{"Names": names[:min(shown, len(names))], "More": more})
}
