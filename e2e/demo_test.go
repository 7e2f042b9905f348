package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// What the demo's example businesses show on a first run.
const (
	demoInvited = "Wren & Ashdown Florists"
	demoLinked  = "Millbrook Joinery Ltd"
	demoRevoked = "Kestrel Garden Centre"
)

// The demo's first screen picks up the invite handed on before: enter
// brings back its recipient and sender with a fresh link, which over SSH
// comes with the tunnel to the demo's port, and no QR code of a link only
// this computer can open.
func TestDemoPicksUpTheInvite(t *testing.T) {
	t.Parallel()
	tt := startTTY(t, baseEnv(t), 100, 30, "demo", "--port", "0")
	tt.WaitFor(step, titleResume, "Invite to ana@wrenashdown.example for "+demoInvited+" (Xero), prepared 2 days ago")
	tt.Send(keyEnter)
	s := tt.WaitFor(step, titleDelegate, "From: Sam Okafor", "To: ana@wrenashdown.example", "ssh -L ")
	link := regexp.MustCompile(`http://127\.0\.0\.1:(\d+)/link/\S+`).FindStringSubmatch(s)
	if link == nil {
		t.Fatalf("no link to the demo's pages:\n%s", s)
	}
	tunnel := "ssh -L " + link[1] + ":localhost:" + link[1] + " 127.0.0.1"
	if !strings.Contains(strings.Join(strings.Fields(s), " "), tunnel) || strings.Contains(s, "QR code") {
		t.Errorf("want %q and no QR code:\n%s", tunnel, s)
	}
	tt.Send(keyCtrlC)
	tt.Wait(exitWait)
	// The pages stopped with the demo: what is left on the terminal says
	// so, and offers no way to reach them.
	if after := tt.Screen(); !strings.Contains(after, "stopped with the demo") || strings.Contains(after, "ssh -L") {
		t.Errorf("after the demo:\n%s", after)
	}
}

// Searching the demo finds the business linked before and the one whose
// access expired; picking the linked one reuses it, its Xero connection
// and all, rather than making a second company.
func TestDemoReusesItsBusinesses(t *testing.T) {
	t.Parallel()
	tt := startTTY(t, baseEnv(t), 100, 30, "demo", "--port", "0")
	tt.atCompany()
	tt.Type("Kestrel")
	tt.WaitFor(step, demoRevoked, "QuickBooks Online: access expired")
	tt.Send(keyEsc)
	tt.WaitUntil(step, "the name cleared", func(s string) bool { return !strings.Contains(s, "Kestrel") })
	tt.Type("Millbrook Joinery")
	tt.WaitFor(step, demoLinked, "Xero: linked")
	tt.Send(keyEnter)
	tt.WaitFor(step, titleConsent, "This company's connections", "Xero")
	tt.Send(keyCtrlC)
	tt.Wait(exitWait)
}
