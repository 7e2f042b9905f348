package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The platform screen: the enabled platforms of the chosen category, with a
// filter typed straight into the list.

// visiblePlatforms applies the typed filter.
func (m Model) visiblePlatforms() []flow.Platform {
	return flow.FilterPlatforms(m.st.Platforms, m.filter)
}

func (m Model) updatePlatform(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	visible := m.visiblePlatforms()
	k := m.platformKeys()
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = max(0, min(len(visible)-1, m.cursor+1))
	case key.Matches(msg, m.keys.Enter): // never typed into the filter
		if k.Enter.Enabled() {
			return m.apply(flow.PlatformChosen{Key: visible[min(m.cursor, len(visible)-1)].Key})
		}
		if len(m.st.Platforms) == 0 && m.st.Busy != nil {
			// The list is loading: the pick is kept, and made when it arrives.
			return m.apply(flow.PlatformChosen{Filter: m.filter, Index: m.cursor})
		}
	case key.Matches(msg, k.Back):
		if m.filter != "" {
			m.filter, m.cursor = "", 0
			return m, nil
		}
		return m.apply(flow.Back{})
	case msg.Code == tea.KeyBackspace:
		if r := []rune(m.filter); len(r) > 0 {
			m.filter, m.cursor = string(r[:len(r)-1]), 0
		}
	case msg.Text != "" && msg.Mod == 0 || msg.Text != "" && msg.Mod.Contains(tea.ModShift):
		m.filter += msg.Text
		m.cursor = 0
	}
	return m, nil
}

// platformKeys: typing filters the list, and esc clears the filter before
// it goes back.
func (m Model) platformKeys() screenKeys {
	k := m.keys
	visible := len(m.visiblePlatforms())
	k.Up.SetEnabled(visible > 1)
	k.Down.SetEnabled(visible > 1)
	k.Enter.SetEnabled(visible > 0)
	if m.filter != "" {
		k.Back = named(k.Back, "keys.clearfilter")
	}
	return k.screen([]key.Binding{hint("keys.typefilter"), k.Up, k.Down, k.Enter, k.Back, k.Help})
}

func (m Model) viewPlatform() string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("platform.title", strings.ToLower(categoryTitle(m.st.Category)))) + "\n")
	filterLine := s.Subtle.Render(assets.Screen("platform.intro", nil))
	if m.filter != "" {
		filterLine = assets.Screen("platform.filter", nil) + " " + s.Strong.Render(m.filter) + "▏"
	}
	b.WriteString(filterLine + "\n\n")
	visible := m.visiblePlatforms()
	if len(visible) == 0 && len(m.st.Platforms) > 0 {
		b.WriteString(s.Warn.Render(assets.Screen("platform.none", m.filter)) + "\n")
	}
	// Show a window of the list around the cursor that fits the screen.
	room := 10
	if m.height > 0 {
		room = max(3, m.height-14)
	}
	start := max(0, min(m.cursor-room/2, len(visible)-room))
	end := min(len(visible), start+room)
	if start > 0 {
		b.WriteString(s.Subtle.Render("  "+assets.Screen("platform.above", nil)) + "\n")
	}
	for i := start; i < end; i++ {
		p := visible[i]
		var badges []string
		if p.Sandbox {
			badges = append(badges, assets.Screen("platform.sandbox", nil))
		}
		if p.Beta {
			badges = append(badges, assets.Screen("platform.beta", nil))
		}
		if p.Offline {
			badges = append(badges, assets.Screen("platform.offline", nil))
		}
		line := m.option(i, p.Name)
		if len(badges) > 0 {
			line += "  " + s.Badge.Render(strings.Join(badges, " · "))
		}
		b.WriteString(line + "\n")
	}
	if end < len(visible) {
		b.WriteString(s.Subtle.Render("  "+assets.Screen("platform.below", nil)) + "\n")
	}
	return b.String()
}
