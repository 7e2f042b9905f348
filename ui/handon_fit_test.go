package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// TestHandOnKeepsWhatOpensTheLink: on the hand-on screen over SSH, with an
// invite written and sent and a copy report in the footer, at every size
// onboard accepts, the link and the tunnel command are whole; the invite's
// lines and the reports wrap rather than run off the edge.
func TestHandOnKeepsWhatOpensTheLink(t *testing.T) {
	note := "From your own computer, run ssh -L 7878:localhost:7878 6.7.8.9 and open the link there."
	file := "/home/sam/Documents/onboard-invites/invite-zed-zinc-and-partners-xero-2026-11-22.eml"
	subject := "Please connect Xero for Zed Zinc and Partners Limited so we can see the books"
	report := "Sent to your terminal's clipboard (OSC 52). If paste comes up empty, select the link above."
	deps := Deps{Env: share.Env{Display: true}, LinkNote: note}
	states := map[string]func(Model) Model{
		"copied": func(m Model) Model {
			return feed(m, flow.Reported{Key: "copy.linkreport", Data: report})
		},
		"saved": func(m Model) Model {
			m = feed(m, flow.InviteSubmitted{Invite: flow.Invite{To: "jane.mcallister-whitfield@accountants-and-partners.example", FromName: "Sam", Subject: subject,
				Body: "Hi Jane,\n\n" + longHostedLink + "\n\nSam"}})
			return feed(m, flow.Sent{Way: flow.WayEML, File: file})
		},
	}
	for name, state := range states {
		for _, size := range [][2]int{{60, 18}, {61, 20}, {80, 24}, {100, 30}, {200, 60}} {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s/%dx%d", name, w, h), func(t *testing.T) {
				m := feed(atSignIn(screenWith(w, h, deps)), flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: longHostedLink})
				frame := state(m).render()
				assertFits(t, frame, w, h)
				text := ansi.Strip(frame)
				if !linkWholeIn(text, longHostedLink, w) {
					t.Fatalf("the link is not whole:\n%s", text)
				}
				words := strings.Join(strings.Fields(text), " ")
				if !strings.Contains(words, note) {
					t.Errorf("the tunnel note is not whole:\n%s", text)
				}
				for _, line := range strings.Split(text, "\n") {
					if strings.HasSuffix(strings.TrimRight(line, " "), "…") && strings.TrimSpace(line) != "…" {
						t.Errorf("a row is cut: %q\n%s", line, text)
					}
				}
				if strings.Count(text, "https://link.codat.io/") > 1 {
					t.Errorf("the link shows twice, once in the invite's glimpse:\n%s", text)
				}
				if name == "saved" && h >= 24 && !strings.Contains(strings.ReplaceAll(words, "- ", "-"), file) {
					t.Errorf("where the invite was saved is not whole:\n%s", text)
				}
			})
		}
	}
}
