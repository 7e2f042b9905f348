package flow

import "testing"

// TestSignInStep: the sign-in step: either path.
func TestSignInStep(t *testing.T) {
	tests := []journeyCase{
		{
			name:    "yes: authorize creates a connection and waits for it",
			start:   at(StepSignIn),
			events:  []Event{SignInAnswered{Yes: true}, ConnectionReady{pendingC}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero}, StartWatch{CompanyID: "c-acme", ConnectionID: "conn-1", PlatformKey: "gbol"}, Remember{CompanyID: "c-acme", CompanyName: "Acme Ltd", Category: Accounting, PlatformKey: "gbol", PlatformName: "Xero", ConnectionID: "conn-1", Path: "authorize", Status: StatusPendingAuth}},
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
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero, ReuseID: "conn-1"}},
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
	}
	runCases(t, tests)
}
