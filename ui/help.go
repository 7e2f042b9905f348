package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
)

// The help overlay, opened with ?: the keys that work on the screen under
// it, each in a sentence, then the journey and how to revoke access. It
// scrolls when the window is too small to show it whole.

func (m Model) openHelp() Model {
	m.showHelp, m.helpOffset = true, 0
	return m
}

func (m Model) updateHelp(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.helpKeys()
	vp := m.helpViewport()
	switch {
	case key.Matches(msg, k.ScrollUp) && msg.String() == "pgup":
		vp.PageUp()
	case key.Matches(msg, k.ScrollUp):
		vp.ScrollUp(1)
	case key.Matches(msg, k.ScrollDown) && msg.String() == "pgdown":
		vp.PageDown()
	case key.Matches(msg, k.ScrollDown):
		vp.ScrollDown(1)
	default:
		m.showHelp = false
		return m, nil
	}
	m.helpOffset = vp.YOffset()
	return m, nil
}

// helpKeys: the arrows scroll the help when it does not fit; any other key
// closes it.
func (m Model) helpKeys() screenKeys {
	k := m.keys
	if m.helpFits() {
		k.ScrollUp.SetEnabled(false)
		k.ScrollDown.SetEnabled(false)
		return k.screen([]key.Binding{hint("keys.closehelp")})
	}
	return k.screen([]key.Binding{k.ScrollUp, k.ScrollDown, hint("keys.closehelpother")})
}

func (m Model) viewHelp() string {
	return m.helpTitle() + m.helpViewport().View()
}

func (m Model) helpTitle() string {
	return m.styles.Title.Render(assets.Screen("help.title", nil)) + "\n\n"
}

// helpViewport is the help's text in a viewport as tall as the room left,
// scrolled as far as the person scrolled it.
func (m Model) helpViewport() viewport.Model {
	vp := viewport.New(viewport.WithWidth(m.contentWidth()), viewport.WithHeight(m.helpRows()))
	vp.SetContent(m.helpText())
	vp.SetYOffset(m.helpOffset)
	return vp
}

// helpRows is the room for the help's text, with the footer that says the
// help scrolls.
func (m Model) helpRows() int {
	k := m.keys
	footer := m.footer(keyLine([]key.Binding{k.ScrollUp, k.ScrollDown, hint("keys.closehelpother")}))
	return max(1, m.bodyRows(m.header(), footer)-lipgloss.Height(m.helpTitle())+1)
}

func (m Model) helpFits() bool {
	return m.height <= 0 || lipgloss.Height(m.helpText()) <= m.helpRows()
}

// helpText lists the keys of the screen under the help, in the words of
// their keyhelp blocks, then says what the journey is.
func (m Model) helpText() string {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(wrap(assets.Screen("help.intro", nil), w) + "\n\n")
	b.WriteString(s.Strong.Render(assets.Screen("help.keys", nil)) + "\n")
	var keys []keyGroup
	for _, row := range m.stepKeys().FullHelp() {
		keys = append(keys, groups(row)...)
	}
	labels := 0
	for _, g := range keys {
		labels = max(labels, lipgloss.Width(g.label))
	}
	for _, g := range keys {
		label := g.label + strings.Repeat(" ", labels-lipgloss.Width(g.label))
		words := wrap(helpWords(g.name), max(10, w-labels-4))
		b.WriteString("  " + s.Key.Render(label) + "  " + indent(words, labels+4)[labels+4:] + "\n")
	}
	b.WriteString("\n" + wrapLines(assets.Screen("help.journey", nil), w))
	b.WriteString("\n\n" + wrapLines(assets.Screen("help.revoke", nil), w))
	return b.String()
}
