package flow

import "testing"

// TestCategoryStep: the category step.
func TestCategoryStep(t *testing.T) {
	tests := []journeyCase{
		{
			name:   "consent then category loads its platforms",
			start:  at(StepConsent),
			events: []Event{ConsentAccepted{}, CategoryChosen{Accounting}},
			check: func(t *testing.T, s State) {
				if s.Step != StepPlatform || s.Category != Accounting {
					t.Fatalf("step=%v", s.Step)
				}
			},
			effects: []Effect{LoadPlatforms{Accounting}},
		},
		{
			name: "a second accounting connection is refused with a way out",
			start: func() State {
				s := at(StepCategory)
				s.Company = xeroLinks
				return s
			}(),
			events: []Event{CategoryChosen{Accounting}},
			check: func(t *testing.T, s State) {
				if s.Step != StepCategory || s.Notice == nil || !s.Notice.Bad || s.Notice.Key != "category.onlyone" || s.Notice.Data != "Xero" {
					t.Fatalf("step=%v notice=%+v", s.Step, s.Notice)
				}
			},
		},
	}
	runCases(t, tests)
}
