package ui

import (
	"regexp"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Folding and cutting prose to the window. Links are never folded here: see
// rawlink.go.

// wrap folds text to a width, for prose (never for links).
func wrap(s string, width int) string {
	return lipgloss.NewStyle().Width(width).Render(s)
}

// plain strips styling, for measuring.
func plain(s string) string { return ansi.Strip(s) }

func truncate(s string, n int) string {
	r := []rune(s)
	if n <= 1 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// indent shifts every line of s right by n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// listItem is what starts an item of a list: a number ("1. ") or a bullet.
var listItem = regexp.MustCompile(`^([0-9]+\.|•) `)

// wrapLines folds each line of s on its own, keeping its indent: a folded
// line goes on under the start of its text, or of an item's text after
// its number or bullet.
func wrapLines(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		text := strings.TrimLeft(line, " ")
		lead := len(line) - len(text)
		hang := lead + ansi.StringWidth(listItem.FindString(text))
		folded := strings.Split(wrap(text, max(10, width-hang)), "\n")
		for j := range folded {
			folded[j] = strings.Repeat(" ", hang) + strings.TrimRight(folded[j], " ")
		}
		folded[0] = strings.Repeat(" ", lead) + strings.TrimLeft(folded[0], " ")
		lines[i] = strings.Join(folded, "\n")
	}
	return strings.Join(lines, "\n")
}

// hang puts first before text and folds text to width, the lines after the
// first indented under its start, so a list item or a marked line that
// wraps stays under its own text. Text that fits is left as it is.
func hang(first, text string, width int) string {
	n := lipgloss.Width(first)
	if lipgloss.Width(text) <= width-n {
		return first + strings.ReplaceAll(text, "\n", "\n"+strings.Repeat(" ", n))
	}
	lines := strings.Split(wrap(text, max(10, width-n)), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", n) + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
