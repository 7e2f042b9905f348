package flow

import (
	"reflect"
	"testing"
	"time"
)

var (
	sent     = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	itemXero = PendingItem{ID: "p1", CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", Path: "delegate", Recipient: "jane@firm.example", HandedOn: HandedOnMailApp, HandedOnAt: sent, FromName: "Sam Lee", Status: StatusPendingAuth}
	// An invite handed on before a platform was named: the recipient picks it in Hosted Link.
	itemFresh = PendingItem{ID: "p3", CompanyID: "c-fresh", CompanyName: "Fresh Pick Co", Category: Accounting, Path: "delegate", Recipient: "jane@firm.example", HandedOn: HandedOnPrepared, HandedOnAt: sent, FromName: "Sam Lee", FromEmail: "sam@fresh.example", Status: StatusPendingAuth}
	itemBank  = PendingItem{ID: "p2", CompanyID: "c-b", CompanyName: "Beta", Category: Banking, PlatformKey: "suuo", PlatformName: "Plaid", ConnectionID: "conn-9", Path: "authorize", Status: StatusPendingAuth}
)

func TestResume(t *testing.T) {
	start, effs := Start(false)
	if !reflect.DeepEqual(effs, []Effect{LoadPending{}, FetchReader{}}) || start.Step != StepCompany {
		t.Fatalf("start: %v %#v", start.Step, effs)
	}
	loaded, _ := Next(start, PendingLoaded{Items: []PendingItem{itemXero, itemBank}})
	tests := []journeyCase{
		{
			name:  "pending items open the resume step",
			start: start, events: []Event{PendingLoaded{Items: []PendingItem{itemXero}}},
			check: func(t *testing.T, s State) {
				if s.Step != StepResume || len(s.Pending) != 1 {
					t.Fatalf("step=%v pending=%d", s.Step, len(s.Pending))
				}
			},
		},
		{
			name:  "nothing pending stays on company",
			start: start, events: []Event{PendingLoaded{}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCompany {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
		{
			name:   "a late answer does not pull a typing person away",
			start:  func() State { s, _ := Next(start, QueryChanged{"Ac"}); return s }(),
			events: []Event{PendingLoaded{Items: []PendingItem{itemXero}}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCompany || len(s.Pending) != 1 {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
		{
			name:    "check all costs one call per item",
			start:   loaded,
			events:  []Event{CheckPending{}, CheckPending{}},
			effects: []Effect{RefreshPending{Item: itemXero}, RefreshPending{Item: itemBank}},
			check: func(t *testing.T, s State) {
				if !s.Pending[0].Checking || !s.Pending[1].Checking {
					t.Fatal("not marked checking")
				}
			},
		},
		{
			name:    "a check answer updates the item",
			start:   loaded,
			events:  []Event{CheckPending{ID: "p1"}, PendingChecked{ID: "p1", Status: StatusLinked, CheckedAt: sent}},
			effects: []Effect{RefreshPending{Item: itemXero}},
			check: func(t *testing.T, s State) {
				if s.Pending[0].Status != StatusLinked || s.Pending[0].Checking || !s.Pending[0].CheckedAt.Equal(sent) {
					t.Fatalf("item=%+v", s.Pending[0])
				}
				if itemXero.Status != StatusPendingAuth {
					t.Fatal("shared memory with the input")
				}
			},
		},
		{
			name:    "forget the last item goes to company",
			start:   loaded,
			events:  []Event{ForgetPending{ID: "p1"}, ForgetPending{ID: "p2"}},
			effects: []Effect{Forget{ID: "p1"}, Forget{ID: "p2"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCompany || len(s.Pending) != 0 {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
		{
			name:    "copy fetches a fresh link",
			start:   loaded,
			events:  []Event{CopyPendingLink{ID: "p1"}},
			effects: []Effect{CopyFreshLink{CompanyID: "c-acme"}},
		},
		{
			name:    "resend a delegation: fresh link, same recipient",
			start:   loaded,
			events:  []Event{ResumePending{ID: "p1"}},
			effects: []Effect{FetchHostedLink{CompanyID: "c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepDelegate || s.Invite.To != "jane@firm.example" || s.Platform.Key != "gbol" || s.Company.ID != "c-acme" {
					t.Fatalf("state=%+v", s)
				}
			},
		},
		{
			name:    "a picked-up invite keeps its signature",
			start:   loaded,
			events:  []Event{ResumePending{ID: "p1"}},
			effects: []Effect{FetchHostedLink{CompanyID: "c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Invite != (Invite{To: "jane@firm.example", FromName: "Sam Lee"}) {
					t.Fatalf("invite=%+v, want it signed by Sam Lee", s.Invite)
				}
			},
		},
		{
			name:  "a picked-up invite with no platform is sent signed and waits on its category",
			start: func() State { s, _ := Next(start, PendingLoaded{Items: []PendingItem{itemFresh}}); return s }(),
			events: []Event{ResumePending{ID: "p3"}, HostedLinkReady{URL: "https://link.codat.io/company/c-fresh"},
				SendRequested{Way: WayEML}, Sent{Way: WayEML, File: "invite-fresh-pick-co.eml"}},
			effects: []Effect{
				FetchHostedLink{CompanyID: "c-fresh"},
				SendInvite{Way: WayEML, Invite: Invite{To: "jane@firm.example", FromName: "Sam Lee", FromEmail: "sam@fresh.example"},
					Company: "Fresh Pick Co", Category: Accounting, Link: "https://link.codat.io/company/c-fresh"},
				Remember{CompanyID: "c-fresh", CompanyName: "Fresh Pick Co", Category: Accounting, Path: PathDelegate,
					Recipient: "jane@firm.example", Status: StatusPendingAuth, HandedOn: HandedOnPrepared, FromName: "Sam Lee", FromEmail: "sam@fresh.example"},
				StartWatch{CompanyID: "c-fresh", Category: Accounting},
			},
		},
		{
			name:  "a platform-less pick-up that links recaps the platform the recipient chose",
			start: func() State { s, _ := Next(start, PendingLoaded{Items: []PendingItem{itemFresh}}); return s }(),
			events: []Event{ResumePending{ID: "p3"}, HostedLinkReady{URL: "https://link.codat.io/company/c-fresh"},
				SendRequested{Way: WayMail}, Sent{Way: WayMail},
				ConnectionUpdated{Connection: Connection{ID: "conn-q", PlatformKey: "qhyg", PlatformName: "QuickBooks Online", Category: Accounting}, Status: StatusLinked, Final: true},
				Finish{}},
			effects: []Effect{
				FetchHostedLink{CompanyID: "c-fresh"},
				SendInvite{Way: WayMail, Invite: Invite{To: "jane@firm.example", FromName: "Sam Lee", FromEmail: "sam@fresh.example"},
					Company: "Fresh Pick Co", Category: Accounting, Link: "https://link.codat.io/company/c-fresh"},
				Remember{CompanyID: "c-fresh", CompanyName: "Fresh Pick Co", Category: Accounting, Path: PathDelegate,
					Recipient: "jane@firm.example", Status: StatusPendingAuth, HandedOn: HandedOnMailApp, FromName: "Sam Lee", FromEmail: "sam@fresh.example"},
				StartWatch{CompanyID: "c-fresh", Category: Accounting},
				Bell{},
				Remember{CompanyID: "c-fresh", CompanyName: "Fresh Pick Co", Category: Accounting, Path: PathDelegate,
					Recipient: "jane@firm.example", Status: StatusLinked, HandedOn: HandedOnMailApp, FromName: "Sam Lee", FromEmail: "sam@fresh.example"},
			},
			check: func(t *testing.T, s State) {
				recap := RecapFor(s)
				if recap[0] != (RecapItem{Category: Accounting, Platform: "QuickBooks Online", Outcome: OutcomeLinked, Path: PathDelegate}) {
					t.Fatalf("recap=%+v", recap[0])
				}
			},
		},
		{
			name:    "resume an authorization reuses its connection",
			start:   loaded,
			events:  []Event{ResumePending{ID: "p2"}},
			effects: []Effect{PrepareConnection{CompanyID: "c-b", Platform: Platform{Key: "suuo", Name: "Plaid", Category: Banking}, ReuseID: "conn-9"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepAuthorize || s.Category != Banking {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
		{
			name:    "back from a resumed sign-in loads the platforms",
			start:   loaded,
			events:  []Event{ResumePending{ID: "p1"}, Back{}, Back{}},
			effects: []Effect{FetchHostedLink{CompanyID: "c-acme"}, PrefetchHostedLink{CompanyID: "c-acme"}, LoadPlatforms{Category: Accounting}},
			check: func(t *testing.T, s State) {
				if s.Step != StepPlatform {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
		{
			name:   "start new, then esc on an empty name returns to the list",
			start:  loaded,
			events: []Event{StartNew{}, Back{}},
			check: func(t *testing.T, s State) {
				if s.Step != StepResume {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
	}
	runCases(t, tests)
}
