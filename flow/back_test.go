package flow

import (
	"reflect"
	"testing"
)

// TestBack walks back from every step and checks that choices are kept.
func TestBack(t *testing.T) {
	tests := []struct {
		from    Step
		to      Step
		effects []Effect
	}{
		{StepCompany, StepCompany, nil},
		{StepConsent, StepCompany, nil},
		{StepCategory, StepConsent, nil},
		{StepPlatform, StepCategory, nil},
		{StepSignIn, StepPlatform, nil},
		{StepDelegate, StepSignIn, []Effect{PrefetchHostedLink{CompanyID: "c-acme"}}},
		{StepDone, StepDone, nil},
	}
	for _, tt := range tests {
		t.Run(tt.from.String(), func(t *testing.T) {
			s := at(tt.from)
			got, effs := Next(s, Back{})
			if got.Step != tt.to {
				t.Fatalf("back from %v went to %v, want %v", tt.from, got.Step, tt.to)
			}
			if !reflect.DeepEqual(effs, tt.effects) {
				t.Fatalf("effects %#v", effs)
			}
			if got.Company.ID != s.Company.ID || got.Query != s.Query || got.Platform != s.Platform || got.Category != s.Category {
				t.Fatalf("back lost a choice: %+v", got)
			}
		})
	}
	t.Run("authorize stops the wait", func(t *testing.T) {
		s, _ := run(at(StepSignIn), SignInAnswered{Yes: true}, ConnectionReady{pendingC})
		got, effs := Next(s, Back{})
		if got.Step != StepSignIn || !reflect.DeepEqual(effs, []Effect{StopWatch{}, PrefetchHostedLink{CompanyID: "c-acme"}}) || got.Watch.Active {
			t.Fatalf("step=%v effects=%#v", got.Step, effs)
		}
	})
	t.Run("confirm create is cancelled", func(t *testing.T) {
		s := New(false)
		s.Matches, s.ConfirmCreate = []Company{acme}, true
		got, _ := Next(s, Back{})
		if got.ConfirmCreate {
			t.Fatal("still confirming")
		}
	})
}
