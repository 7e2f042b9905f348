package flow

import (
	"errors"
	"testing"
)

// What the runner may report as an effect's failure.
var (
	errTimeout     = errors.New("timeout")
	errUnavailable = errors.New("codat answered 503")
)

// TestProblems: failures, retries and answers that arrive late.
func TestProblems(t *testing.T) {
	tests := []journeyCase{
		{
			name:    "a failure offers retry of the same effect",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{}, Failed{Doing: "doing.hostedlink", Err: errUnavailable, Retry: FetchHostedLink{"c-acme"}}, RetryRequested{}},
			effects: []Effect{FetchHostedLink{"c-acme"}, FetchHostedLink{"c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Problem != nil || s.Busy == nil || s.Busy.Key != "busy.hostedlink" {
					t.Fatalf("problem=%+v busy=%+v", s.Problem, s.Busy)
				}
			},
		},
		{
			name:    "a retried create keeps its uid, so it finds what the lost attempt made",
			start:   New(false),
			events:  []Event{CreateRequested{Name: "New Co", UID: "u1"}, Failed{Doing: "doing.create", Err: errTimeout, Retry: CreateCompany{Name: "New Co", UID: "u1"}}, RetryRequested{}},
			effects: []Effect{CreateCompany{Name: "New Co", UID: "u1", Fresh: true}, CreateCompany{Name: "New Co", UID: "u1"}},
		},
		{
			name:  "a retried first create looks for its uid and searches again",
			start: New(false),
			events: []Event{
				QueryChanged{"New Co"}, CompaniesFound{Seq: 1, Query: "New Co", At: t0},
				CreateRequested{Name: "New Co", UID: "u1"},
				Failed{Doing: "doing.create", Err: errTimeout, Retry: CreateCompany{Name: "New Co", UID: "u1", Fresh: true, SearchedAt: t0}},
				RetryRequested{},
			},
			effects: []Effect{
				SearchAfter{1, SearchDelay},
				CreateCompany{Name: "New Co", UID: "u1", Fresh: true, SearchedAt: t0},
				CreateCompany{Name: "New Co", UID: "u1"},
			},
		},
		{
			name:    "a retried connection request rechecks before creating",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, Failed{Doing: "doing.connection", Err: errTimeout, Retry: PrepareConnection{CompanyID: "c-acme", Platform: xero}}, RetryRequested{}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero}, PrepareConnection{CompanyID: "c-acme", Platform: xero, Recheck: true}},
		},
		{
			name:    "leaving before the answer, then asking again, rechecks",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, Back{}, SignInAnswered{Yes: true}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero}, PrefetchHostedLink{"c-acme"}, PrepareConnection{CompanyID: "c-acme", Platform: xero, Recheck: true}},
		},
		{
			name: "a failure that arrives after leaving its step is not shown on the next one",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, Back{})
				return s
			}(),
			events: []Event{Failed{Doing: "doing.connection", Err: errTimeout, Retry: PrepareConnection{CompanyID: "c-acme", Platform: xero}}, RetryRequested{}},
			check: func(t *testing.T, s State) {
				if s.Step != StepSignIn || s.Problem != nil || s.Busy != nil {
					t.Fatalf("step=%v problem=%+v busy=%+v", s.Step, s.Problem, s.Busy)
				}
			},
		},
		{
			name:    "a failed check of a pending item can be asked again",
			start:   State{Step: StepResume, Pending: []PendingItem{{ID: "p1", CompanyID: "c-acme"}}},
			events:  []Event{CheckPending{}, Failed{Doing: "doing.check", Err: errTimeout, Retry: RefreshPending{Item: PendingItem{ID: "p1", CompanyID: "c-acme"}}}, Back{}, CheckPending{}},
			effects: []Effect{RefreshPending{Item: PendingItem{ID: "p1", CompanyID: "c-acme"}}, RefreshPending{Item: PendingItem{ID: "p1", CompanyID: "c-acme"}}},
		},
	}
	runCases(t, tests)
}
