package ui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// deliver sends msgs one after another as bubbletea does: each message's
// command runs only after the messages already queued (keys typed ahead)
// have reached the model. It returns the model once every command's messages
// have arrived, in the order the commands were made.
func deliver(t *testing.T, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	var pending []tea.Cmd
	for _, msg := range msgs {
		next, cmd := m.Update(msg)
		m = next.(Model)
		pending = append(pending, cmd)
	}
	for _, cmd := range pending {
		for _, msg := range runCmd(cmd) {
			next, _ := m.Update(msg)
			m = next.(Model)
		}
	}
	return m
}

var cmdListType = reflect.TypeOf([]tea.Cmd{})

// runCmd runs cmd and the commands any batch or sequence it makes holds,
// and returns the messages they produce.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	v := reflect.ValueOf(msg)
	if msg == nil || !v.Type().ConvertibleTo(cmdListType) || v.Kind() != reflect.Slice {
		if msg == nil {
			return nil
		}
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range v.Convert(cmdListType).Interface().([]tea.Cmd) {
		out = append(out, runCmd(c)...)
	}
	return out
}

func enterKey() tea.Msg { return tea.KeyPressMsg{Code: tea.KeyEnter} }

// TestTypingAheadGoesToTheNextField: a key typed right after enter, before
// the program has taken in the change of field, lands in the new field.
func TestTypingAheadGoesToTheNextField(t *testing.T) {
	m := press(atDelegate(screen(100, 30, true)), "i")
	m = send(m, keys("jane@firm.example")...)
	m = deliver(t, m, append([]tea.Msg{enterKey()}, keys("Jane")...)...)
	if m.inviteData.To != "jane@firm.example" || m.inviteData.ToName != "Jane" {
		t.Fatalf("to=%q name=%q, want the typed-ahead name in its own field", m.inviteData.To, m.inviteData.ToName)
	}
	if m.invite.GetFocusedField() != m.inviteFields[1] {
		t.Fatal("the focus moved on again after the typed-ahead keys")
	}
	// Back with shift+tab and on typing: the keys reach the field gone back to.
	m = deliver(t, m, append([]tea.Msg{tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, tea.KeyPressMsg{Code: tea.KeyBackspace}}, keys("x")...)...)
	if m.inviteData.To != "jane@firm.examplx" || m.inviteData.ToName != "Jane" {
		t.Fatalf("after shift+tab: to=%q name=%q", m.inviteData.To, m.inviteData.ToName)
	}
}

// TestAWrongFieldKeepsTheFocus: enter on an address that is not one stays
// on it, says why, and what is typed next still goes there.
func TestAWrongFieldKeepsTheFocus(t *testing.T) {
	m := press(atDelegate(screen(100, 30, true)), "i")
	m = deliver(t, m, append(append(keys("jane"), enterKey()), keys("@firm.example")...)...)
	if m.inviteData.To != "jane@firm.example" || m.inviteData.ToName != "" {
		t.Fatalf("to=%q name=%q, want the keys after a refused enter in the same field", m.inviteData.To, m.inviteData.ToName)
	}
	// A blank sender's name is refused too; typed on, it is taken.
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	m = deliver(t, m, append(append([]tea.Msg{tab, tab, tab}, keys("Sam")...), append([]tea.Msg{tab}, keys("x")...)...)...)
	if m.inviteData.FromName != "Sam" || m.inviteData.FromEmail != "x" {
		t.Fatalf("from name=%q email=%q, want Sam and x", m.inviteData.FromName, m.inviteData.FromEmail)
	}
	m = deliver(t, m, enterKey())
	if !strings.Contains(ansi.Strip(m.render()), "x") || m.invite.GetFocusedField() != m.inviteFields[3] {
		t.Fatalf("a wrong sender address was left:\n%s", ansi.Strip(m.render()))
	}
}

// TestTheLastFieldLeadsToTheMessage: enter on the last field opens the
// subject and message, and keys typed at once go into the subject.
func TestTheLastFieldLeadsToTheMessage(t *testing.T) {
	m := press(atDelegate(screen(100, 30, true)), "i")
	m = send(m, keys("jane@firm.example")...)
	msgs := append([]tea.Msg{enterKey(), enterKey()}, keys("Sam")...)
	msgs = append(msgs, enterKey(), enterKey(), enterKey(), tea.KeyPressMsg{Code: tea.KeyEnd})
	m = deliver(t, m, append(msgs, keys("!")...)...)
	if m.invitePage != inviteText || !strings.HasSuffix(m.inviteData.Subject, "!") {
		t.Fatalf("page=%d subject=%q, want the message page with the typed-ahead key in the subject", m.invitePage, m.inviteData.Subject)
	}
}

// TestEscKeepsWhatWasTyped: esc leaves the invite as it was, and what was
// typed in the form is there again when i opens it; once sent on, the
// form opens with the invite itself.
func TestEscKeepsWhatWasTyped(t *testing.T) {
	m := press(atDelegate(screen(100, 30, true)), "i")
	m = deliver(t, m, append(append(keys("jane@firm.example"), enterKey()), keys("Jane")...)...)
	m = deliver(t, m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.invite != nil || m.st.Invite.To != "" {
		t.Fatalf("esc left the form open (%v) or changed the invite: %+v", m.invite != nil, m.st.Invite)
	}
	if got := ansi.Strip(m.render()); !strings.Contains(got, "What you typed is kept: press i to go on with it.") {
		t.Errorf("esc does not say the typing is kept:\n%s", got)
	}
	m = press(m, "i")
	if m.inviteData.To != "jane@firm.example" || m.inviteData.ToName != "Jane" {
		t.Fatalf("reopened with to=%q name=%q, want what was typed", m.inviteData.To, m.inviteData.ToName)
	}
	if got := ansi.Strip(m.render()); !strings.Contains(got, "jane@firm.example") {
		t.Errorf("the reopened form does not show the address:\n%s", got)
	}
}
