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
func (r *runner) copyThen(text string, words copyWords, done func(note *flow.Notice) flow.Event) tea.Cmd {
	env, native := r.deps.Env, r.deps.Clipboard
	return func() tea.Msg {
		var seq string
		res := share.Copy(text, env, native, func(s string) error { seq = s; return nil })
		note := &flow.Notice{Key: "copy.report", Data: words.report(res.Message), Bad: res.Method == share.MethodNone}
		var ev flow.Event = flow.Reported(*note)
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

// report is what package share said of a copy, saying what was copied:
// share's words name "the link" once, as in "select the link above".
func (w copyWords) report(said string) string {
	if w.Fallback != "" {
		said = strings.Replace(said, assets.Screen("copy.selectlink", nil), w.Fallback, 1)
	}
	return strings.Replace(said, assets.Screen("copy.thelink", nil), w.What, 1)
}
