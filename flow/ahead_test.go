package flow

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

var (
	plaid    = Platform{Key: "suuo", Name: "Plaid", Category: Banking}
	shopify  = Platform{Key: "fztf", Name: "Shopify", Category: Commerce}
	allKinds = []Platform{xero, plaid, sandboxP, shopify}
)

// TestFetchAhead: what the next screen needs is asked for while the screen
// before it is read, and shown at once when it has arrived.
func TestFetchAhead(t *testing.T) {
	tests := []journeyCase{
		{
			name:    "reaching consent asks for every platform, once",
			start:   New(false),
			events:  []Event{QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}}, CompanyChosen{"c-acme"}, Back{}, CompanyChosen{"c-acme"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, PrefetchPlatforms{}},
		},
		{
			name:   "a category chosen after the list arrived shows it with no call",
			start:  func() State { s, _ := Next(at(StepConsent), ConsentAccepted{}); s.CatalogueLoading = true; return s }(),
			events: []Event{PlatformsPrefetched{Platforms: allKinds}, CategoryChosen{Banking}},
			check: func(t *testing.T, s State) {
				if s.Step != StepPlatform || s.Busy != nil || len(s.Platforms) != 1 || s.Platforms[0].Key != "suuo" {
					t.Fatalf("step=%v busy=%+v platforms=%+v", s.Step, s.Busy, s.Platforms)
				}
			},
		},
		{
			name:   "a category chosen while the list is on its way waits for it, asking nothing more",
			start:  func() State { s := at(StepCategory); s.CatalogueLoading = true; return s }(),
			events: []Event{CategoryChosen{Accounting}},
			check: func(t *testing.T, s State) {
				if s.Busy == nil || s.Busy.Key != "busy.platforms" || len(s.Platforms) != 0 {
					t.Fatalf("busy=%+v platforms=%+v", s.Busy, s.Platforms)
				}
				s, effs := Next(s, PlatformsPrefetched{Platforms: allKinds})
				if s.Busy != nil || len(effs) != 0 || len(s.Platforms) != 2 {
					t.Fatalf("after the list: busy=%+v effects=%#v platforms=%+v", s.Busy, effs, s.Platforms)
				}
			},
		},
		{
			name:    "without a list fetched ahead, the category loads its own",
			start:   at(StepCategory),
			events:  []Event{CategoryChosen{Banking}},
			effects: []Effect{LoadPlatforms{Banking}},
		},
		{
			name:  "a failed fetch ahead stays silent until the list is needed, then offers the category's own load",
			start: func() State { s := at(StepConsent); s.CatalogueLoading = true; return s }(),
			events: []Event{
				Failed{Doing: "doing.platforms", Err: errUnavailable, Retry: PrefetchPlatforms{}},
			},
			check: func(t *testing.T, s State) {
				if s.Problem != nil || s.CatalogueLoading {
					t.Fatalf("problem=%+v loading=%v", s.Problem, s.CatalogueLoading)
				}
				s.CatalogueLoading = true
				s, _ = Next(s, ConsentAccepted{})
				s, _ = Next(s, CategoryChosen{Banking})
				s, _ = Next(s, Failed{Doing: "doing.platforms", Err: errUnavailable, Retry: PrefetchPlatforms{}})
				if s.Problem == nil || s.Problem.Retry != (LoadPlatforms{Banking}) || s.Busy != nil {
					t.Fatalf("problem=%+v busy=%+v", s.Problem, s.Busy)
				}
			},
		},
		{
			name:    "the sign-in question fetches the Hosted Link, and no shows it with no call",
			start:   at(StepPlatform),
			events:  []Event{PlatformChosen{Key: "gbol"}, HostedLinkPrefetched{CompanyID: "c-acme", URL: "https://link.codat.io/company/c-acme"}, SignInAnswered{Yes: false}},
			effects: []Effect{PrefetchHostedLink{CompanyID: "c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepDelegate || s.HostedLink != "https://link.codat.io/company/c-acme" || s.Busy != nil {
					t.Fatalf("step=%v link=%q busy=%+v", s.Step, s.HostedLink, s.Busy)
				}
				if s.AheadLink != "" {
					t.Fatal("the link shown is still kept for later")
				}
			},
		},
		{
			name:    "no before the link arrived waits for it, asking nothing more",
			start:   at(StepPlatform),
			events:  []Event{PlatformChosen{Key: "gbol"}, SignInAnswered{Yes: false}, HostedLinkPrefetched{CompanyID: "c-acme", URL: "https://link.codat.io/company/c-acme"}},
			effects: []Effect{PrefetchHostedLink{CompanyID: "c-acme"}},
			check: func(t *testing.T, s State) {
				if s.HostedLink != "https://link.codat.io/company/c-acme" || s.Busy != nil {
					t.Fatalf("link=%q busy=%+v", s.HostedLink, s.Busy)
				}
			},
		},
		{
			name:   "a link fetched ahead is shown once: back and no again fetches a fresh one",
			start:  at(StepPlatform),
			events: []Event{PlatformChosen{Key: "gbol"}, HostedLinkPrefetched{CompanyID: "c-acme", URL: "https://link.codat.io/1"}, SignInAnswered{Yes: false}, Back{}, SignInAnswered{Yes: false}},
			effects: []Effect{
				PrefetchHostedLink{CompanyID: "c-acme"},
				PrefetchHostedLink{CompanyID: "c-acme"}, // back on the question
			},
			check: func(t *testing.T, s State) {
				if s.HostedLink != "" || s.Busy == nil {
					t.Fatalf("showed %q again; busy=%+v", s.HostedLink, s.Busy)
				}
			},
		},
		{
			name:   "a link fetched for a question left is dropped",
			start:  at(StepPlatform),
			events: []Event{PlatformChosen{Key: "gbol"}, Back{}, HostedLinkPrefetched{CompanyID: "c-acme", URL: "https://link.codat.io/1"}},
			effects: []Effect{
				PrefetchHostedLink{CompanyID: "c-acme"},
			},
			check: func(t *testing.T, s State) {
				if s.AheadLink != "" || s.AheadFor != "" {
					t.Fatalf("kept %q for %q", s.AheadLink, s.AheadFor)
				}
			},
		},
		{
			name:    "a failed fetch ahead is shown to the person waiting on it, with the step's own fetch to retry",
			start:   at(StepPlatform),
			events:  []Event{PlatformChosen{Key: "gbol"}, SignInAnswered{Yes: false}, Failed{Doing: "doing.hostedlink", Err: errUnavailable, Retry: PrefetchHostedLink{CompanyID: "c-acme"}}, RetryRequested{}},
			effects: []Effect{PrefetchHostedLink{CompanyID: "c-acme"}, FetchHostedLink{CompanyID: "c-acme"}},
		},
		{
			name:    "yes drops the link fetched ahead",
			start:   at(StepPlatform),
			events:  []Event{PlatformChosen{Key: "gbol"}, HostedLinkPrefetched{CompanyID: "c-acme", URL: "https://link.codat.io/1"}, SignInAnswered{Yes: true}, CantSignIn{}},
			effects: []Effect{PrefetchHostedLink{CompanyID: "c-acme"}, PrepareConnection{CompanyID: "c-acme", Platform: xero}, FetchHostedLink{CompanyID: "c-acme"}},
		},
	}
	runCases(t, tests)
}

// TestHeldKeys: a key pressed while what it needs is loading is applied
// when that arrives, not dropped.
func TestHeldKeys(t *testing.T) {
	loading := func() State { s, _ := Next(at(StepCategory), CategoryChosen{Banking}); return s }()
	tests := []journeyCase{
		{
			name:    "enter while the platforms load picks the first once they arrive",
			start:   loading,
			events:  []Event{PlatformChosen{Index: 0}, PlatformsLoaded{Category: Banking, Platforms: []Platform{plaid}}},
			effects: []Effect{PrefetchHostedLink{CompanyID: "c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepSignIn || s.Platform.Key != "suuo" || s.Held != nil {
					t.Fatalf("step=%v platform=%+v held=%#v", s.Step, s.Platform, s.Held)
				}
			},
		},
		{
			name:   "the pick keeps the filter typed while loading",
			start:  func() State { s := loading; s.CatalogueLoading = true; return s }(),
			events: []Event{PlatformChosen{Filter: "sand", Index: 0}, PlatformsPrefetched{Platforms: allKinds}},
			check: func(t *testing.T, s State) {
				// Banking has no sandbox platform among these: nothing is picked.
				if s.Step != StepPlatform || s.Held != nil {
					t.Fatalf("step=%v held=%#v", s.Step, s.Held)
				}
			},
		},
		{
			name: "a filtered pick while loading chooses from the filtered list",
			start: func() State {
				s, _ := Next(at(StepCategory), CategoryChosen{Accounting})
				s.Platforms = nil
				return s
			}(),
			events:  []Event{PlatformChosen{Filter: "codat", Index: 0}, PlatformsLoaded{Category: Accounting, Platforms: []Platform{xero, sandboxP}}},
			effects: []Effect{PrefetchHostedLink{CompanyID: "c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Platform.Key != sandboxP.Key {
					t.Fatalf("picked %+v", s.Platform)
				}
			},
		},
		{
			name:    "esc while loading forgets the held pick",
			start:   loading,
			events:  []Event{PlatformChosen{Index: 0}, Back{}, CategoryChosen{Banking}, PlatformsLoaded{Category: Banking, Platforms: []Platform{plaid}}},
			effects: []Effect{LoadPlatforms{Banking}},
			check: func(t *testing.T, s State) {
				if s.Step != StepPlatform {
					t.Fatalf("step=%v", s.Step)
				}
			},
		},
		{
			name:    "copy while the Hosted Link is fetched copies it once it arrives",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: false}, CopyRequested{What: CopiedLink}, HostedLinkReady{URL: "https://link.codat.io/company/c-acme"}},
			effects: []Effect{FetchHostedLink{CompanyID: "c-acme"}, Copy{Text: "https://link.codat.io/company/c-acme", What: CopiedLink}, StartWatch{CompanyID: "c-acme", PlatformKey: "gbol", Category: Accounting}},
		},
		{
			name:    "copy while the connection is prepared copies its link once it is ready",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, CopyRequested{What: CopiedLink}, ConnectionReady{pendingC}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero}, StartWatch{CompanyID: "c-acme", ConnectionID: "conn-1", PlatformKey: "gbol"}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: PathAuthorize, Status: StatusPendingAuth}, Copy{Text: pendingC.LinkURL, What: CopiedLink}},
		},
		{
			name:    "a failure drops the held key",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: false}, CopyRequested{What: CopiedLink}, Failed{Doing: "doing.hostedlink", Err: errUnavailable, Retry: FetchHostedLink{"c-acme"}}, RetryRequested{}, HostedLinkReady{URL: "https://link.codat.io/company/c-acme"}},
			effects: []Effect{FetchHostedLink{CompanyID: "c-acme"}, FetchHostedLink{CompanyID: "c-acme"}},
		},
	}
	runCases(t, tests)
}

// TestLocalMatches: while the next search is under way, the matches shown
// are the last answer's companies that still hold what is typed.
func TestLocalMatches(t *testing.T) {
	acmeLabs := Company{ID: "c-labs", Name: "Acme Labs"}
	beta := Company{ID: "c-beta", Name: "Beta Acme"}
	found := CompaniesFound{Seq: 1, Query: "Ac", Companies: []Company{acme, acmeLabs, beta}, At: t0}
	tests := []journeyCase{
		{
			name:    "typing on narrows the matches at once",
			start:   New(false),
			events:  []Event{QueryChanged{"Ac"}, found, QueryChanged{"Acme L"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}},
			check: func(t *testing.T, s State) {
				if len(s.Matches) != 2 || s.Matches[0].ID != "c-acme" || s.Matches[1].ID != "c-labs" || !s.Searching {
					t.Fatalf("matches=%+v searching=%v", s.Matches, s.Searching)
				}
			},
		},
		{
			name:    "the name rule applies: case, accents and spacing do not hide a match",
			start:   New(false),
			events:  []Event{QueryChanged{"Ac"}, found, QueryChanged{"  ÀCME   labs"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}},
			check: func(t *testing.T, s State) {
				if len(s.Matches) != 1 || s.Matches[0].ID != "c-labs" {
					t.Fatalf("matches=%+v", s.Matches)
				}
			},
		},
		{
			name:    "text that no longer matches shows no stale company",
			start:   New(false),
			events:  []Event{QueryChanged{"Ac"}, found, QueryChanged{"Acx"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}},
			check: func(t *testing.T, s State) {
				if len(s.Matches) != 0 {
					t.Fatalf("stale matches %+v", s.Matches)
				}
			},
		},
		{
			name:   "a match shown may be chosen while the next search runs",
			start:  New(false),
			events: []Event{QueryChanged{"Ac"}, found, QueryChanged{"Acme L"}, CompanyChosen{"c-labs"}, CompaniesFound{Seq: 2, Query: "Acme L"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepConsent || s.Company.ID != "c-labs" || !s.Reused {
					t.Fatalf("step=%v company=%+v", s.Step, s.Company)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}, PrefetchPlatforms{}},
		},
	}
	runCases(t, tests)
}

// TestCompanyOneRoundTrip: creating a company costs one call after the
// search already on screen.
func TestCompanyOneRoundTrip(t *testing.T) {
	tests := []journeyCase{
		{
			name:    "no match for the name searched: a first create trusts that search",
			start:   New(false),
			events:  []Event{QueryChanged{"New Co"}, SearchDue{1}, CompaniesFound{Seq: 1, Query: "New Co", At: t0}, CreateRequested{Name: "New Co", UID: "u1"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "New Co"}, CreateCompany{Name: "New Co", UID: "u1", Fresh: true, SearchedAt: t0}},
		},
		{
			name:    "enter while the debounce holds the search sends it at once, and the timer's turn sends nothing",
			start:   New(false),
			events:  []Event{QueryChanged{"New Co"}, CreateRequested{Name: "New Co", UID: "u1"}, SearchDue{1}, CompaniesFound{Seq: 1, Query: "New Co", At: t0}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "New Co"}, CreateCompany{Name: "New Co", UID: "u1", Fresh: true, SearchedAt: t0}},
		},
		{
			name:    "enter while the search is under way sends no second one",
			start:   New(false),
			events:  []Event{QueryChanged{"New Co"}, SearchDue{1}, CreateRequested{Name: "New Co", UID: "u1"}, CompaniesFound{Seq: 1, Query: "New Co", At: t0}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "New Co"}, CreateCompany{Name: "New Co", UID: "u1", Fresh: true, SearchedAt: t0}},
		},
		{
			name:  "a search for an older text is not trusted for this name",
			start: New(false),
			events: []Event{
				QueryChanged{"New"}, CompaniesFound{Seq: 1, Query: "New", At: t0},
				QueryChanged{"New Co"}, CompaniesFound{Seq: 1, Query: "New", At: t0}, // late, ignored
			},
			check: func(t *testing.T, s State) {
				// Enter now sends the search for "New Co" and waits for it.
				s, effs := Next(s, CreateRequested{Name: "New Co", UID: "u1"})
				if len(effs) != 1 || effs[0] != (SearchCompanies{Seq: 2, Query: "New Co"}) {
					t.Fatalf("enter: effects %#v", effs)
				}
				_, effs = Next(s, CompaniesFound{Seq: 2, Query: "New Co", At: t0.Add(time.Second)})
				want := CreateCompany{Name: "New Co", UID: "u1", Fresh: true, SearchedAt: t0.Add(time.Second)}
				if len(effs) != 1 || effs[0] != want {
					t.Fatalf("answer: effects %#v", effs)
				}
			},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchAfter{2, SearchDelay}},
		},
		{
			name:  "a confirmed create beside matches is fresh, with no search to trust",
			start: New(false),
			events: []Event{
				QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}, At: t0},
				CreateRequested{Name: "Acme", UID: "u1"}, CreateConfirmed{UID: "u2"},
			},
			effects: []Effect{SearchAfter{1, SearchDelay}, CreateCompany{Name: "Acme", UID: "u2", New: true, Fresh: true}},
		},
	}
	runCases(t, tests)
}
