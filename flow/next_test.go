package flow

import (
	"reflect"
	"testing"
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

// TestNext: events that mean the same on every step.
func TestNext(t *testing.T) {
	tests := []journeyCase{
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
	}
	runCases(t, tests)
}
