package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The frame around every screen: the header with the steps, and the footer
// with what is under way, what went wrong and the keys.

// header shows where the person is, and the demo banner.
func (m Model) header() string {
	s := m.styles
	steps := []struct {
		label string // a block of screens.tmpl
		on    bool
	}{
		{"crumb.company", m.st.Step == flow.StepCompany || m.st.Step == flow.StepResume},
		{"crumb.consent", m.st.Step == flow.StepConsent},
		{"crumb.platform", m.st.Step == flow.StepCategory || m.st.Step == flow.StepPlatform || m.st.Step == flow.StepSignIn},
		{"crumb.link", m.st.Step == flow.StepAuthorize || m.st.Step == flow.StepDelegate},
		{"crumb.done", m.st.Step == flow.StepDone},
	}
	var crumbs []string
	for _, st := range steps {
		if st.on {
			crumbs = append(crumbs, s.Selected.Render(assets.Screen(st.label, nil)))
		} else {
			crumbs = append(crumbs, s.Subtle.Render(assets.Screen(st.label, nil)))
		}
	}
	line := s.Title.Render("onboard") + "  " + strings.Join(crumbs, s.Subtle.Render(" › "))
	if m.banner != "" {
		line += "\n" + s.Banner.Render(m.banner)
	}
	return line
}

// footer shows what is under way, what went wrong, and the keys.
func (m Model) footer(keys string) string {
	s := m.styles
	var lines []string
	if p := m.st.Problem; p != nil {
		lines = append(lines, m.problemLine(p))
	} else if b := m.st.Busy; b != nil {
		lines = append(lines, m.spin.View()+" "+message(b.Key, b.Data)+"…")
	}
	if n := m.st.Notice; n != nil && m.st.Problem == nil {
		st := s.Good
		if n.Bad {
			st = s.Warn
		}
		lines = append(lines, st.Render(wrap(message(n.Key, n.Data), m.contentWidth())))
	}
	lines = append(lines, s.Help.Render(wrap(keys, m.contentWidth())))
	return strings.Join(lines, "\n")
}

// renderSmall is a window too small for the journey: it says how large a
// window is needed, and still shows the link on offer, whole.
func (m Model) renderSmall() string {
	small := assets.Vars{"MinWidth": minWidth, "MinHeight": minHeight, "Width": m.width, "Height": m.height}
	link := ""
	if l := m.shownLink(); l != "" {
		link = m.linkLines(l)
	}
	// The longest wording that fits whole: a sentence cut short says less
	// than a shorter one.
	var out string
	for _, name := range []string{"app.small", "app.smallshort"} {
		out = m.styles.Warn.Render(wrap(assets.Screen(name, small), m.width))
		for _, gap := range []string{"\n\n", "\n"} {
			whole := out
			if link != "" {
				whole = link + gap + out
			}
			if lipgloss.Height(whole) <= max(1, m.height) {
				return strings.ReplaceAll(whole, keepMark, "")
			}
		}
	}
	if link != "" {
		// No room for words: the link, whole, matters more.
		out = link
	}
	return strings.ReplaceAll(fitHeight(out, max(1, m.height)), keepMark, "")
}

// bodyRows is how many rows the body has between this header and footer.
func (m Model) bodyRows(header, footer string) int {
	if m.height <= 0 {
		return 24
	}
	return m.height - lipgloss.Height(header) - 1 - lipgloss.Height(footer)
}
