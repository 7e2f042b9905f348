package ui

import (
	"charm.land/lipgloss/v2"
)

// Styles are built once from the terminal's background and passed to every
// screen; they are rebuilt only when the background is learnt.
type Styles struct {
	Dark bool

	App, Title, Subtle, Strong, Accent lipgloss.Style
	Good, Warn, Bad                    lipgloss.Style
	Banner                             lipgloss.Style
	Selected, Unselected               lipgloss.Style
	Badge                              lipgloss.Style
	Link                               lipgloss.Style
	Box                                lipgloss.Style
	Help                               lipgloss.Style
	Key                                lipgloss.Style
}

// NewStyles builds the palette for a light or dark background. Colours are
// chosen to stay readable on both; NO_COLOR is applied by the renderer's
// colour profile, so every style also reads without colour (bold, reverse).
func NewStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B9A6FF"))
	subtle := ld(lipgloss.Color("#5F5F5F"), lipgloss.Color("#A8A8A8"))
	good := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#5FD787"))
	warn := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#FFD75F"))
	bad := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF8787"))
	return Styles{
		Dark:       dark,
		App:        lipgloss.NewStyle().Padding(1, 2),
		Title:      lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:     lipgloss.NewStyle().Foreground(subtle),
		Strong:     lipgloss.NewStyle().Bold(true),
		Accent:     lipgloss.NewStyle().Foreground(accent),
		Good:       lipgloss.NewStyle().Bold(true).Foreground(good),
		Warn:       lipgloss.NewStyle().Foreground(warn),
		Bad:        lipgloss.NewStyle().Bold(true).Foreground(bad),
		Banner:     lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1),
		Selected:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		Unselected: lipgloss.NewStyle(),
		Badge:      lipgloss.NewStyle().Foreground(subtle).Italic(true),
		Link:       lipgloss.NewStyle().Underline(true),
		Box:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(subtle).Padding(0, 1),
		Help:       lipgloss.NewStyle().Foreground(subtle),
		Key:        lipgloss.NewStyle().Bold(true),
	}
}
