package flow

import "testing"

// freshC and linkedC are pendingC read again: with a new one-time link,
// and linked meanwhile.
var (
	freshC  = Connection{ID: "conn-1", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusPendingAuth, LinkURL: pendingC.LinkURL + "?otp=2"}
	linkedC = Connection{ID: "conn-1", PlatformKey: "gbol", PlatformName: "Xero", Category: Accounting, Status: StatusLinked}
)

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
			name: "copy on the authorize screen uses the connection's link",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events:  []Event{CopyRequested{"link"}},
			effects: []Effect{Copy{Text: pendingC.LinkURL, What: CopiedLink}},
		},
		{
			// Codat's links may work once: the browser that opened one has
			// used it up, and opening it again would show an expired page.
			name: "a link handed out is read afresh before the next open or copy, and the wait goes on",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
				return s
			}(),
			events: []Event{OpenRequested{}, OpenRequested{}, CopyRequested{"link"}, ConnectionReady{freshC}, CopyRequested{"link"}},
			effects: []Effect{
				OpenURL{URL: pendingC.LinkURL},
				PrepareConnection{CompanyID: "c-acme", Platform: xero, ReuseID: "conn-1"},
				Copy{Text: freshC.LinkURL, What: CopiedLink}, // the last key pressed while it was read
				PrepareConnection{CompanyID: "c-acme", Platform: xero, ReuseID: "conn-1"},
			},
			check: func(t *testing.T, s State) {
				if s.Connection.LinkURL != freshC.LinkURL || !s.Watch.Active || s.Busy == nil || s.Held == nil {
					t.Fatalf("link=%q watch=%+v busy=%v held=%v; want the fresh link shown, the wait going on and the copy held for another", s.Connection.LinkURL, s.Watch, s.Busy, s.Held)
				}
			},
		},
		{
			name: "a link read afresh finds the connection linked: nothing is opened",
			start: func() State {
				s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC}, OpenRequested{})
				return s
			}(),
			events:  []Event{OpenRequested{}, ConnectionReady{linkedC}},
			effects: []Effect{PrepareConnection{CompanyID: "c-acme", Platform: xero, ReuseID: "conn-1"}},
			check: func(t *testing.T, s State) {
				if s.Busy != nil || s.Held != nil {
					t.Fatalf("busy=%v held=%v, want neither", s.Busy, s.Held)
				}
			},
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
