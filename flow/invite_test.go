package flow

import (
	"strings"
	"testing"
)

// TestMessageLinkProblem: the link in an edited message must be there,
// whole, with a space or a line break either side wherever it is.
func TestMessageLinkProblem(t *testing.T) {
	link := "https://link.codat.io/company/c-acme?otp=123"
	tests := []struct {
		name string
		body string
		want LinkProblem
	}{
		{"on a line of its own", "Hi,\n\n" + link + "\n\nSam\n", ""},
		{"between words", "Open " + link + " today", ""},
		{"the whole message", link, ""},
		{"with Windows line ends", "Hi,\r\n" + link + "\r\nSam", ""},
		{"twice, both apart", link + "\nor again: " + link + "\n", ""},
		{"gone", "Hi,\n\nSam\n", LinkMissing},
		{"one character changed", "Hi,\n" + strings.Replace(link, "123", "124", 1) + "\n", LinkMissing},
		{"cut in two by a line break", "Hi,\n" + link[:20] + "\n" + link[20:] + "\n", LinkMissing},
		{"words run on after it", "Hi,\n" + link + "Thanks!\n", LinkJoined},
		{"a digit run on after it", "Hi,\n" + link + "0\n", LinkJoined},
		{"a full stop after it", "Open " + link + ".\n", LinkJoined},
		{"a word run on before it", "Link:" + link + "\n", LinkJoined},
		{"apart once, joined once", link + "\n" + link + "Thanks\n", LinkJoined},
		{"no link to hold", "Hi\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := link
			if tt.name == "no link to hold" {
				l = ""
			}
			if got := MessageLinkProblem(tt.body, l); got != tt.want {
				t.Fatalf("MessageLinkProblem(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

// TestInviteCarriesTheLinkOnScreen: a message edited around one link is
// sent with the link on screen when the person comes back and a fresh one
// is fetched; one whose link is not whole is not sent at all.
func TestInviteCarriesTheLinkOnScreen(t *testing.T) {
	first := "https://link.codat.io/company/c-acme?otp=111"
	fresh := "https://link.codat.io/company/c-acme?otp=222"
	edited := Invite{To: "jane@firm.example", FromName: "Sam", Subject: "Xero for Acme", Body: "Hi Jane,\n\n" + first + "\n\nThanks, Sam\n"}
	handingOn := func(link string) State {
		s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{link})
		return s
	}
	sent := func(effs []Effect) *SendInvite {
		for _, e := range effs {
			if si, ok := e.(SendInvite); ok {
				return &si
			}
		}
		return nil
	}
	tests := []struct {
		name     string
		start    State
		events   []Event
		wantBody string // "" = nothing sent
		notice   string
	}{
		{
			name:     "sent as written",
			start:    handingOn(first),
			events:   []Event{InviteSubmitted{edited}, SendRequested{WayEML}},
			wantBody: edited.Body,
		},
		{
			name:     "back, and on again: the fresh link takes the old one's place",
			start:    handingOn(first),
			events:   []Event{InviteSubmitted{edited}, Back{}, SignInAnswered{}, HostedLinkReady{fresh}, SendRequested{WayEML}},
			wantBody: "Hi Jane,\n\n" + fresh + "\n\nThanks, Sam\n",
		},
		{
			name:     "twice back and on: each link takes the last one's place",
			start:    handingOn(first),
			events:   []Event{InviteSubmitted{edited}, Back{}, SignInAnswered{}, HostedLinkReady{fresh}, Back{}, SignInAnswered{}, HostedLinkReady{first + "3"}, SendRequested{WayText}},
			wantBody: "Hi Jane,\n\n" + first + "3" + "\n\nThanks, Sam\n",
		},
		{
			name:   "a message whose link runs on into words is not sent",
			start:  handingOn(first),
			events: []Event{InviteSubmitted{Invite{To: "jane@firm.example", Body: "Hi,\n" + first + "Thanks\n"}}, SendRequested{WayMail}},
			notice: "delegate.link.joined",
		},
		{
			name:   "a message without the link is not sent",
			start:  handingOn(first),
			events: []Event{InviteSubmitted{Invite{To: "jane@firm.example", Body: "Hi,\nsee you\n"}}, SendRequested{WayText}},
			notice: "delegate.link.missing",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, effs := run(tt.start, tt.events...)
			si := sent(effs)
			switch {
			case tt.wantBody == "" && si != nil:
				t.Fatalf("sent %+v, want nothing sent", si.Invite)
			case tt.wantBody != "" && si == nil:
				t.Fatalf("nothing sent (notice %+v)", s.Notice)
			case si != nil && (si.Invite.Body != tt.wantBody || si.Link != s.HostedLink):
				t.Fatalf("sent body %q with link %q, want body %q and the link on screen %q", si.Invite.Body, si.Link, tt.wantBody, s.HostedLink)
			}
			if tt.notice != "" && (s.Notice == nil || s.Notice.Key != tt.notice || !s.Notice.Bad) {
				t.Fatalf("notice=%+v, want %s", s.Notice, tt.notice)
			}
		})
	}
}
