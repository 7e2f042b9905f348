package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/store"
)

// An invite handed on from a script before any platform was chosen, picked
// up in the journey: the resume line says it was prepared (not sent), the
// delegate screen shows its subject and sender, the .eml saved is signed by
// the stored name, the wait is on the category, and the recap names the
// platform the recipient linked.
func TestPickingUpAPlatformlessInvite(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	ctx := t.Context()
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	co, err := c.CreateCompany(ctx, api.CompanyRequest{Name: "Fresh Pick Co"})
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := store.Open(filepath.Join(t.TempDir(), "onboardings.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Upsert(store.Entry{
		CompanyID: co.ID, CompanyName: "Fresh Pick Co", Category: "accounting", Path: store.PathDelegate,
		Recipient: "jane@firm.example", HandedOn: string(flow.HandedOnPrepared), HandedOnAt: time.Now().Add(-2 * time.Hour),
		FromName: "Zoë Brandt", FromEmail: "zoe@freshpick.example", Status: flow.StatusPendingAuth, BaseURL: sb.BaseURL(),
	}); err != nil {
		t.Fatal(err)
	}
	saveDir := t.TempDir()
	h := startHarness(t, sb, StoreAdapter{Store: st, BaseURL: sb.BaseURL()}, 100, 40, true,
		func(d *Deps) { d.SaveDir = saveDir })

	s := h.waitFor("the pending list", func(s snapshot) bool {
		return s.st.Step == flow.StepResume && strings.Contains(s.view, "Picking up")
	})
	if !strings.Contains(s.view, "Invite to jane@firm.example for Fresh Pick Co (Accounting), prepared 2 hours ago") ||
		strings.Contains(s.view, ", sent ") {
		t.Fatalf("the pending list does not say the invite was prepared:\n%s", s.view)
	}
	h.key(tea.KeyEnter)
	s = h.waitFor("the delegate screen with its link", func(s snapshot) bool { return s.st.HostedLink != "" })
	for _, want := range []string{"From: Zoë Brandt <zoe@freshpick.example>", "To: jane@firm.example",
		"Subject: [Sandbox demo] Fresh Pick Co: please connect the accounting platform to Codat"} {
		if !strings.Contains(s.view, want) {
			t.Fatalf("the delegate screen lacks %q:\n%s", want, s.view)
		}
	}

	h.text("s")
	s = h.waitFor("the invite saved", func(s snapshot) bool { return s.st.InviteSent == flow.WayEML })
	eml, err := os.ReadFile(s.st.InviteFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(eml), "From: =?utf-8?q?Zo=C3=AB_Brandt?= <zoe@freshpick.example>") ||
		!strings.Contains(string(eml), "Zo=C3=AB Brandt") {
		t.Errorf("the saved invite is not from and signed by the stored sender:\n%s", eml)
	}
	if p := st.Pending(sb.BaseURL()); len(p) != 1 || p[0].HandedOn != "prepared" || p[0].FromName != "Zoë Brandt" {
		t.Errorf("remembered %+v", p)
	}

	// The recipient picks QuickBooks Online in Hosted Link and links it.
	conn, err := c.CreateConnection(ctx, co.ID, "qhyg")
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Authorize(co.ID, conn.ID); err != nil {
		t.Fatal(err)
	}
	s = h.waitFor("linked", func(s snapshot) bool { return s.st.Watch.Status == flow.StatusLinked })
	if s.st.Watch.Failed || !strings.Contains(s.view, "QuickBooks Online is linked") {
		t.Fatalf("the wait did not see the recipient's link:\n%s", s.view)
	}
	h.text("f")
	s = h.waitFor("the recap", func(s snapshot) bool { return s.st.Step == flow.StepDone })
	if !strings.Contains(s.view, "Accounting: QuickBooks Online linked") || strings.Contains(s.view, "Accounting: ,") {
		t.Fatalf("recap:\n%s", s.view)
	}
	h.waitFor("the store to note the link", func(snapshot) bool { return len(st.Pending(sb.BaseURL())) == 0 })
}

// A platform-less invite that is still waiting is recapped without an empty
// platform.
func TestRecapOfAPlatformlessWait(t *testing.T) {
	line := recapLine(flow.RecapItem{Category: flow.Accounting, Outcome: flow.OutcomeWaiting, Path: flow.PathDelegate, WaitingOn: "jane@firm.example"})
	if line != "Accounting: waiting for a platform to be chosen and linked on jane@firm.example" {
		t.Errorf("recap line %q", line)
	}
}
