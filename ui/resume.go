package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The resume screen: what was handed on in earlier sessions, to check, pick
// up again, copy a fresh link for, or forget.

func (m Model) updateResume(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	items := m.st.Pending
	if m.confirm != "" {
		if id := m.answerConfirm(msg); id != "" {
			return m.apply(flow.ForgetPending{ID: id})
		}
		return m, nil
	}
	k := m.resumeKeys()
	cur := min(m.cursor, len(items)-1)
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = max(0, min(len(items)-1, m.cursor+1))
	case key.Matches(msg, k.Check):
		return m.apply(flow.CheckPending{})
	case key.Matches(msg, k.Enter):
		return m.apply(flow.ResumePending{ID: items[cur].ID})
	case key.Matches(msg, k.Copy):
		return m.apply(flow.CopyPendingLink{ID: items[cur].ID})
	case key.Matches(msg, k.Forget):
		m.confirm = items[cur].ID
	case key.Matches(msg, k.New):
		return m.apply(flow.StartNew{})
	}
	return m, nil
}

// resumeKeys: the items can be picked up, copied, checked or forgotten.
func (m Model) resumeKeys() screenKeys {
	k := m.keys
	if m.confirm != "" {
		return k.confirmKeys("keys.forgetit")
	}
	some := len(m.st.Pending) > 0
	k.Enter, k.Copy = named(k.Enter, "keys.pickup"), named(k.Copy, "keys.copyfresh")
	for _, b := range []*key.Binding{&k.Enter, &k.Copy, &k.Forget, &k.Check} {
		b.SetEnabled(some)
	}
	k.Up.SetEnabled(len(m.st.Pending) > 1)
	k.Down.SetEnabled(len(m.st.Pending) > 1)
	return k.screen([]key.Binding{k.Enter, k.Copy, k.Check, k.Forget, k.New, k.Help}, k.Up, k.Down)
}

func (m Model) viewResume() string {
	s := m.styles
	w := m.contentWidth()
	var b strings.Builder
	b.WriteString(s.Title.Render(assets.Screen("resume.title", nil)) + "\n")
	b.WriteString(s.Subtle.Render(wrap(assets.Screen("resume.intro", nil), w)) + "\n\n")
	for i, it := range m.st.Pending {
		b.WriteString(m.option(i, pendingLine(it, m.clock, w-2)) + "\n")
		b.WriteString(hang("    ", pendingStatus(s, it, m.clock), w) + "\n")
	}
	if m.confirm != "" {
		b.WriteString("\n" + s.Warn.Render(wrap(assets.Screen("resume.forget", nil), w)) + "\n")
	}
	return b.String()
}

// pendingLine says what an item is and when it was handed on or started,
// on one line when that fits the width, else with the when on a line of
// its own, so no part of it is cut.
func pendingLine(it flow.PendingItem, now time.Time, width int) string {
	platform := it.PlatformName
	if platform == "" {
		platform = categoryTitle(it.Category)
	}
	line := assets.Vars{"Recipient": it.Recipient, "Company": it.CompanyName, "Platform": platform}
	block := "resume.started"
	switch {
	case it.Path == flow.PathDelegate && it.Recipient != "":
		block = "resume.invited"
		line["Ago"], line["How"] = ago(it.HandedOnAt, now), string(it.HandedOn)
	case it.Path == flow.PathDelegate:
		block = "resume.handedon"
		line["Ago"] = ago(it.StartedAt, now)
	default:
		line["Ago"] = ago(it.StartedAt, now)
	}
	item := assets.Vars{"What": assets.Screen(block, line), "When": assets.Screen(block+"when", line)}
	if one := assets.Screen("resume.item", item); lipgloss.Width(one) <= width {
		return one
	}
	return assets.Screen("resume.itemsplit", item)
}

func pendingStatus(s Styles, it flow.PendingItem, now time.Time) string {
	words, tone := pendingStatusWords(it, now, "resume.unchecked")
	switch tone {
	case toneSubtle:
		return s.Subtle.Render(words)
	case toneGood:
		return s.Good.Render("✓ " + words)
	}
	return s.Warn.Render(words)
}

// statusTone is how a pending item's status is shown.
type statusTone int

const (
	toneWarn statusTone = iota
	toneSubtle
	toneGood
)

// pendingStatusWords says where an item stands; unchecked names the block
// for an item not checked yet, since only the screen has a key for it.
func pendingStatusWords(it flow.PendingItem, now time.Time, unchecked string) (string, statusTone) {
	switch {
	case it.Checking:
		return assets.Screen("resume.checking", nil), toneSubtle
	case it.Status == flow.StatusLinked:
		return assets.Screen("resume.linked", nil), toneGood
	case it.CheckedAt.IsZero():
		return assets.Screen(unchecked, nil), toneWarn
	}
	return assets.Screen("resume.waiting", assets.Vars{"Status": statusWords(it.Status), "Ago": ago(it.CheckedAt, now)}), toneWarn
}
