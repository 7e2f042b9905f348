package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
)

// Links as long as Codat's real ones, with a query string: 129 runes each.
var (
	longConnLink   = "https://link-api.codat.io/companies/3f0c5a5e-8d1b-4a5c-9e8f-2b7d6c4a1e90/connections/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/start?x=1"
	longHostedLink = "https://link.codat.io/company/3f0c5a5e-8d1b-4a5c-9e8f-2b7d6c4a1e90?integrationKeys=gbol&categories=accounting&lang=en-gb&x=0123"
)

// linkScreens are the screens that offer a link, each with the link it must
// show in full.
var linkScreens = []struct {
	name string
	link string
	make func(Model) Model
}{
	{"authorize", longConnLink, func(m Model) Model {
		conn := pendingConn
		conn.LinkURL = longConnLink
		return feed(atSignIn(m), flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: conn},
			flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "poll", NextCheck: fixedNow.Add(9 * time.Second)})
	}},
	{"authorize-failed", longConnLink, func(m Model) Model {
		conn := pendingConn
		conn.LinkURL = longConnLink
		return feed(atSignIn(m), flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: conn},
			flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "webhook", Failed: true, Reason: "User cancelled", Final: true})
	}},
	{"delegate", longHostedLink, func(m Model) Model {
		return feed(atSignIn(m), flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: longHostedLink})
	}},
	{"delegate-invite-ready", longHostedLink, func(m Model) Model {
		m = feed(atSignIn(m), flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: longHostedLink})
		return feed(m, flow.InviteSubmitted{Invite: flow.Invite{To: "jane@firm.example", FromName: "Sam", Subject: "Please connect Xero for Acme",
			Body: "Hi Jane,\n\nCould you connect our books?\n\n" + longHostedLink + "\n\nThanks,\nSam"}}, flow.Sent{Way: flow.WayText})
	}},
}

// TestLinkWholeAtEverySize reads the frame of every screen that offers a
// link, at sizes from the smallest onboard accepts to a large one (and in
// windows too small for the journey, wherever the link's rows fit), and
// finds the whole link in it: row after row from the first column, nothing
// cut, nothing in between.
func TestLinkWholeAtEverySize(t *testing.T) {
	widths := []int{20, 33, 59, 60, 61, 64, 79, 80, 81, 100, 128, 129, 130, 160, 220}
	heights := []int{6, 10, 17, 18, 19, 24, 30, 48, 60}
	for _, sc := range linkScreens {
		for _, w := range widths {
			for _, h := range heights {
				rows := (len(sc.link) + w - 1) / w
				if rows+1 > h {
					continue // not even the link's own rows fit
				}
				t.Run(fmt.Sprintf("%s/%dx%d", sc.name, w, h), func(t *testing.T) {
					m := sc.make(screen(100, 30, true))
					next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
					frame := next.(Model).render()
					assertFits(t, frame, w, h)
					if !linkWholeIn(ansi.Strip(frame), sc.link, w) {
						t.Fatalf("the link is not whole in the %dx%d frame:\n%s", w, h, ansi.Strip(frame))
					}
				})
			}
		}
	}
}

// linkWholeIn reports whether the link's rows follow each other in the
// frame, each as wide as the window but the last.
func linkWholeIn(frame, link string, width int) bool {
	lines := strings.Split(frame, "\n")
	first := link[:min(width, len(link))]
	for i, line := range lines {
		if line != first {
			continue
		}
		var got strings.Builder
		for j := i; j < len(lines) && got.Len() < len(link); j++ {
			got.WriteString(lines[j])
		}
		if got.String() == link {
			return true
		}
	}
	return false
}

// TestBlankRowsGiveWayFirst: a frame too tall for its window loses its
// blank rows before any words, and words that must go leave a "…".
func TestBlankRowsGiveWayFirst(t *testing.T) {
	frame := strings.Join([]string{"header", "", "title", "", "one", "two", "", "three", "", "keys"}, "\n")
	tests := []struct {
		height int
		want   []string
	}{
		{10, []string{"header", "", "title", "", "one", "two", "", "three", "", "keys"}},
		{8, []string{"header", "", "title", "one", "two", "three", "", "keys"}},
		{6, []string{"header", "title", "one", "two", "three", "keys"}},
		{5, []string{"header", "title", "  …", "three", "keys"}},
	}
	for _, tt := range tests {
		got := strings.Split(fitHeight(frame, tt.height), "\n")
		if !slices.Equal(got, tt.want) {
			t.Errorf("height %d:\n got %q\nwant %q", tt.height, got, tt.want)
		}
	}
}
