package flow

import "testing"

// TestAuthorizeStep: the authorize step.
func TestAuthorizeStep(t *testing.T) {
	tests := []journeyCase{
		{
			name:    "can't sign in after all keeps the platform",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, ConnectionReady{pendingC}, CantSignIn{}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero}, StartWatch{CompanyID: "c-acme", ConnectionID: "conn-1", PlatformKey: "gbol"}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusPendingAuth}, StopWatch{}, FetchHostedLink{"c-acme"}},
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
			effects: []Effect{Copy{Text: pendingC.LinkURL, What: CopiedLink}, OpenURL{URL: pendingC.LinkURL}},
		},
		{
			name:    "a connection that arrives after leaving is kept and reused",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, CantSignIn{}, ConnectionReady{pendingC}, Back{}, SignInAnswered{Yes: true}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero}, FetchHostedLink{"c-acme"}, PrefetchHostedLink{"c-acme"}, PrepareConnection{CompanyID: "c-acme", Platform: xero, ReuseID: "conn-1"}},
			check: func(t *testing.T, s State) {
				if len(s.Company.Connections) != 1 || s.Company.Connections[0].ID != "conn-1" {
					t.Fatalf("connections=%+v", s.Company.Connections)
				}
			},
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
	}
	runCases(t, tests)
}
