package flow

import "testing"

// TestDoneStep: the recap, and connecting another platform.
func TestDoneStep(t *testing.T) {
	tests := []journeyCase{
		{
			name: "finishing a delegation records who it waits on",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"}, InviteSubmitted{Invite{To: "jane@firm.example"}}, Sent{Way: WayText})
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
			name: "connect another keeps who signs the invite, not its recipient or edited words",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{}, HostedLinkReady{"https://link.codat.io/company/c-acme"},
					InviteSubmitted{Invite{To: "jane@firm.example", ToName: "Jane", FromName: "Sam", FromEmail: "sam@acme.example",
						FromCompany: "Acme Ltd", Subject: "Xero for Acme", Body: "Please connect Xero: https://link.codat.io/company/c-acme"}},
					Finish{})
				return s
			}(),
			events: []Event{ConnectAnother{}},
			check: func(t *testing.T, s State) {
				if s.Invite != (Invite{FromName: "Sam", FromEmail: "sam@acme.example", FromCompany: "Acme Ltd"}) {
					t.Fatalf("invite=%+v", s.Invite)
				}
			},
		},
		{
			name:    "finishing before the link was shown records nothing as waiting",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, Finish{}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero}},
			check: func(t *testing.T, s State) {
				if r := RecapFor(s)[0]; r.Outcome != OutcomeSkipped {
					t.Fatalf("recap=%+v", r)
				}
			},
		},
	}
	runCases(t, tests)
}
