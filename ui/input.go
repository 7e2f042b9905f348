package ui

import (
	"reflect"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/api"
)

// cleanInput is the one door for what a person types or pastes into the
// screens' text fields (the company name, the invite's fields): the text
// fields drop control characters themselves, but not bidirectional
// controls, zero-width characters or line and paragraph separators, which
// would reorder or break what is shown (and what is sent). It cleans a
// paste, the text of a key press, and what ctrl+v in a bubbles field read
// from the clipboard, with api.SanitizeInput. keep is false when nothing is
// left of a key press: the message is then dropped.
func cleanInput(msg tea.Msg) (cleaned tea.Msg, keep bool) {
	switch m := msg.(type) {
	case tea.PasteMsg:
		m.Content = api.SanitizeInput(m.Content)
		return m, true
	case tea.KeyPressMsg:
		if m.Text == "" {
			return m, true
		}
		m.Text = api.SanitizeInput(m.Text)
		return m, m.Text != ""
	}
	// ctrl+v in a bubbles text field reads the clipboard itself and hands
	// what it read back as a message of the field's own unexported string
	// type; it is cleaned like a paste, keeping its type.
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.String && strings.HasPrefix(v.Type().PkgPath(), "charm.land/bubbles/") {
		return reflect.ValueOf(api.SanitizeInput(v.String())).Convert(v.Type()).Interface(), true
	}
	return msg, true
}
