package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// Copying to the clipboard the way that works where the person is.

// copyWords say what a copy put on the clipboard, for the report: What
// replaces share's "the link". (An invite's message has share.CopyMessage.)
type copyWords struct{ What string }

// copyLink puts a link on the clipboard the way that works where the
// person is: the OS clipboard locally, OSC 52 through the terminal over
// SSH. Its report is a link note, which gives way once the link is used.
func (r *runner) copyLink(text string, words copyWords) tea.Cmd {
	env, native := r.deps.Env, r.deps.Clipboard
	return r.copyThen(flow.NoticeLinkCopied, func(term func(string) error) share.CopyResult {
		res := share.Copy(text, env, native, term)
		res.Message = words.report(res.Message)
		return res
	}, nil)
}

// copyThen runs a copy whose OSC 52 sequence goes to the terminal through
// the renderer, then reports, as the notice named key, with done's event
// when the copy went somewhere (or a plain report when done is nil).
func (r *runner) copyThen(key string, copyTo func(term func(string) error) share.CopyResult, done func(note *flow.Notice) flow.Event) tea.Cmd {
	return func() tea.Msg {
		var seq string
		res := copyTo(func(s string) error { seq = s; return nil })
		note := &flow.Notice{Key: key, Data: res.Message, Bad: res.Method == share.MethodNone}
		var ev flow.Event = flow.Reported(*note)
		if done != nil && res.Method != share.MethodNone {
			ev = done(note)
		}
		report := eventMsg{ev}
		if seq == "" {
			return report
		}
		return tea.BatchMsg{tea.Raw(seq), func() tea.Msg { return report }}
	}
}

// report is what package share said of a copy, saying what was copied:
// share's words name "the link" once, as in "select the link above".
func (w copyWords) report(said string) string {
	return strings.Replace(said, assets.Screen("copy.thelink", nil), w.What, 1)
}
