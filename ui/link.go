package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/ui/share"
)

// Shared pieces of the two link screens: the raw link, the QR code and the
// live state of the wait.

// linkLines prints a link raw, from the first column, outside any border, so
// selecting it copies nothing else; it is also an OSC 8 hyperlink. A link
// wider than the window is broken into pieces: c copies it whole, and it is
// printed whole again, on one line, when onboard exits.
func (m Model) linkLines(url string) string {
	w := max(20, m.width)
	if m.width <= 0 {
		w = 80
	}
	st := m.styles.Link.Hyperlink(url)
	var lines []string
	r := []rune(url)
	for len(r) > 0 {
		n := min(w, len(r))
		lines = append(lines, st.Render(string(r[:n])))
		r = r[n:]
	}
	return strings.Join(lines, "\n")
}

func (m Model) viewQR(rows int) string {
	link := m.st.HostedLink
	if m.st.Step == flow.StepAuthorize {
		link = m.st.Connection.LinkURL
	}
	width := m.width
	if width <= 0 {
		width = 80
	}
	art, ok, reason := share.QR(link, width, rows, m.noColor)
	if !ok {
		return m.styles.Warn.Render(wrap(reason, m.contentWidth()))
	}
	return art
}

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

func clockText(d time.Duration) string {
	m := int(d.Minutes())
	sec := int(d.Seconds()) % 60
	return fmt.Sprintf("%d:%02d", m, sec)
}
