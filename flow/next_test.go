package flow

import (
	"reflect"
	"testing"
	"time"
)

var (
	acme      = Company{ID: "c-acme", Name: "Acme Ltd"}
	acmeOld   = Company{ID: "c-old", Name: "Acme Holdings", Connections: []Connection{{ID: "x1", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusDeauthorized}}}
	xeroLinks = Company{ID: "c-x", Name: "Linked Co", Connections: []Connection{{ID: "x2", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusLinked}}}
	xero      = Platform{Key: "gbol", Name: "Xero", Category: Accounting}
	sandboxP  = Platform{Key: "mqjo", Name: "Codat Sandbox", Category: Accounting, Sandbox: true}
	pendingC  = Connection{ID: "conn-1", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusPendingAuth, LinkURL: "https://link-api.codat.io/companies/c-acme/connections/conn-1/start"}
)

// at builds a state at a step with a chosen company, category and platform.
func at(step Step) State {
	s := New(false)
	s.Step = step
	s.Query = "Acme Ltd"
	s.Company = acme
	if step >= StepPlatform {
		s.Category = Accounting
		s.Platforms = []Platform{xero, sandboxP}
	}
	if step >= StepSignIn {
		s.Platform = xero
	}
	return s
}

func run(s State, events ...Event) (State, []Effect) {
	var all []Effect
	for _, ev := range events {
		var effs []Effect
		s, effs = Next(s, ev)
		all = append(all, effs...)
	}
	return s, all
}

// journeyCase is one row of a reducer table: from start, the events give
// exactly these effects, and check looks at the state they lead to.
type journeyCase struct {
	name    string
	start   State
	events  []Event
	check   func(t *testing.T, s State)
	effects []Effect
}

func runCases(t *testing.T, tests []journeyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, effs := run(tt.start, tt.events...)
			if !reflect.DeepEqual(effs, tt.effects) {
				t.Errorf("effects:\n got %#v\nwant %#v", effs, tt.effects)
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
}

func TestNext(t *testing.T) {
	tests := []journeyCase{
		{
			name:    "typing debounces the search",
			start:   New(false),
			events:  []Event{QueryChanged{"A"}, QueryChanged{"Ac"}, QueryChanged{"Acme"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}, SearchAfter{3, SearchDelay}},
			check: func(t *testing.T, s State) {
				if !s.Searching || s.SearchSeq != 3 {
					t.Fatalf("searching=%v seq=%d", s.Searching, s.SearchSeq)
				}
			},
		},
		{
			name:    "only the last pause sends a search",
			start:   New(false),
			events:  []Event{QueryChanged{"Ac"}, QueryChanged{"Acme "}, SearchDue{1}, SearchDue{2}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}, SearchCompanies{Seq: 2, Query: "Acme"}},
		},
		{
			name:   "stale search answers are dropped",
			start:  New(false),
			events: []Event{QueryChanged{"Ac"}, QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Ac", Companies: []Company{acme}}},
			check: func(t *testing.T, s State) {
				if len(s.Matches) != 0 || !s.Searching {
					t.Fatalf("stale answer applied: %+v", s.Matches)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}},
		},
		{
			name:  "a failed search for what was typed before is dropped",
			start: New(false),
			events: []Event{QueryChanged{"Ac"}, SearchDue{1}, QueryChanged{"Acme"},
				Failed{Doing: "searching for the company", Message: "rate limited", Retry: SearchCompanies{Seq: 1, Query: "Ac"}}},
			check: func(t *testing.T, s State) {
				if s.Problem != nil || !s.Searching {
					t.Fatalf("problem %+v, searching %v: the newer search is still to answer", s.Problem, s.Searching)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "Ac"}, SearchAfter{2, SearchDelay}},
		},
		{
			name:   "a failed search for what is typed now is shown",
			start:  New(false),
			events: []Event{QueryChanged{"Acme"}, SearchDue{1}, Failed{Doing: "searching for the company", Message: "rate limited", Retry: SearchCompanies{Seq: 1, Query: "Acme"}}},
			check: func(t *testing.T, s State) {
				if s.Problem == nil || s.Problem.Retry != (SearchCompanies{Seq: 1, Query: "Acme"}) {
					t.Fatalf("problem %+v, want one that retries the search", s.Problem)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "Acme"}},
		},
		{
			name:   "companies that linked before come first",
			start:  New(false),
			events: []Event{QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme, acmeOld}}},
			check: func(t *testing.T, s State) {
				if len(s.Matches) != 2 || s.Matches[0].ID != "c-old" {
					t.Fatalf("order: %+v", s.Matches)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}},
		},
		{
			name:   "clearing the name clears the matches",
			start:  New(false),
			events: []Event{QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}}, QueryChanged{"  "}},
			check: func(t *testing.T, s State) {
				if s.Matches != nil || s.Searching {
					t.Fatalf("matches=%v searching=%v", s.Matches, s.Searching)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}},
		},
		{
			name:   "reusing a match goes to consent",
			start:  New(false),
			events: []Event{QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}}, CompanyChosen{"c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepConsent || s.Company.ID != "c-acme" || !s.Reused {
					t.Fatalf("step=%v company=%+v reused=%v", s.Step, s.Company, s.Reused)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}},
		},
		{
			name:    "creating with no matches finds or creates",
			start:   New(false),
			events:  []Event{QueryChanged{"New Co"}, CompaniesFound{Seq: 1, Query: "New Co"}, CreateRequested{Name: "New Co", UID: "u1"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, CreateCompany{Name: "New Co", UID: "u1"}},
			check: func(t *testing.T, s State) {
				if s.Busy == "" {
					t.Fatal("not busy while creating")
				}
			},
		},
		{
			name:   "creating beside close matches needs a confirmation",
			start:  New(false),
			events: []Event{QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}}, CreateRequested{Name: "Acme", UID: "u1"}},
			check: func(t *testing.T, s State) {
				if !s.ConfirmCreate || s.Step != StepCompany {
					t.Fatalf("confirm=%v step=%v", s.ConfirmCreate, s.Step)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}},
		},
		{
			name:    "confirmed create makes a new company",
			start:   New(false),
			events:  []Event{QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}}, CreateRequested{Name: "Acme", UID: "u1"}, CreateConfirmed{UID: "u2"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, CreateCompany{Name: "Acme", UID: "u2", New: true}},
		},
		{
			name:   "a name Codat would empty is refused",
			start:  New(false),
			events: []Event{CreateRequested{Name: "(((%%%)))"}},
			check: func(t *testing.T, s State) {
				if s.Notice == nil || !s.Notice.Bad || s.Notice.Text != NameRule {
					t.Fatalf("notice=%+v", s.Notice)
				}
			},
		},
		{
			name:   "company ready goes to consent",
			start:  New(false),
			events: []Event{CreateRequested{Name: "Acme Ltd", UID: "u1"}, CompanyReady{Company: acme}},
			check: func(t *testing.T, s State) {
				if s.Step != StepConsent || s.Busy != "" || s.Reused {
					t.Fatalf("step=%v busy=%q", s.Step, s.Busy)
				}
			},
			effects: []Effect{CreateCompany{Name: "Acme Ltd", UID: "u1"}},
		},
		{
			name:   "consent then category loads its platforms",
			start:  at(StepConsent),
			events: []Event{ConsentAccepted{}, CategoryChosen{Accounting}},
			check: func(t *testing.T, s State) {
				if s.Step != StepPlatform || s.Category != Accounting {
					t.Fatalf("step=%v", s.Step)
				}
			},
			effects: []Effect{LoadPlatforms{Accounting}},
		},
		{
			name: "a second accounting connection is refused with a way out",
			start: func() State {
				s := at(StepCategory)
				s.Company = xeroLinks
				return s
			}(),
			events: []Event{CategoryChosen{Accounting}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCategory || s.Notice == nil || !s.Notice.Bad {
					t.Fatalf("step=%v notice=%+v", s.Step, s.Notice)
				}
			},
		},
		{
			name: "unlinking from consent",
			start: func() State {
				s := at(StepConsent)
				s.Company = xeroLinks
				return s
			}(),
			events:  []Event{UnlinkRequested{"x2"}, ConnectionChanged{Connection{ID: "x2", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusUnlinked}}},
			effects: []Effect{Unlink{CompanyID: "c-x", ConnectionID: "x2"}},
			check: func(t *testing.T, s State) {
				if s.Company.Connections[0].Status != StatusUnlinked || s.Notice == nil {
					t.Fatalf("conn=%+v notice=%+v", s.Company.Connections, s.Notice)
				}
				if xeroLinks.Connections[0].Status != StatusLinked {
					t.Fatal("state shared memory with its input")
				}
			},
		},
		{
			name:   "platforms of another category are ignored",
			start:  func() State { s := at(StepPlatform); s.Platforms = nil; return s }(),
			events: []Event{PlatformsLoaded{Category: Banking, Platforms: []Platform{{Key: "suuo"}}}},
			check: func(t *testing.T, s State) {
				if s.Platforms != nil {
					t.Fatal("applied another category's platforms")
				}
			},
		},
		{
			name:   "platform chosen asks about signing in",
			start:  at(StepPlatform),
			events: []Event{PlatformChosen{"mqjo"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepSignIn || s.Platform.Key != "mqjo" {
					t.Fatalf("step=%v platform=%v", s.Step, s.Platform)
				}
			},
		},
		{
			name:    "yes: authorize creates a connection and waits for it",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, ConnectionReady{pendingC}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}, StartWatch{CompanyID: "c-acme", ConnectionID: "conn-1", PlatformKey: "gbol"}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusPendingAuth}},
			check: func(t *testing.T, s State) {
				if s.Step != StepAuthorize || s.Connection.LinkURL != pendingC.LinkURL || !s.Watch.Active {
					t.Fatalf("step=%v conn=%+v", s.Step, s.Connection)
				}
			},
		},
		{
			name: "yes: a pending connection of that platform is reused",
			start: func() State {
				s := at(StepSignIn)
				s.Company.Connections = []Connection{pendingC}
				return s
			}(),
			events:  []Event{SignInAnswered{Yes: true}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol", ReuseID: "conn-1"}},
		},
		{
			name:    "no: delegate fetches a fresh Hosted Link",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: false}, HostedLinkReady{"https://link.codat.io/company/c-acme"}},
			effects: []Effect{FetchHostedLink{"c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepDelegate || s.HostedLink == "" || s.Platform.Key != "gbol" {
					t.Fatalf("step=%v link=%q", s.Step, s.HostedLink)
				}
			},
		},
		{
			name:    "can't sign in after all keeps the platform",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, ConnectionReady{pendingC}, CantSignIn{}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}, StartWatch{CompanyID: "c-acme", ConnectionID: "conn-1", PlatformKey: "gbol"}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusPendingAuth}, StopWatch{}, FetchHostedLink{"c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepDelegate || s.Platform.Key != "gbol" {
					t.Fatalf("step=%v platform=%v", s.Step, s.Platform)
				}
			},
		},
		{
			name: "copy and open on the authorize screen use the connection's link",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events:  []Event{CopyRequested{"link"}, OpenRequested{}},
			effects: []Effect{Copy{Text: pendingC.LinkURL, What: "link"}, OpenURL{URL: pendingC.LinkURL}},
		},
		{
			name: "sending needs a recipient",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"})
				return s
			}(),
			events: []Event{SendRequested{"mail"}},
			check: func(t *testing.T, s State) {
				if s.Notice == nil || !s.Notice.Bad {
					t.Fatalf("notice=%+v", s.Notice)
				}
			},
		},
		{
			name: "an invite sent is remembered and watched",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"})
				return s
			}(),
			events: []Event{InviteSubmitted{Invite{To: "jane@firm.example", FromName: "Sam"}}, SendRequested{"mail"}, Sent{How: "mail"}},
			effects: []Effect{
				SendInvite{How: "mail", Invite: Invite{To: "jane@firm.example", FromName: "Sam"}, Company: "Acme Ltd", Platform: "Xero", Category: Accounting, Link: "https://link.codat.io/company/c-acme"},
				Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", Path: "delegate", Recipient: "jane@firm.example", Status: StatusPendingAuth},
				StartWatch{CompanyID: "c-acme", PlatformKey: "gbol"},
			},
			check: func(t *testing.T, s State) {
				if s.InviteSent != "mail" || !s.Watch.Active {
					t.Fatalf("sent=%q watch=%+v", s.InviteSent, s.Watch)
				}
			},
		},
		{
			name: "linked rings the bell, and finish records it",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events:  []Event{ConnectionUpdated{Status: StatusLinked, Via: "webhook", Final: true}, Finish{}},
			effects: []Effect{Bell{}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusLinked}},
			check: func(t *testing.T, s State) {
				if s.Step != StepDone {
					t.Fatalf("step=%v", s.Step)
				}
				recap := RecapFor(s)
				if recap[0].Outcome != OutcomeLinked || recap[1].Outcome != OutcomeSkipped {
					t.Fatalf("recap=%+v", recap)
				}
			},
		},
		{
			name: "a failed link is shown with Codat's reason",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events: []Event{ConnectionUpdated{Status: StatusPendingAuth, Failed: true, Reason: "User cancelled", Final: true}},
			check: func(t *testing.T, s State) {
				if !s.Watch.Failed || s.Watch.Reason != "User cancelled" || s.Watch.Active {
					t.Fatalf("watch=%+v", s.Watch)
				}
			},
		},
		{
			name: "finishing a delegation records who it waits on",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"}, InviteSubmitted{Invite{To: "jane@firm.example"}}, Sent{How: "text"})
				return s
			}(),
			events:  []Event{Finish{}},
			effects: []Effect{StopWatch{}},
			check: func(t *testing.T, s State) {
				r := RecapFor(s)[0]
				if r.Outcome != OutcomeWaiting || r.WaitingOn != "jane@firm.example" {
					t.Fatalf("recap=%+v", r)
				}
			},
		},
		{
			name: "connect another keeps the company and the recap",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"}, Finish{})
				return s
			}(),
			events: []Event{ConnectAnother{}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCategory || s.Company.ID != "c-acme" || len(s.Recap) != 1 || s.Platform.Key != "" {
					t.Fatalf("step=%v company=%v recap=%v", s.Step, s.Company.ID, s.Recap)
				}
			},
		},
		{
			name:    "a failure offers retry of the same effect",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{}, Failed{Doing: "fetching the link", Message: "Codat is unavailable (503).", Retry: FetchHostedLink{"c-acme"}}, RetryRequested{}},
			effects: []Effect{FetchHostedLink{"c-acme"}, FetchHostedLink{"c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Problem != nil || s.Busy == "" {
					t.Fatalf("problem=%+v busy=%q", s.Problem, s.Busy)
				}
			},
		},
		{
			name: "quit stops the watch",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events:  []Event{Quit{}},
			effects: []Effect{StopWatch{}},
			check: func(t *testing.T, s State) {
				if !s.Quit {
					t.Fatal("not quitting")
				}
			},
		},
		{
			name:    "a retried create keeps its uid, so it finds what the lost attempt made",
			start:   New(false),
			events:  []Event{CreateRequested{Name: "New Co", UID: "u1"}, Failed{Doing: "setting up the company", Message: "timeout", Retry: CreateCompany{Name: "New Co", UID: "u1"}}, RetryRequested{}},
			effects: []Effect{CreateCompany{Name: "New Co", UID: "u1"}, CreateCompany{Name: "New Co", UID: "u1"}},
		},
		{
			name:    "a retried connection request rechecks before creating",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, Failed{Doing: "preparing the link", Message: "timeout", Retry: PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}}, RetryRequested{}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}, PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol", Recheck: true}},
		},
		{
			name:    "leaving before the answer, then asking again, rechecks",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, Back{}, SignInAnswered{Yes: true}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}, PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol", Recheck: true}},
		},
		{
			name:    "a connection that arrives after leaving is kept and reused",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, CantSignIn{}, ConnectionReady{pendingC}, Back{}, SignInAnswered{Yes: true}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}, FetchHostedLink{"c-acme"}, PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol", ReuseID: "conn-1"}},
			check: func(t *testing.T, s State) {
				if len(s.Company.Connections) != 1 || s.Company.Connections[0].ID != "conn-1" {
					t.Fatalf("connections=%+v", s.Company.Connections)
				}
			},
		},
		{
			name: "a note says how an invite was copied",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"}, InviteSubmitted{Invite{To: "jane@firm.example"}})
				return s
			}(),
			events: []Event{Sent{How: "text", Note: "Sent to your terminal's clipboard (OSC 52)."}},
			effects: []Effect{
				Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", Path: "delegate", Recipient: "jane@firm.example", Status: StatusPendingAuth},
				StartWatch{CompanyID: "c-acme", PlatformKey: "gbol"},
			},
			check: func(t *testing.T, s State) {
				if s.Notice == nil || s.Notice.Text != "Sent to your terminal's clipboard (OSC 52)." {
					t.Fatalf("notice=%+v", s.Notice)
				}
			},
		},
		{
			name: "a link completed on screen counts for the company: connect another refuses a second accounting link",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events:  []Event{ConnectionUpdated{Status: StatusLinked, Via: "webhook"}, Finish{}, ConnectAnother{}, CategoryChosen{Accounting}},
			effects: []Effect{Bell{}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusLinked}, StopWatch{}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCategory || s.Notice == nil || !s.Notice.Bad {
					t.Fatalf("step=%v notice=%+v", s.Step, s.Notice)
				}
				if c, ok := s.Company.LinkedIn(Accounting); !ok || c.ID != "conn-1" {
					t.Fatalf("connections=%+v", s.Company.Connections)
				}
			},
		},
		{
			name: "a link completed by the invite's recipient counts for the company",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"}, CopyRequested{What: "link"})
				return s
			}(),
			events:  []Event{ConnectionUpdated{Connection: Connection{ID: "conn-9", PlatformKey: "gbol"}, Status: StatusLinked, Via: "webhook"}},
			effects: []Effect{Bell{}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", Path: "delegate", Status: StatusLinked}},
			check: func(t *testing.T, s State) {
				if c, ok := s.Company.LinkedIn(Accounting); !ok || c.ID != "conn-9" || c.PlatformName != "Xero" {
					t.Fatalf("connections=%+v", s.Company.Connections)
				}
			},
		},
		{
			name: "a failure that arrives after leaving its step is not shown on the next one",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, Back{})
				return s
			}(),
			events: []Event{Failed{Doing: "preparing the link", Message: "timeout", Retry: PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}}, RetryRequested{}},
			check: func(t *testing.T, s State) {
				if s.Step != StepSignIn || s.Problem != nil || s.Busy != "" {
					t.Fatalf("step=%v problem=%+v busy=%q", s.Step, s.Problem, s.Busy)
				}
			},
		},
		{
			name:    "create asked for while the search runs waits for the matches, then asks to confirm",
			start:   New(false),
			events:  []Event{QueryChanged{"Acme"}, CreateRequested{Name: "Acme", UID: "u1"}, SearchDue{1}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "Acme"}},
			check: func(t *testing.T, s State) {
				if !s.ConfirmCreate || s.Busy != "" || s.Step != StepCompany {
					t.Fatalf("confirm=%v busy=%q step=%v", s.ConfirmCreate, s.Busy, s.Step)
				}
			},
		},
		{
			name:    "create asked for while the search runs goes ahead when nothing matches",
			start:   New(false),
			events:  []Event{QueryChanged{"New Co"}, CreateRequested{Name: "New Co", UID: "u1"}, CreateRequested{Name: "New Co", UID: "u2"}, CompaniesFound{Seq: 1, Query: "New Co"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, CreateCompany{Name: "New Co", UID: "u1"}},
		},
		{
			name: "creating the same name again after going back reuses its uid, so no second company is made",
			start: func() State {
				s, _ := run(New(false), QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}},
					CreateRequested{Name: "Acme", UID: "u1"}, CreateConfirmed{UID: "u2"}, Failed{Doing: "setting up the company", Message: "timeout", Retry: CreateCompany{Name: "Acme", UID: "u2", New: true}}, Back{})
				return s
			}(),
			events:  []Event{CreateRequested{Name: "Acme", UID: "u3"}, CreateConfirmed{UID: "u4"}},
			effects: []Effect{CreateCompany{Name: "Acme", UID: "u2", New: true}},
		},
		{
			name:    "a failed check of a pending item can be asked again",
			start:   State{Step: StepResume, Pending: []PendingItem{{ID: "p1", CompanyID: "c-acme"}}},
			events:  []Event{CheckPending{}, Failed{Doing: "checking with Codat", Message: "timeout", Retry: RefreshPending{Item: PendingItem{ID: "p1", CompanyID: "c-acme"}}}, Back{}, CheckPending{}},
			effects: []Effect{RefreshPending{Item: PendingItem{ID: "p1", CompanyID: "c-acme"}}, RefreshPending{Item: PendingItem{ID: "p1", CompanyID: "c-acme"}}},
		},
		{
			name: "once linked, there is nothing to hand on",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events:  []Event{ConnectionUpdated{Status: StatusLinked, Via: "webhook", Final: true}, CantSignIn{}},
			effects: []Effect{Bell{}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusLinked}},
			check: func(t *testing.T, s State) {
				if s.Step != StepAuthorize {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
		{
			name:    "finishing before the link was shown records nothing as waiting",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, Finish{}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", PlatformKey: "gbol"}},
			check: func(t *testing.T, s State) {
				if r := RecapFor(s)[0]; r.Outcome != OutcomeSkipped {
					t.Fatalf("recap=%+v", r)
				}
			},
		},
		{
			name:   "updates after the wait ended are ignored",
			start:  at(StepDone),
			events: []Event{ConnectionUpdated{Status: StatusLinked}},
			check: func(t *testing.T, s State) {
				if s.Watch.Status != "" {
					t.Fatal("applied an update with no wait")
				}
			},
		},
	}
	runCases(t, tests)
}

// TestBack walks back from every step and checks that choices are kept.
func TestBack(t *testing.T) {
	tests := []struct {
		from    Step
		to      Step
		effects []Effect
	}{
		{StepCompany, StepCompany, nil},
		{StepConsent, StepCompany, nil},
		{StepCategory, StepConsent, nil},
		{StepPlatform, StepCategory, nil},
		{StepSignIn, StepPlatform, nil},
		{StepDelegate, StepSignIn, nil},
		{StepDone, StepDone, nil},
	}
	for _, tt := range tests {
		t.Run(tt.from.String(), func(t *testing.T) {
			s := at(tt.from)
			got, effs := Next(s, Back{})
			if got.Step != tt.to {
				t.Fatalf("back from %v went to %v, want %v", tt.from, got.Step, tt.to)
			}
			if !reflect.DeepEqual(effs, tt.effects) {
				t.Fatalf("effects %#v", effs)
			}
			if got.Company.ID != s.Company.ID || got.Query != s.Query || got.Platform != s.Platform || got.Category != s.Category {
				t.Fatalf("back lost a choice: %+v", got)
			}
		})
	}
	t.Run("authorize stops the wait", func(t *testing.T) {
		s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
		got, effs := Next(s, Back{})
		if got.Step != StepSignIn || !reflect.DeepEqual(effs, []Effect{StopWatch{}}) || got.Watch.Active {
			t.Fatalf("step=%v effects=%#v", got.Step, effs)
		}
	})
	t.Run("confirm create is cancelled", func(t *testing.T) {
		s := New(false)
		s.Matches, s.ConfirmCreate = []Company{acme}, true
		got, _ := Next(s, Back{})
		if got.ConfirmCreate {
			t.Fatal("still confirming")
		}
	})
}

func TestCleanCompanyName(t *testing.T) {
	tests := []struct {
		in, want string
		changed  bool
	}{
		{"Acme Ltd", "Acme Ltd", false},
		{"A&B Ltd?", "A&B Ltd?", false},
		{"Company (Codat[1])", "Company Codat1", true},
		{"Café Noir", "Caf Noir", true},
		{"  spaced   out ", "spaced out", false},
		{"%%%", "", true},
	}
	for _, tt := range tests {
		got, changed := CleanCompanyName(tt.in)
		if got != tt.want || changed != tt.changed {
			t.Errorf("CleanCompanyName(%q) = %q, %v; want %q, %v", tt.in, got, changed, tt.want, tt.changed)
		}
	}
	if ValidateCompanyName("") == nil || ValidateCompanyName("[]") == nil || ValidateCompanyName("Acme") != nil {
		t.Error("ValidateCompanyName")
	}
}

func TestWatchTimesAreKept(t *testing.T) {
	s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
	checked := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s, _ = Next(s, ConnectionUpdated{Status: StatusPendingAuth, Via: "poll", CheckedAt: checked, NextCheck: checked.Add(10 * time.Second)})
	if s.Watch.Via != "poll" || !s.Watch.CheckedAt.Equal(checked) || !s.Watch.Active {
		t.Fatalf("watch=%+v", s.Watch)
	}
}
