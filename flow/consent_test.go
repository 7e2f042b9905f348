package flow

import "testing"

// TestConsentStep: the consent step.
func TestConsentStep(t *testing.T) {
	tests := []journeyCase{
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
				if s.Company.Connections[0].Status != StatusUnlinked || s.Notice == nil || s.Notice.Key != "consent.unlinked" || s.Notice.Data != "Xero" {
					t.Fatalf("conn=%+v notice=%+v", s.Company.Connections, s.Notice)
				}
				if xeroLinks.Connections[0].Status != StatusLinked {
					t.Fatal("state shared memory with its input")
				}
			},
		},
	}
	runCases(t, tests)
}
