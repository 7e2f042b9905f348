package ui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/ui/share"
)

// Copying to the clipboard the way that works where the person is.

// copyWords say what a copy put on the clipboard, for the report: What
// replaces share's "the link", and Fallback, when set, replaces its advice
// to "select the link above" (for text not wholly on screen).
type copyWords struct{ What, Fallback string }

// copy puts text on the clipboard the way that works where the person is:
// the OS clipboard locally, OSC 52 through the terminal over SSH.
func (r *runner) copy(text string, words copyWords) tea.Cmd {
	return r.copyThen(text, words, nil)
}

// copyThen copies, then reports with done's event when the copy went
// somewhere (or a plain report when done is nil).
func (r *runner) copyThen(text string, words copyWords, done func(note string) flow.Event) tea.Cmd {
	env, native := r.deps.Env, r.deps.Clipboard
	if native == nil {
		native = func(string) error { return errors.New("no clipboard tool") }
	}
	return func() tea.Msg {
		var seq string
		res := share.Copy(text, env, native, func(s string) error { seq = s; return nil })
		// share's reports name "the link" once (as in "select the link
		// above"): say what was copied instead.
		note := res.Message
		if words.Fallback != "" {
			note = strings.Replace(note, "select the link above", words.Fallback, 1)
		}
		note = strings.Replace(note, "the link", words.What, 1)
		var ev flow.Event = flow.Reported{Text: note, Bad: res.Method == share.MethodNone}
		if done != nil && res.Method != share.MethodNone {
			ev = done(note)
		}
		report := eventMsg{ev}
		if seq == "" {
			return report
		}
		// The OSC 52 sequence goes to the terminal through the renderer.
		return tea.BatchMsg{tea.Raw(seq), func() tea.Msg { return report }}
	}
}
