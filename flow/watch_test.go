package flow

import (
	"testing"
	"time"
)

// TestWatch: the wait for a link, on either path.
func TestWatch(t *testing.T) {
	tests := []journeyCase{
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
			name: "a link completed on screen counts for the company: connect another refuses a second accounting link",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events:  []Event{ConnectionUpdated{Status: StatusLinked, Via: "webhook"}, Finish{}, ConnectAnother{}, CategoryChosen{Accounting}},
			effects: []Effect{Bell{}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusLinked}, StopWatch{}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCategory || s.Notice == nil || !s.Notice.Bad || s.Notice.Key != "category.onlyone" {
					t.Fatalf("step=%v notice=%+v", s.Step, s.Notice)
				}
				if c, ok := s.Company.LinkedIn(Accounting); !ok || c.ID != "conn-1" {
					t.Fatalf("connections=%+v", s.Company.Connections)
				}
			},
		},
		{
			name: "a refused delivery is kept and shown while polling goes on",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events: []Event{
				ConnectionUpdated{Status: StatusPendingAuth, Via: "poll", Refused: WebhookRefusal{Count: 1, EndpointID: "ep-1", EndpointURL: "https://relay.example/hook"}},
				ConnectionUpdated{Status: StatusPendingAuth, Via: "poll"},
			},
			check: func(t *testing.T, s State) {
				if r := s.Watch.Refused; r.Count != 1 || r.EndpointID != "ep-1" || !s.Watch.Active {
					t.Fatalf("watch=%+v, want the refusal kept and the wait going on", s.Watch)
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

func TestWatchTimesAreKept(t *testing.T) {
	s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
	checked := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s, _ = Next(s, ConnectionUpdated{Status: StatusPendingAuth, Via: "poll", CheckedAt: checked, NextCheck: checked.Add(10 * time.Second)})
	if s.Watch.Via != "poll" || !s.Watch.CheckedAt.Equal(checked) || !s.Watch.Active {
		t.Fatalf("watch=%+v", s.Watch)
	}
}
