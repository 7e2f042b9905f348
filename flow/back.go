package flow

import "strings"

// back answers esc: it goes to the step before and keeps what the person
// chose there; what was under way or said is dropped.
func back(s State) (State, []Effect) {
	s.Problem = nil
	s.Notice = nil
	s.Busy = nil
	s.CreateWhenFound = ""
	s.Held = nil
	switch s.Step {
	case StepResume:
	case StepCompany:
		if !s.ConfirmCreate && len(s.Pending) > 0 && strings.TrimSpace(s.Query) == "" {
			s.Step = StepResume
		}
		s.ConfirmCreate = false
	case StepConsent:
		s.Step = StepCompany
	case StepCategory:
		s.Step = StepConsent
	case StepPlatform:
		s.Step = StepCategory
	case StepSignIn:
		s.dropAheadLink()
		s.Step = StepPlatform
		if len(s.Platforms) == 0 && s.Category != "" {
			// Picked up from the pending list: the platforms were never loaded.
			eff := LoadPlatforms{Category: s.Category}
			s.Busy = busyFor(eff)
			return s, []Effect{eff}
		}
	case StepAuthorize, StepDelegate:
		effs := stopWatch(&s)
		s.Step = StepSignIn
		return s, append(effs, s.prefetchLink()...)
	case StepDone:
	}
	return s, nil
}
