package flow

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The link in an edited invite message.

// LinkProblem is what is wrong with the link in an invite's message; the
// blocks invite.link.PROBLEM (as it is typed) and delegate.link.PROBLEM
// (when it is sent) say so.
type LinkProblem string

// The problems a message's link can have.
const (
	LinkMissing LinkProblem = "missing" // not in the message
	LinkJoined  LinkProblem = "joined"  // run on to the words around it
)

// MessageLinkProblem says what is wrong with the link in a message typed
// around link, "" when nothing is. The link must be in it, and wherever it
// is, whole and apart from the words around it (a space or a line break
// either side): text run on to it ("…c54Thanks!", which a wrapped field
// shows as if on a line of its own) would make a mail app open a link that
// goes nowhere.
func MessageLinkProblem(body, link string) LinkProblem {
	if link == "" {
		return ""
	}
	found := false
	for from := 0; ; {
		i := strings.Index(body[from:], link)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(link)
		before, _ := utf8.DecodeLastRuneInString(body[:start])
		after, _ := utf8.DecodeRuneInString(body[end:])
		if !apart(before) || !apart(after) {
			return LinkJoined
		}
		found, from = true, end
	}
	if !found {
		return LinkMissing
	}
	return ""
}

// apart reports whether r, next to the link, leaves it whole: a space, a
// line break, or the start or end of the message.
func apart(r rune) bool { return r == utf8.RuneError || unicode.IsSpace(r) }

// setHostedLink shows link as the one to hand on. A message edited around
// the last link is given this one in its place, so what is sent carries the
// link on screen, not one that may have been used or have expired.
func (s *State) setHostedLink(link string) {
	s.HostedLink = link
	inv := &s.Invite
	if inv.Body == "" || link == "" {
		return
	}
	inv.Body = Relink(inv.Body, inv.Link, link)
	inv.Link = link
}

// Relink gives a message typed around the link from the link to, in its
// place: the one on screen now, which has not been used or expired.
func Relink(body, from, to string) string {
	if body == "" || from == "" || to == "" || from == to {
		return body
	}
	return strings.ReplaceAll(body, from, to)
}
