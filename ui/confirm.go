package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The "are you sure?" questions (unlink, forget) that a single key answers.

// answerConfirm ends a pending "are you sure?" question: it returns the id
// the question was about when the answer is y, and "" for any other key.
func (m *Model) answerConfirm(msg tea.KeyPressMsg) string {
	id := m.confirm
	m.confirm = ""
	if key.Matches(msg, m.keys.Yes) {
		return id
	}
	return ""
}

// confirmKeys are the keys while a question waits: y does what name says,
// any other key keeps things as they were.
func (k Keys) confirmKeys(name string) screenKeys {
	return k.screen([]key.Binding{named(k.Yes, name), hint("keys.keep")})
}
