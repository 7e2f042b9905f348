package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// unsafeInputRunes are the runes a paste may carry that would reorder or
// break what the screen shows: bidi embeddings, overrides, isolates and
// marks, and line and paragraph separators.
const unsafeInputRunes = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u2028\u2029"

// send passes messages to the model as the program would.
func send(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// TestPastedBidiAndSeparatorsNeverReachTheScreen pastes and types text
// full of bidi controls and line separators into the company name and the
// invite's fields, and reads the rendered screen: the text shows without
// them, and the name searched for is the cleaned one.
func TestPastedBidiAndSeparatorsNeverReachTheScreen(t *testing.T) {
	dirty := func(s string) string {
		// Every unsafe rune, spread through s.
		var b strings.Builder
		rs := []rune(unsafeInputRunes)
		for i, r := range s {
			b.WriteRune(r)
			b.WriteRune(rs[i%len(rs)])
		}
		return b.String()
	}
	tests := []struct {
		name  string
		start func() Model
		input []tea.Msg
		want  string // on screen, whole
	}{
		{"company name, pasted", func() Model { return screen(100, 30, true) },
			[]tea.Msg{tea.PasteMsg{Content: dirty("Acme Ltd")}}, "Acme Ltd"},
		{"company name, typed key by key", func() Model { return screen(100, 30, true) },
			keys("Ac\u202eme\u2066 L\u2028td\u200f"), "Acme Ltd"},
		{"invite recipient, pasted", func() Model { return press(atDelegate(screen(100, 30, true)), "i") },
			[]tea.Msg{tea.PasteMsg{Content: dirty("jane@firm.example")}}, "jane@firm.example"},
		{"invite recipient's name, typed", func() Model {
			return send(press(atDelegate(screen(100, 30, true)), "i"), tea.KeyPressMsg{Code: tea.KeyTab})
		}, keys("Ja\u202dne \u2029Doe\u200e"), "Jane Doe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := send(tt.start(), tt.input...)
			frame := ansi.Strip(m.render())
			if strings.ContainsAny(frame, unsafeInputRunes) {
				t.Errorf("the screen holds a bidi control or separator:\n%q", frame)
			}
			if !strings.Contains(frame, tt.want) {
				t.Errorf("the screen does not show %q:\n%s", tt.want, frame)
			}
		})
	}
	// The paste searched for the cleaned name.
	m := send(screen(100, 30, true), tea.PasteMsg{Content: dirty("Acme Ltd")})
	if m.st.Query != "Acme Ltd" {
		t.Errorf("the search is for %q, want %q", m.st.Query, "Acme Ltd")
	}
}

// keys turns text into key presses, one per rune, as a terminal sends typing.
func keys(s string) []tea.Msg {
	var msgs []tea.Msg
	for _, r := range s {
		msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return msgs
}
