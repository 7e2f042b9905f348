package flow

import "testing"

// TestCompanyStep: the company step: searching, reusing and creating.
func TestCompanyStep(t *testing.T) {
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
				Failed{Doing: "doing.search", Err: errUnavailable, Retry: SearchCompanies{Seq: 1, Query: "Ac"}}},
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
			events: []Event{QueryChanged{"Acme"}, SearchDue{1}, Failed{Doing: "doing.search", Err: errUnavailable, Retry: SearchCompanies{Seq: 1, Query: "Acme"}}},
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
			effects: []Effect{SearchAfter{1, SearchDelay}, PrefetchPlatforms{}},
		},
		{
			name:    "creating with no matches finds or creates",
			start:   New(false),
			events:  []Event{QueryChanged{"New Co"}, CompaniesFound{Seq: 1, Query: "New Co"}, CreateRequested{Name: "New Co", UID: "u1"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, CreateCompany{Name: "New Co", UID: "u1", Fresh: true}},
			check: func(t *testing.T, s State) {
				if s.Busy == nil || s.Busy.Key != "busy.create" {
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
			effects: []Effect{SearchAfter{1, SearchDelay}, CreateCompany{Name: "Acme", UID: "u2", New: true, Fresh: true}},
		},
		{
			name:   "a name Codat would empty is refused",
			start:  New(false),
			events: []Event{CreateRequested{Name: "(((%%%)))"}},
			check: func(t *testing.T, s State) {
				if s.Notice == nil || !s.Notice.Bad || s.Notice.Key != "company.namerule" {
					t.Fatalf("notice=%+v", s.Notice)
				}
			},
		},
		{
			name:   "company ready goes to consent",
			start:  New(false),
			events: []Event{CreateRequested{Name: "Acme Ltd", UID: "u1"}, CompanyReady{Company: acme}},
			check: func(t *testing.T, s State) {
				if s.Step != StepConsent || s.Busy != nil || s.Reused {
					t.Fatalf("step=%v busy=%+v", s.Step, s.Busy)
				}
			},
			effects: []Effect{CreateCompany{Name: "Acme Ltd", UID: "u1", Fresh: true}, PrefetchPlatforms{}},
		},
		{
			name:    "create asked for while the search runs waits for the matches, then asks to confirm",
			start:   New(false),
			events:  []Event{QueryChanged{"Acme"}, CreateRequested{Name: "Acme", UID: "u1"}, SearchDue{1}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "Acme"}},
			check: func(t *testing.T, s State) {
				if !s.ConfirmCreate || s.Busy != nil || s.Step != StepCompany {
					t.Fatalf("confirm=%v busy=%+v step=%v", s.ConfirmCreate, s.Busy, s.Step)
				}
			},
		},
		{
			name:    "create asked for while the search runs goes ahead when nothing matches",
			start:   New(false),
			events:  []Event{QueryChanged{"New Co"}, CreateRequested{Name: "New Co", UID: "u1"}, CreateRequested{Name: "New Co", UID: "u2"}, CompaniesFound{Seq: 1, Query: "New Co"}},
			effects: []Effect{SearchAfter{1, SearchDelay}, SearchCompanies{Seq: 1, Query: "New Co"}, CreateCompany{Name: "New Co", UID: "u1", Fresh: true}},
		},
		{
			name: "creating the same name again after going back reuses its uid, so no second company is made",
			start: func() State {
				s, _ := run(New(false), QueryChanged{"Acme"}, CompaniesFound{Seq: 1, Query: "Acme", Companies: []Company{acme}},
					CreateRequested{Name: "Acme", UID: "u1"}, CreateConfirmed{UID: "u2"}, Failed{Doing: "doing.create", Err: errTimeout, Retry: CreateCompany{Name: "Acme", UID: "u2", New: true}}, Back{})
				return s
			}(),
			events:  []Event{CreateRequested{Name: "Acme", UID: "u3"}, CreateConfirmed{UID: "u4"}},
			effects: []Effect{CreateCompany{Name: "Acme", UID: "u2", New: true}},
		},
	}
	runCases(t, tests)
}
