package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The company screen: a name typed with live matches under it. The options
// are the matches, then "create a new company".

func (m Model) companyOptions() int {
	if m.offersCreate() {
		return len(m.st.Matches) + 1
	}
	return len(m.st.Matches)
}

// offersCreate: "create a new company" is offered for a name typed, unless
// a match already has that name (one just created, say): the match is the
// company.
func (m Model) offersCreate() bool {
	query := strings.TrimSpace(m.input.Value())
	if query == "" {
		return false
	}
	return !slices.ContainsFunc(m.st.Matches, func(c flow.Company) bool { return flow.CompanyKey(c.Name) == flow.CompanyKey(query) })
}

func (m Model) updateCompany(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.companyKeys()
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
		return m, nil
	case key.Matches(msg, k.Down):
		m.cursor = min(m.companyOptions()-1, m.cursor+1)
		return m, nil
	case key.Matches(msg, k.Enter):
		if m.st.ConfirmCreate && m.cursor == len(m.st.Matches) {
			return m.apply(flow.CreateConfirmed{UID: newUID()})
		}
		if m.cursor < len(m.st.Matches) {
			// The matches shown all hold what is typed, even while the
			// next search is under way: what the person sees is theirs.
			return m.apply(flow.CompanyChosen{ID: m.st.Matches[m.cursor].ID})
		}
		if !m.offersCreate() {
			return m, nil
		}
		return m.apply(flow.CreateRequested{Name: m.input.Value(), UID: newUID()})
	case key.Matches(msg, k.Back):
		if m.st.ConfirmCreate {
			return m.apply(flow.Back{})
		}
		m.input.SetValue("")
		m.cursor = 0
		return m.apply(flow.QueryChanged{Query: ""})
	}
	return m.typeCompany(msg)
}

// typeCompany passes a key press or a paste to the name field, and searches
// again when the name changed.
func (m Model) typeCompany(msg tea.Msg) (tea.Model, tea.Cmd) {
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() == before {
		return m, cmd
	}
	m.cursor = 0
	next, more := m.apply(flow.QueryChanged{Query: m.input.Value()})
	return next, tea.Batch(cmd, more)
}

// companyKeys: what is typed goes into the name, so ? is not help here.
func (m Model) companyKeys() screenKeys {
	k := m.keys
	typed := strings.TrimSpace(m.input.Value()) != ""
	k.Up.SetEnabled(typed)
	k.Down.SetEnabled(typed)
	k.Back = named(k.Back, "keys.clear")
	if m.st.ConfirmCreate {
		k.Back = named(k.Back, "keys.back")
	}
	k.Back.SetEnabled(m.st.ConfirmCreate || m.input.Value() != "")
	k.Help.SetEnabled(false)
	return k.screen([]key.Binding{hint("keys.typename"), k.Up, k.Down, k.Enter, k.Back, k.Quit})
}

func (m Model) viewCompany() string {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("company.title", nil)) + "\n")
	b.WriteString(s.Subtle.Render(wrap(assets.Screen("company.intro", nil), w)) + "\n\n")
	b.WriteString(m.input.View() + "\n")

	query := strings.TrimSpace(m.input.Value())
	if cleaned, changed := flow.CodatName(query); changed && cleaned != "" {
		b.WriteString(s.Warn.Render(wrap(assets.Screen("company.renamed", cleaned), w)) + "\n")
	}
	b.WriteString("\n")
	if query != "" {
		if m.st.Searching && len(m.st.Matches) == 0 {
			b.WriteString(s.Subtle.Render("  "+assets.Screen("company.searching", nil)) + "\n")
		}
		for i, c := range m.st.Matches {
			b.WriteString(m.companyLine(i, c) + "\n")
		}
		if m.offersCreate() {
			create := "+ " + assets.Screen("company.create", query)
			b.WriteString(m.option(len(m.st.Matches), create) + "\n")
		}
		if m.st.ConfirmCreate {
			b.WriteString("\n" + s.Warn.Render(wrap(assets.Screen("company.confirm", nil), w)) + "\n")
		}
	}
	return b.String()
}

// companyLine shows a match with its connections, so the person can tell
// which company is theirs.
func (m Model) companyLine(i int, c flow.Company) string {
	s := m.styles
	line := m.option(i, c.Name)
	var notes []string
	if c.LinkedBefore() {
		notes = append(notes, assets.Screen("company.linkedbefore", nil))
	}
	for _, conn := range c.Connections {
		notes = append(notes, conn.PlatformName+": "+statusWords(conn.Status))
	}
	if len(c.Connections) == 0 {
		notes = append(notes, assets.Screen("company.noconnections", nil))
	}
	line += "  " + s.Badge.Render(truncate(strings.Join(notes, " · "), max(10, m.contentWidth()-lipgloss.Width(line)-2)))
	if i == m.cursor && c.LinkedBefore() {
		note := wrap(assets.Screen("company.reuse", nil), m.contentWidth()-4)
		line += "\n" + s.Subtle.Render(indent(note, 4))
	}
	return line
}
