package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The resume screen: what was handed on in earlier sessions, to check, pick
// up again, copy a fresh link for, or forget.

func (m Model) updateResume(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	items := m.st.Pending
	if m.confirm != "" {
		id := m.confirm
		m.confirm = ""
		if msg.String() == "y" {
			return m.apply(flow.ForgetPending{ID: id})
		}
		return m, nil
	}
	cur := min(m.cursor, len(items)-1)
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, m.keys.Down):
		m.cursor = max(0, min(len(items)-1, m.cursor+1))
	case msg.String() == "r":
		return m.apply(flow.CheckPending{})
	case key.Matches(msg, m.keys.Enter) && cur >= 0:
		return m.apply(flow.ResumePending{ID: items[cur].ID})
	case key.Matches(msg, m.keys.Copy) && cur >= 0:
		return m.apply(flow.CopyPendingLink{ID: items[cur].ID})
	case msg.String() == "x" && cur >= 0:
		m.confirm = items[cur].ID
	case msg.String() == "n":
		return m.apply(flow.StartNew{})
	}
	return m, nil
}

func (m Model) viewResume() (string, string) {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("resume.title", nil)) + "\n")
	b.WriteString(s.Subtle.Render(wrap(assets.Screen("resume.intro", nil), w)) + "\n\n")
	for i, it := range m.st.Pending {
		b.WriteString(m.option(i, truncate(pendingLine(it, m.clock), w-2)) + "\n")
		b.WriteString("    " + pendingStatus(s, it, m.clock) + "\n")
	}
	keys := "enter: pick up (fresh link) · c: copy a fresh link · r: check now · x: forget · n: new onboarding"
	if m.confirm != "" {
		b.WriteString("\n" + s.Warn.Render(wrap(assets.Screen("resume.forget", nil), w)) + "\n")
		keys = "y: forget it · any other key: keep it"
	}
	return b.String(), keys
}

func pendingLine(it flow.PendingItem, now time.Time) string {
	platform := it.PlatformName
	if platform == "" {
		platform = it.Category.Title()
	}
	if it.Path == "delegate" && it.Recipient != "" {
		return fmt.Sprintf("Invite to %s for %s (%s), sent %s", it.Recipient, it.CompanyName, platform, ago(it.SentAt, now))
	}
	if it.Path == "delegate" {
		return fmt.Sprintf("Link handed on for %s (%s), %s", it.CompanyName, platform, ago(it.StartedAt, now))
	}
	return fmt.Sprintf("%s for %s, started %s", platform, it.CompanyName, ago(it.StartedAt, now))
}

func pendingStatus(s Styles, it flow.PendingItem, now time.Time) string {
	switch {
	case it.Checking:
		return s.Subtle.Render("checking with Codat…")
	case it.Status == flow.StatusLinked:
		return s.Good.Render("✓ linked")
	case it.CheckedAt.IsZero():
		return s.Warn.Render("still waiting (not checked yet: press r)")
	}
	return s.Warn.Render("still waiting: " + statusWords(it.Status) + ", checked " + ago(it.CheckedAt, now))
}

// ago says how long ago t was, in words.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "earlier"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute") + " ago"
	case d < 24*time.Hour:
		return plural(int(d.Hours()), "hour") + " ago"
	}
	return plural(int(d.Hours()/24), "day") + " ago"
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
