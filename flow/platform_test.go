package flow

import "testing"

// TestPlatformStep: the platform step.
func TestPlatformStep(t *testing.T) {
	tests := []journeyCase{
		{
			name:   "platforms of another category are ignored",
			start:  func() State { s := at(StepPlatform); s.Platforms = nil; return s }(),
			events: []Event{PlatformsLoaded{Category: Banking, Platforms: []Platform{{Key: "suuo"}}}},
			check: func(t *testing.T, s State) {
				if s.Platforms != nil {
					t.Fatal("applied another category's platforms")
				}
			},
		},
		{
			name:    "platform chosen asks about signing in",
			start:   at(StepPlatform),
			events:  []Event{PlatformChosen{Key: "mqjo"}},
			effects: []Effect{PrefetchHostedLink{CompanyID: "c-acme"}},
			check: func(t *testing.T, s State) {
				if s.Step != StepSignIn || s.Platform.Key != "mqjo" {
					t.Fatalf("step=%v platform=%v", s.Step, s.Platform)
				}
			},
		},
	}
	runCases(t, tests)
}
