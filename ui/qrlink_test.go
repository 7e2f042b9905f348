package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// screenWith is screen with deps of the test's own.
func screenWith(w, h int, deps Deps) Model {
	m := New(context.Background(), Options{Deps: deps, Now: func() time.Time { return fixedNow }})
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return next.(Model)
}

// A QR code of a link that names this computer only (the demo's pages on
// loopback) would open nothing on a phone: the key is not offered, in the
// footer or in help, and pressing it shows nothing. A link on Codat's host
// or on the network is offered.
func TestQROnlyForLinksAPhoneCanOpen(t *testing.T) {
	for _, tc := range []struct {
		link    string
		offered bool
	}{
		{"http://127.0.0.1:7878/link/company/c-1", false},
		{"http://localhost:7878/link/company/c-1", false},
		{"http://[::1]:7878/link/company/c-1", false},
		{"http://192.168.1.20:7878/link/company/c-1", true},
		{hostedLink, true},
	} {
		m := feed(atSignIn(screen(100, 40, true)), flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: tc.link})
		footer := ansi.Strip(m.render())
		help := ansi.Strip(press(m, "?").render())
		shown := press(m, "q").showQR
		for what, got := range map[string]bool{"footer": strings.Contains(footer, "q: QR code"), "help": strings.Contains(help, "QR code"), "q": shown} {
			if got != tc.offered {
				t.Errorf("%s: QR in the %s is %v, want %v\n%s", tc.link, what, got, tc.offered, footer)
			}
		}

		conn := pendingConn
		conn.LinkURL = strings.Replace(tc.link, "/link/company/c-1", "/link/start/c-1/conn-1", 1)
		m = feed(atSignIn(screen(100, 40, true)), flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: conn})
		if got := strings.Contains(ansi.Strip(m.render()), "q: QR code"); got != tc.offered {
			t.Errorf("%s on the authorize screen: QR offered %v, want %v", conn.LinkURL, got, tc.offered)
		}
	}
}

// The code of a Hosted Link fits an 80x24 window: it takes the window but
// the footer, which says how to close it.
func TestQRFitsTheSmallestWindow(t *testing.T) {
	m := press(atDelegate(screen(80, 24, true)), "q")
	frame := m.render()
	assertFits(t, frame, 80, 24)
	text := ansi.Strip(frame)
	if !strings.Contains(text, "▀▀▀▀▀▀▀") || !strings.Contains(text, "any key: close the QR code") || strings.Contains(text, "make the window bigger") {
		t.Fatalf("the QR code at 80x24:\n%s", text)
	}
	_, w, h, err := share.DrawQR(hostedLink, share.HalfBlock)
	if err != nil || w > 80 || h > 23 {
		t.Fatalf("the code is %dx%d (%v)", w, h, err)
	}
}

// What the shell says about reaching the demo's pages from another computer
// shows under the link, on both screens that show one.
func TestLinkNoteUnderTheLink(t *testing.T) {
	note := "From your own computer, run ssh -L 7878:localhost:7878 10.0.0.5 and open the link there."
	deps := Deps{Env: share.Env{Display: true}, LinkNote: note}
	m := feed(atSignIn(screenWith(100, 40, deps)), flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: "http://127.0.0.1:7878/link/company/c-1"})
	if got := ansi.Strip(m.render()); !strings.Contains(strings.Join(strings.Fields(got), " "), note) {
		t.Errorf("the delegate screen lacks the note:\n%s", got)
	}
	conn := pendingConn
	conn.LinkURL = "http://127.0.0.1:7878/link/start/c-1/conn-1"
	m = feed(atSignIn(screenWith(100, 40, deps)), flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: conn})
	if got := ansi.Strip(m.render()); !strings.Contains(strings.Join(strings.Fields(got), " "), note) {
		t.Errorf("the authorize screen lacks the note:\n%s", got)
	}
	if got := ansi.Strip(feed(atDelegate(screen(100, 40, true))).render()); strings.Contains(got, "ssh -L") {
		t.Errorf("a note with none given:\n%s", got)
	}
}

// A code too large for the window says the window size that shows it, the
// footer counted; a window that size shows it.
func TestQRTooLargeSaysTheWindowItNeeds(t *testing.T) {
	conn := pendingConn
	conn.LinkURL = "https://link-api.codat.io/companies/0c4f7a52-1d3e-4b8a-9f10-2a3b4c5d6e7f/connections/9a7c3e21-1d3e-4b8a-9f10-2a3b4c5d6e7f/start"
	_, w, h, err := share.DrawQR(conn.LinkURL, share.HalfBlock)
	if err != nil || h+1 <= 24 {
		t.Fatalf("the code is %dx%d (%v): no longer too large for 80x24", w, h, err)
	}
	at := func(width, height int) string {
		m := feed(atSignIn(screen(width, height, true)), flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: conn})
		return ansi.Strip(press(m, "q").render())
	}
	got := strings.Join(strings.Fields(at(80, 24)), " ")
	want := fmt.Sprintf("needs a window of at least %d columns and %d rows (this one is 80x24)", w, h+1)
	if !strings.Contains(got, want) {
		t.Fatalf("80x24 lacks %q:\n%s", want, got)
	}
	if got := at(80, h+1); !strings.Contains(got, "▀▀▀▀▀▀▀") || strings.Contains(got, "needs a window") {
		t.Fatalf("the window it asked for, 80x%d, does not show the code:\n%s", h+1, got)
	}
}
