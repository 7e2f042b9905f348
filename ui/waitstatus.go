package ui

import (
	"strings"
	"time"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// The live state of the wait on the link screens (authorize, delegate).

// waitLines says what is being waited for and how, and what happened; who
// is the person expected to sign in, as the sentence names them. The keys
// that act on it (finish, another platform, a fresh link) are the footer's.
func (m Model) waitLines(who string) string {
	var lines []string
	switch w := m.st.Watch; {
	case w.Status == flow.StatusLinked:
		lines = m.linkedLines()
	case w.Failed:
		lines = m.failedLines()
	case w.Active:
		lines = m.waitingLines(who)
	}
	// Names and addresses make these lines as long as they like: fold them.
	return wrap(strings.Join(lines, "\n"), m.contentWidth())
}

// linkedLines: linked, and how far the first read of its data has got.
func (m Model) linkedLines() []string {
	s, w := m.styles, m.st.Watch
	lines := []string{s.Good.Render("✓ " + assets.Screen("wait.linked", platformWords(m.st)))}
	if n := len(w.DataReady) + len(w.DataPending) + len(w.DataBlocked); n > 0 {
		data := assets.Vars{"Ready": len(w.DataReady), "Total": n}
		switch {
		case len(w.DataPending) > 0:
			lines = append(lines, m.spin.View()+" "+assets.Screen("wait.datafetching", data))
		case len(w.DataReady) > 0:
			lines = append(lines, s.Good.Render("✓ "+assets.Screen("wait.dataready", data)))
		}
		if len(w.DataBlocked) > 0 {
			blocked := assets.Vars{"Types": invite.ReadList(w.DataBlocked, invite.ScreenTypes), "Platform": platformWords(m.st)}
			lines = append(lines, s.Warn.Render("! "+assets.Screen("wait.datablocked", blocked)))
		}
	}
	return lines
}

// failedLines: why linking did not complete. On the delegate screen the
// link can simply be sent again, so that is said with the keys that do it.
func (m Model) failedLines() []string {
	failed := assets.Vars{"Platform": platformWords(m.st), "Reason": failReason(m.st.Watch)}
	lines := []string{m.styles.Bad.Render("✗ " + assets.Screen("wait.failed", failed))}
	if m.st.Step == flow.StepDelegate {
		k := m.delegateKeys()
		var send []string
		for _, way := range flow.InviteWays {
			send = append(send, k.Send[way].Help().Key)
		}
		again := assets.Vars{"Copy": k.Copy.Help().Key, "Send": strings.Join(send, "/")}
		lines = append(lines, assets.Screen("wait.sendagain", again))
	}
	return lines
}

// failReason is why a link did not complete: Codat's words, or why
// onboard could not keep checking.
func failReason(w flow.Watch) string {
	switch {
	case w.Err != nil:
		return assets.Screen("wait.cantcheck", explain(w.Err))
	case w.Reason != "":
		return w.Reason
	}
	return assets.Screen("wait.notcompleted", nil)
}

// waitingLines: who is expected to act, for how long, and how onboard
// hears of it.
func (m Model) waitingLines(who string) []string {
	s, w := m.styles, m.st.Watch
	elapsed := m.clock.Sub(m.watchStart).Round(time.Second)
	if m.watchStart.IsZero() || elapsed < 0 {
		elapsed = 0
	}
	waiting := assets.Vars{"Who": who, "Platform": platformWords(m.st), "Elapsed": clockText(elapsed)}
	lines := []string{m.spin.View() + " " + assets.Screen("wait.waiting", waiting)}
	var how string
	switch {
	case !w.RateLimited.IsZero() && w.RateLimited.After(m.clock):
		return append(lines, s.Warn.Render(assets.Screen("wait.ratelimited", w.RateLimited.Local().Format(time.TimeOnly))))
	case w.Refused.Count > 0:
		return append(lines, s.Warn.Render(refusedWords(w, m.clock)))
	case w.Via == flow.ViaWebhook, w.Via == "" && m.run.listening():
		how = assets.Screen("wait.webhook", nil)
	case w.Via == flow.ViaPoll && w.CheckedAt.IsZero():
		how = assets.Screen("wait.firstcheck", max(0, w.NextCheck.Sub(m.clock).Round(time.Second)))
	case w.Via == flow.ViaPoll:
		ago := max(0, m.clock.Sub(w.CheckedAt).Round(time.Second))
		every := w.NextCheck.Sub(w.CheckedAt).Round(time.Second)
		how = assets.Screen("wait.polling", assets.Vars{"Every": every, "Ago": ago})
	default:
		how = assets.Screen("wait.starting", nil)
	}
	return append(lines, s.Subtle.Render(how))
}

// refusedWords says that a delivery failed its signature check, whose
// secret is wrong, and that Codat is checked instead, how often.
func refusedWords(w flow.Watch, now time.Time) string {
	every := w.NextCheck.Sub(w.CheckedAt).Round(time.Second)
	if w.NextCheck.IsZero() || every <= 0 {
		every = max(0, w.NextCheck.Sub(now).Round(time.Second))
	}
	return assets.Screen("wait.refused", assets.Vars{"ID": w.Refused.EndpointID, "URL": w.Refused.EndpointURL, "Every": every})
}
