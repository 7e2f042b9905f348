package ui

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/store"
)

// pendingStore opens a store in a temporary directory and remembers
// entries in it, each for a company made in the sandbox.
func pendingStore(t *testing.T, sb *sandbox.Server, entries ...store.Entry) (*store.Store, []string) {
	t.Helper()
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := store.Open(filepath.Join(t.TempDir(), "onboardings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		co, err := c.CreateCompany(t.Context(), api.CompanyRequest{Name: e.CompanyName})
		if err != nil {
			t.Fatal(err)
		}
		e.CompanyID, e.BaseURL = co.ID, sb.BaseURL()
		stored, err := st.Upsert(e)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, stored.CompanyID)
	}
	return st, ids
}

// An invite handed on in an earlier session, in accessible mode: the list
// is read out before the company question, checked with Codat, picked up
// with a fresh link and the invite as it was signed, sent again, and waited
// on until the recipient links it.
func TestAccessiblePicksUpAnInviteAndWaits(t *testing.T) {
	deps, sb := accessibleDeps(t)
	deps.PollStart = 20 * time.Millisecond
	st, companies := pendingStore(t, sb, store.Entry{
		CompanyName: "Pick Co", Category: "accounting", PlatformKey: "gbol", PlatformName: "Xero", Path: store.PathDelegate,
		Recipient: "jane@firm.example", HandedOn: string(flow.HandedOnPrepared), HandedOnAt: time.Now().Add(-2 * time.Hour),
		FromName: "Zoë Brandt", FromEmail: "zoe@pick.example", Status: flow.StatusPendingAuth,
	})
	deps.Store = StoreAdapter{Store: st, BaseURL: sb.BaseURL()}
	answers := strings.Join([]string{
		"2", // check it with Codat now
		"1", // pick it up
		"1", // the invite to jane@firm.example
		"1", // send it as it is
		strconv.Itoa(slices.Index(flow.PlainWays, flow.WayPrint) + 1),
		"1", // wait here until it is linked
	}, "\n") + "\n"
	r := startAccessible(t, t.Context(), deps, answers)
	r.waitOut(t, "Press ctrl+c to stop waiting")
	r.answer.Close() // no more answers: the recap's question ends the journey

	// The recipient links Xero through the fresh link.
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := c.CreateConnection(t.Context(), companies[0], "gbol")
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Authorize(companies[0], conn.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.end(t); err != nil {
		t.Fatalf("err = %v\n%s", err, r.out.String())
	}
	text, final := r.out.String(), r.final
	item := "Invite to jane@firm.example for Pick Co (Xero), prepared 2 hours ago"
	for _, want := range []string{
		"Picking up where you left off\nThese were handed on or started before",
		"1. " + item + ": still waiting, not checked yet.\n\nWhat would you like to do? \n1. Pick it up (fresh link)\n2. Check it with Codat now\n3. Forget it\n4. Start a new onboarding\n",
		"1. " + item + ": still waiting: waiting to be authorized, checked just now.",
		"Send this link to the person who can sign in to Xero",
		"From: Zoë Brandt <zoe@pick.example>\nTo: jane@firm.example",
		"Xero is linked",
		"Accounting: Xero linked",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if before, _, _ := strings.Cut(text, "Picking up"); strings.Contains(before, "Which business") {
		t.Errorf("the company question came before the pending list:\n%s", text)
	}
	if final.Company.ID != companies[0] || final.HostedLink == "" || !strings.Contains(text, final.HostedLink) {
		t.Errorf("picked up company %q with link %q; want %q and the link read out", final.Company.ID, final.HostedLink, companies[0])
	}
	if namesAKey.MatchString(text) {
		t.Errorf("accessible output names a key: %q\n%s", namesAKey.FindString(text), text)
	}
	if p := st.Pending(sb.BaseURL()); len(p) != 0 {
		t.Errorf("still pending after the link: %+v", p)
	}
}

// Of two items, one is forgotten: the person names which, may keep it when
// asked, may go back, and once it is forgotten the list is read again
// without it; a new onboarding then asks for the company.
func TestAccessibleForgetsOneOfTwoThenStartsNew(t *testing.T) {
	deps, sb := accessibleDeps(t)
	st, _ := pendingStore(t, sb,
		store.Entry{CompanyName: "Old Bank Co", Category: "banking", PlatformKey: "suuo", PlatformName: "Plaid",
			Path: store.PathAuthorize, Status: flow.StatusPendingAuth, StartedAt: time.Now().Add(-72 * time.Hour)},
		store.Entry{CompanyName: "New Invite Co", Category: "accounting", Path: store.PathDelegate,
			Recipient: "jane@firm.example", HandedOn: string(flow.HandedOnCopied), HandedOnAt: time.Now().Add(-time.Hour),
			Status: flow.StatusPendingAuth, StartedAt: time.Now().Add(-time.Hour)},
	)
	deps.Store = StoreAdapter{Store: st, BaseURL: sb.BaseURL()}
	answers := strings.Join([]string{
		"3", "2", "n", // forget one: the second; no, keep it
		"3", "3", // forget one: go back
		"3", "2", "y", // forget the second
		"4", // start a new onboarding
	}, "\n") + "\n"
	var out bytes.Buffer
	final, err := RunAccessible(context.Background(), strings.NewReader(answers), &out, deps, "")
	if err != ErrInputEnded {
		t.Fatalf("err = %v, want the answers to end at the company question\n%s", err, out.String())
	}
	text := out.String()
	invited := "Invite to jane@firm.example for New Invite Co (Accounting), copied 1 hour ago"
	started := "Plaid for Old Bank Co, started 3 days ago"
	for _, want := range []string{
		"1. " + invited + ": still waiting, not checked yet.\n2. " + started + ": still waiting, not checked yet.\n\nWhat would you like to do? \n1. Pick one up (fresh link)\n2. Check them with Codat now\n3. Forget one\n4. Start a new onboarding\n",
		"Which one? \n1. " + invited + "\n2. " + started + "\n3. Go back",
		"Forget " + started + "? onboard stops tracking it; nothing changes in Codat.",
		"Forgotten. Nothing changed in Codat.",
		"Forgotten. Nothing changed in Codat.\n\n1. " + invited + ": still waiting, not checked yet.\n\nWhat would you like to do? \n1. Pick it up (fresh link)",
		"Which business are you connecting?",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "Forget "+started+"?"); n != 2 {
		t.Errorf("asked %d times to forget it, want 2 (kept once, then forgotten):\n%s", n, text)
	}
	if n := strings.Count(text, "Picking up where you left off"); n != 1 {
		t.Errorf("the title was said %d times, want once:\n%s", n, text)
	}
	p := st.Pending(sb.BaseURL())
	if len(p) != 1 || p[0].CompanyName != "New Invite Co" {
		t.Errorf("pending after forgetting: %+v, want only New Invite Co", p)
	}
	if final.Step != flow.StepCompany || len(final.Pending) != 1 {
		t.Errorf("step %v with %d pending, want the company question with one left", final.Step, len(final.Pending))
	}
}
