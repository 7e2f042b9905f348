package ui

import (
	"strings"
	"time"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The live state of the wait on the link screens (authorize, delegate).

// waitLines says what is being waited for and how, and what happened; who
// is the person expected to sign in, as the sentence names them.
func (m Model) waitLines(who string) string {
	s := m.styles
	w := m.st.Watch
	platform := m.st.Platform.Name
	var lines []string
	switch {
	case w.Status == flow.StatusLinked:
		lines = append(lines, s.Good.Render("✓ "+assets.Screen("wait.linked", platform)))
		if n := len(w.DataReady) + len(w.DataPending); n > 0 {
			data := assets.Vars{"Ready": len(w.DataReady), "Total": n}
			if len(w.DataPending) == 0 {
				lines = append(lines, s.Good.Render("✓ "+assets.Screen("wait.dataready", data)))
			} else {
				lines = append(lines, m.spin.View()+" "+assets.Screen("wait.datafetching", data))
			}
		}
		lines = append(lines, s.Subtle.Render(assets.Screen("wait.linkedkeys", nil)))
	case w.Failed:
		reason := w.Reason
		if reason == "" {
			reason = assets.Screen("wait.notcompleted", nil)
		}
		lines = append(lines, s.Bad.Render("✗ "+assets.Screen("wait.failed", assets.Vars{"Platform": platform, "Reason": reason})))
		if m.st.Step == flow.StepAuthorize {
			lines = append(lines, assets.Screen("wait.failedkeys", nil))
		} else {
			lines = append(lines, assets.Screen("wait.sendagain", nil))
		}
	case w.Active:
		elapsed := m.clock.Sub(m.watchStart).Round(time.Second)
		if m.watchStart.IsZero() || elapsed < 0 {
			elapsed = 0
		}
		waiting := assets.Vars{"Who": who, "Platform": platform, "Elapsed": clockText(elapsed)}
		lines = append(lines, m.spin.View()+" "+assets.Screen("wait.waiting", waiting))
		switch {
		case !w.RateLimited.IsZero() && w.RateLimited.After(m.clock):
			lines = append(lines, s.Warn.Render(assets.Screen("wait.ratelimited", w.RateLimited.Local().Format("15:04:05"))))
		case w.Via == "webhook", w.Via == "" && m.run.deps.Webhooks != nil:
			lines = append(lines, s.Subtle.Render(assets.Screen("wait.webhook", nil)))
		case w.Via == "poll" && w.CheckedAt.IsZero():
			in := max(0, w.NextCheck.Sub(m.clock).Round(time.Second))
			lines = append(lines, s.Subtle.Render(assets.Screen("wait.firstcheck", in)))
		case w.Via == "poll":
			ago := m.clock.Sub(w.CheckedAt).Round(time.Second)
			every := w.NextCheck.Sub(w.CheckedAt).Round(time.Second)
			lines = append(lines, s.Subtle.Render(assets.Screen("wait.polling", assets.Vars{"Every": every, "Ago": max(0, ago)})))
		default:
			lines = append(lines, s.Subtle.Render(assets.Screen("wait.starting", nil)))
		}
	}
	// Names and addresses make these lines as long as they like: fold them.
	return wrap(strings.Join(lines, "\n"), m.contentWidth())
}
