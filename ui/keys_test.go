package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// footerOf is the keys line of the footer, before it is folded to the
// window.
func footerOf(m Model) string { return keyLine(m.shownKeys().ShortHelp()) }

// helpOf is the whole text of the help, scrolled or not.
func helpOf(m Model) string { return ansi.Strip(m.helpText()) }

// TestKeysShowWhatWorks: the footer and the help list a key exactly when
// pressing it does something on the screen on show.
func TestKeysShowWhatWorks(t *testing.T) {
	overSSH := func() Model {
		m := screen(80, 24, true)
		m.run.deps.Env = share.Env{SSH: true} // no browser can open
		return m
	}
	linked := func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusLinked, Via: flow.ViaWebhook})
	}
	tests := []struct {
		name string
		make func() Model
		// shown and hidden are key hints ("o: open browser") the footer
		// has or lacks; help and noHelp are words of the help.
		shown, hidden []string
		help, noHelp  []string
		// press is a key that acts exactly when the footer shows it, as
		// acted tells.
		press string
		acted func(before, after Model) bool
	}{
		{
			name: "o only when a browser can open", make: func() Model { return atAuthorize(overSSH()) },
			shown: []string{"c: copy link", "q: QR code"}, hidden: []string{"o: open browser", "a: connect"},
			help: []string{"copy the link"}, noHelp: []string{"open the link in your browser"},
			press: "o", acted: func(_, after Model) bool { return after.st.Notice != nil },
		},
		{
			name: "o where a browser can open", make: func() Model { return atAuthorize(screen(80, 24, true)) },
			shown: []string{"o: open browser"}, help: []string{"open the link in your browser"},
		},
		{
			name: "a only once linked", make: func() Model { return atAuthorize(screen(80, 24, true)) },
			hidden: []string{"a: connect"}, noHelp: []string{"connect another platform"},
			press: "a", acted: func(before, after Model) bool { return after.st.Step != before.st.Step },
		},
		{
			name: "a once linked", make: func() Model { return linked(screen(80, 24, true)) },
			shown: []string{"a: connect another platform", "enter/f: finish"}, hidden: []string{"c: copy link", "d: can't"},
			help:  []string{"connect another platform for the same company"},
			press: "a", acted: func(before, after Model) bool { return after.st.Step == flow.StepCategory },
		},
		{
			name: "nothing to hand on once the link was used", make: func() Model {
				return feed(atDelegate(screen(80, 24, true)), flow.CopyRequested{What: flow.CopiedLink}, flow.ConnectionUpdated{Status: flow.StatusLinked, Via: flow.ViaWebhook})
			},
			shown: []string{"f: finish", "a: connect another platform"}, hidden: []string{"c: copy link", "q: QR code", "i: write invite", "t: copy message", "s: save"},
			noHelp: []string{"copy the link", "QR code", "write the invite"},
			press:  "q", acted: func(_, after Model) bool { return after.showQR },
		},
		{
			name: "c, q and i while the link waits", make: func() Model { return atDelegate(screen(80, 24, true)) },
			shown: []string{"c: copy link", "q: QR code", "i: write invite", "t: copy message"},
			press: "q", acted: func(_, after Model) bool { return after.showQR },
		},
		{
			name: "r and d once linking failed", make: func() Model {
				return feed(atAuthorize(screen(80, 24, true)), flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Failed: true, Final: true})
			},
			shown: []string{"r: try again with a fresh link", "d: hand it on"},
		},
		{
			name: "the pending list's keys are in its help", make: func() Model {
				return feed(screen(80, 24, true), flow.PendingLoaded{Items: []flow.PendingItem{{ID: "p1", CompanyName: "Beta Bakery", Category: flow.Banking, Path: flow.PathDelegate}}})
			},
			shown: []string{"r: check now", "x: forget", "n: new onboarding"}, hidden: []string{"↑/↓"},
			help: []string{"ask Codat now", "stop tracking", "onboard another business", "pick the one the cursor is on up again"},
		},
		{
			name: "u only with something linked", make: func() Model {
				return feed(screen(80, 24, true), flow.QueryChanged{Query: "Acme"},
					flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany}}, flow.CompanyChosen{ID: plainCompany.ID})
			},
			shown: []string{"enter: I understand, continue"}, hidden: []string{"u: unlink"}, noHelp: []string{"unlink the connection"},
			press: "u", acted: func(_, after Model) bool { return after.confirm != "" },
		},
		{
			name: "u with something linked", make: func() Model { return atConsent(screen(80, 24, true)) },
			shown: []string{"u: unlink"}, help: []string{"unlink the connection"},
			press: "u", acted: func(_, after Model) bool { return after.confirm != "" },
		},
		{
			name: "no help on the company screen: ? is typed", make: func() Model { return screen(80, 24, true) },
			hidden: []string{"?: help", "esc"}, shown: []string{"type a name", "ctrl+c: quit"},
			press: "?", acted: func(_, after Model) bool { return after.showHelp },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.make()
			footer, help := footerOf(m), helpOf(m)
			for _, s := range tt.shown {
				if !strings.Contains(footer, s) {
					t.Errorf("footer lacks %q: %s", s, footer)
				}
			}
			for _, s := range tt.hidden {
				if strings.Contains(footer, s) {
					t.Errorf("footer shows %q: %s", s, footer)
				}
			}
			for _, s := range tt.help {
				if !strings.Contains(help, s) {
					t.Errorf("help lacks %q:\n%s", s, help)
				}
			}
			for _, s := range tt.noHelp {
				if strings.Contains(help, s) {
					t.Errorf("help has %q:\n%s", s, help)
				}
			}
			if tt.press == "" {
				return
			}
			shown := strings.Contains(footer, tt.press+":") || strings.Contains(footer, "/"+tt.press+":")
			if acted := tt.acted(m, press(m, tt.press)); acted != shown {
				t.Errorf("pressing %s acted=%v, but the footer shows it=%v: %s", tt.press, acted, shown, footer)
			}
		})
	}
}

// TestHelpScrolls: at 80x24 the help does not fit, so the arrows scroll
// it to its end, and any other key closes it.
func TestHelpScrolls(t *testing.T) {
	m := press(atDelegate(screen(80, 24, true)), "?")
	if !m.showHelp {
		t.Fatal("? did not open the help")
	}
	frame := ansi.Strip(m.render())
	if !strings.Contains(footerOf(m), "↑/↓: scroll · any other key: close help") || strings.Contains(frame, "onboard revoke") {
		t.Fatalf("the help fits at 80x24, or does not say it scrolls:\n%s", frame)
	}
	for range 30 {
		m = press(m, "down")
	}
	if frame := ansi.Strip(m.render()); !strings.Contains(frame, "onboard revoke") || strings.Contains(frame, "Keys on this screen") {
		t.Fatalf("scrolled to the end, the help does not show its end:\n%s", frame)
	}
	assertFits(t, m.render(), 80, 24)
	if m = press(m, "x"); m.showHelp {
		t.Fatal("x did not close the help")
	}
	if m = press(m, "?"); m.helpOffset != 0 {
		t.Fatal("the help opened again scrolled")
	}

	// With room for all of it, any key closes it, as the footer says.
	big := press(feed(atConsent(screen(100, 30, true)), flow.ConsentAccepted{}), "?")
	if got := footerOf(big); got != "any key: close help" {
		t.Fatalf("footer %q", got)
	}
	if big = press(big, "down"); big.showHelp {
		t.Fatal("down did not close a help that fits")
	}
}

// TestEveryKeyHasWords: on every screen of the goldens, the footer and the
// help name each key in words, never by a block's name.
func TestEveryKeyHasWords(t *testing.T) {
	for _, sc := range screens {
		m := sc.make(screen(120, 40, true))
		for what, text := range map[string]string{"footer": footerOf(m), "help": helpOf(m)} {
			if strings.Contains(text, "keys.") || strings.Contains(text, "keyhelp.") {
				t.Errorf("%s: the %s names a block instead of its words:\n%s", sc.name, what, text)
			}
		}
	}
	m := screen(80, 24, true)
	next, _ := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if strings.Contains(footerOf(next.(Model)), "keys.") {
		t.Error("a notice footer names a block")
	}
}

// TestCtrlLRedrawsEveryScreen: on every screen, and over the help, the QR
// code and the invite form, ctrl+l has the whole screen drawn again and
// changes nothing else.
func TestCtrlLRedrawsEveryScreen(t *testing.T) {
	type shown struct {
		name string
		m    Model
	}
	var all []shown
	for _, sc := range screens {
		m := sc.make(screen(100, 30, true))
		all = append(all, shown{sc.name, m}, shown{sc.name + " + help", m.openHelp()})
	}
	qr := press(atAuthorize(screen(100, 30, true)), "q")
	form := press(atDelegate(screen(100, 30, true)), "i")
	if !qr.showQR || form.invite == nil {
		t.Fatal("the QR code or the invite form did not open")
	}
	all = append(all, shown{"authorize + qr", qr}, shown{"delegate + invite form", form})
	cleared := tea.ClearScreen()
	for _, s := range all {
		t.Run(s.name, func(t *testing.T) {
			before := s.m.render()
			next, cmd := s.m.Update(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
			if cmd == nil || cmd() != cleared {
				t.Fatal("ctrl+l did not ask for the whole screen")
			}
			if after := next.(Model).render(); after != before {
				t.Fatalf("ctrl+l changed the screen:\n%s\n\nwas:\n%s", after, before)
			}
		})
	}
}
