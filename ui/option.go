package ui

import (
	"slices"

	"github.com/onboardcli/onboard/flow"
)

// A choice in a list, marked when under the cursor.

// option draws one choice of a list, marked when under the cursor.
func (m Model) option(i int, label string) string {
	if i == m.cursor {
		return m.styles.Selected.Render(hang("▸ ", label, m.contentWidth()))
	}
	return hang("  ", label, m.contentWidth())
}

// cursorOnReturn puts the cursor, on a step come back to with esc, on what
// was chosen there, so enter keeps that choice: the category, the platform,
// and whether the person could sign in themselves.
func (m Model) cursorOnReturn(from flow.Step) int {
	switch m.st.Step {
	case flow.StepCategory:
		if i := slices.Index(flow.Categories, m.st.Category); i >= 0 {
			return i
		}
	case flow.StepPlatform:
		key := m.st.Platform.Key
		if i := slices.IndexFunc(m.visiblePlatforms(), func(p flow.Platform) bool { return p.Key == key }); key != "" && i >= 0 {
			return i
		}
	case flow.StepSignIn:
		if from == flow.StepDelegate {
			return 1
		}
	}
	return 0
}
