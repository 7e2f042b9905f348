package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
)

// throughInvite presses enter through every field of the invite form as
// it opens, as a person accepting what is there would.
func throughInvite(t *testing.T, m Model) Model {
	t.Helper()
	m = press(m, "i")
	for range 7 {
		m = send(m, enterKey())
	}
	return m
}

// withDraft is the hand-on screen with a message left in the invite form
// (esc keeps it unchecked), to open again with i.
func withDraft(m Model, body string) Model {
	m.inviteDraft = &inviteDraft{
		inv:  flow.Invite{To: "jane@firm.example", FromName: "Sam", FromCompany: "Acme Ltd", Subject: "Xero for Acme", Body: body},
		link: m.st.HostedLink,
	}
	return m
}

// TestInviteMessageKeepsTheLinkWhole: a message whose link has words run
// on to it, as a wrapped box shows on the next line, is not taken, and
// the form says how to mend it; one with the link apart is.
func TestInviteMessageKeepsTheLinkWhole(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		taken      bool
	}{
		{"run on", "Hi Jane,\n\n" + hostedLink + "Thanks!\n\nSam\n", false},
		{"a full stop run on", "Hi Jane, the link is " + hostedLink + ".\n", false},
		{"gone", "Hi Jane,\n\nSam\n", false},
		{"apart", "Hi Jane,\n\n" + hostedLink + "\nThanks!\n\nSam\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := throughInvite(t, withDraft(atDelegate(screen(80, 24, true)), tc.body))
			if taken := m.invite == nil && m.st.Invite.Body == tc.body; taken != tc.taken {
				t.Fatalf("taken=%v, want %v (form open %v, invite %+v)\n%s", taken, tc.taken, m.invite != nil, m.st.Invite, ansi.Strip(m.render()))
			}
			if tc.taken {
				return
			}
			want := "Put a space or a line break either side of the link"
			if tc.name == "gone" {
				want = "Keep the link in the message"
			}
			if got := strings.Join(strings.Fields(ansi.Strip(m.render())), " "); !strings.Contains(got, want) {
				t.Fatalf("the form does not say %q:\n%s", want, ansi.Strip(m.render()))
			}
		})
	}
}

// TestInviteReopensWithTheEditedMessage: a message edited and taken is the
// one the form shows when i opens it again, not the templates' again; one
// left as the templates wrote it follows a name typed since.
func TestInviteReopensWithTheEditedMessage(t *testing.T) {
	edited := "Hi Jane,\n\n" + hostedLink + "\n\nSee you on Friday,\nSam\n"
	m := throughInvite(t, withDraft(atDelegate(screen(80, 24, true)), edited))
	if m.st.Invite.Body != edited {
		t.Fatalf("the edited message was not taken: %+v", m.st.Invite)
	}
	m = throughInvite(t, m)
	if m.st.Invite.Body != edited {
		t.Fatalf("opening the invite again lost the edit: body %q", m.st.Invite.Body)
	}

	m = throughInvite(t, withDraft(atDelegate(screen(80, 24, true)), ""))
	if m.st.Invite.To == "" || m.st.Invite.Body != "" {
		t.Fatalf("the invite as the templates wrote it was not taken as such: %+v", m.st.Invite)
	}
	m = press(m, "i")
	m = send(m, append([]tea.Msg{enterKey()}, keys("Jane")...)...)
	for range 6 {
		m = send(m, enterKey())
	}
	if m.st.Invite.Body != "" || m.st.Invite.ToName != "Jane" {
		t.Fatalf("the templates' message was kept as text (%q) or the name not taken (%q)", m.st.Invite.Body, m.st.Invite.ToName)
	}
}

// TestInviteSentWithTheFreshLink: where links work once (the strict
// sandbox), a message edited on one visit to the hand-on screen and sent on
// the next carries the link then on screen, with the edit.
func TestInviteSentWithTheFreshLink(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	h := startHarness(t, sb, nil, 100, 30, false)
	h.toSignIn("Acme Ltd")
	h.text("n")
	first := h.waitFor("the Hosted Link", func(s snapshot) bool { return s.st.HostedLink != "" }).st.HostedLink
	body := "Hi Jane,\n\n" + first + "\n\nSee you on Friday,\nSam\n"
	h.tm.Send(eventMsg{flow.InviteSubmitted{Invite: flow.Invite{To: "jane@firm.example", FromName: "Sam", Body: body}}})
	h.waitFor("the invite", func(s snapshot) bool { return s.st.Invite.Body == body })
	h.key(tea.KeyEscape)
	h.waitFor("the sign-in question", func(s snapshot) bool { return s.st.Step == flow.StepSignIn })
	h.text("n")
	fresh := h.waitFor("a fresh link", func(s snapshot) bool { return s.st.HostedLink != "" && s.st.Step == flow.StepDelegate }).st.HostedLink
	if fresh == first {
		t.Fatalf("the strict sandbox gave the same link twice: %s", fresh)
	}
	h.text("t")
	s := h.waitFor("the invite copied", func(s snapshot) bool { return s.st.InviteSent != "" || s.st.Notice != nil })
	copied := h.clip.all()
	if len(copied) != 1 {
		t.Fatalf("copied %q, want the invite's message (notice %+v)", copied, s.st.Notice)
	}
	if msg := copied[0]; !strings.Contains(msg, "\n"+fresh+"\n") || strings.Contains(msg, first) || !strings.Contains(msg, "See you on Friday") {
		t.Fatalf("sent a message with the link shown before (%s), not the one on screen (%s), or without the edit:\n%s", first, fresh, msg)
	}
}

// TestAnEscDraftTakesTheFreshLink: a message left in the form with esc,
// opened again once a fresh link has come, keeps its words and carries the
// fresh link in place of the old one.
func TestAnEscDraftTakesTheFreshLink(t *testing.T) {
	m := atDelegate(screen(80, 24, true))
	fresh := hostedLink + "&fresh=1"
	typed := flow.Invite{To: "jane@firm.example", FromName: "Sam", Subject: "Our books", Body: "Hi Jane,\n\n" + hostedLink + "\n\nSee you on Friday,\nSam\n"}
	m.inviteDraft = &inviteDraft{inv: typed, link: hostedLink}
	m = feed(m, flow.HostedLinkReady{URL: fresh})
	m = press(m, "i")
	got := *m.inviteData
	want := typed
	want.Body = "Hi Jane,\n\n" + fresh + "\n\nSee you on Friday,\nSam\n"
	if got.Body != want.Body || got.Subject != want.Subject || got.To != want.To {
		t.Fatalf("the draft opened as %+v, want %+v", got, want)
	}
}

// TestEscOnTheMessageKeepsTheTemplatesWords: a message left with esc as
// the templates wrote it is kept as theirs, not as typed text, so it
// follows a name changed when the form opens again.
func TestEscOnTheMessageKeepsTheTemplatesWords(t *testing.T) {
	m := press(atDelegate(screen(100, 30, true)), "i")
	m = deliver(t, m, append(append(keys("jane@firm.example"), enterKey()), keys("Jane")...)...)
	m = deliver(t, m, enterKey())
	if m.inviteData.FromName == "" {
		m = deliver(t, m, keys("Sam")...)
	}
	for range 3 {
		m = deliver(t, m, enterKey())
	}
	if m.invitePage != inviteText || !strings.Contains(m.inviteData.Body, "Jane") {
		t.Fatalf("not on the message page with the templates' words: page %d, body %q", m.invitePage, m.inviteData.Body)
	}
	m = deliver(t, m, tea.KeyPressMsg{Code: tea.KeyEscape})
	dr := m.inviteDraft
	if dr == nil || dr.inv.ToName != "Jane" || dr.inv.Subject != "" || dr.inv.Body != "" {
		t.Fatalf("esc kept %+v; want the name, and the templates' subject and message left to them", dr)
	}
	dr.inv.ToName = "Maria" // as if typed over when the form opens again
	m = throughInvite(t, m)
	if !strings.Contains(m.st.Invite.ToName, "Maria") || m.st.Invite.Body != "" {
		t.Fatalf("the invite sent is %+v; want Maria's, in the templates' words", m.st.Invite)
	}
}

// TestTheQRCodeGivesWayOnceLinked: the code shown for a phone to scan
// closes once the link is used, and the screen shows it worked.
func TestTheQRCodeGivesWayOnceLinked(t *testing.T) {
	m := press(atAuthorize(screen(100, 30, true)), "q")
	if !m.showQR {
		t.Fatal("q did not show the QR code")
	}
	m = feed(m, flow.ConnectionUpdated{Status: flow.StatusLinked, Via: flow.ViaWebhook})
	if got := ansi.Strip(m.render()); m.showQR || !strings.Contains(got, "is linked") {
		t.Fatalf("once linked the screen shows:\n%s", got)
	}
}
