package ui

import (
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
