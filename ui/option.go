package ui

// A choice in a list, marked when under the cursor.

// option draws one choice of a list, marked when under the cursor.
func (m Model) option(i int, label string) string {
	if i == m.cursor {
		return m.styles.Selected.Render(hang("▸ ", label, m.contentWidth()))
	}
	return hang("  ", label, m.contentWidth())
}
