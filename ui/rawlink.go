package ui

import (
	"strings"
)

// How the link screens (authorize, delegate) print a link.

// linkLines prints a link raw, from the first column, outside any border, so
// selecting it copies nothing else; it is also an OSC 8 hyperlink. A link
// wider than the window is broken into pieces: c copies it whole, and it is
// printed whole again, on one line, when onboard exits.
func (m Model) linkLines(url string) string {
	w := max(20, m.width)
	if m.width <= 0 {
		w = 80
	}
	st := m.styles.Link.Hyperlink(url)
	var lines []string
	r := []rune(url)
	for len(r) > 0 {
		n := min(w, len(r))
		lines = append(lines, st.Render(string(r[:n])))
		r = r[n:]
	}
	return strings.Join(lines, "\n")
}
