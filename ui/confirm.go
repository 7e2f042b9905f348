package ui

import tea "charm.land/bubbletea/v2"

// The "are you sure?" questions (unlink, forget) that a single key answers.

// answerConfirm ends a pending "are you sure?" question: it returns the id
// the question was about when the answer is y, and "" for any other key.
func (m *Model) answerConfirm(msg tea.KeyPressMsg) string {
	id := m.confirm
	m.confirm = ""
	if msg.String() == "y" {
		return id
	}
	return ""
}
