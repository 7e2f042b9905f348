package flow

import (
	"slices"
	"time"
)

// What went wrong, and trying it again.

// failed shows what went wrong, if the person is still on the step it was
// for.
func failed(s State, e Failed) (State, []Effect) {
	if r, ok := e.Retry.(RefreshPending); ok {
		s.Pending = slices.Clone(s.Pending)
		for i := range s.Pending {
			if s.Pending[i].ID == r.Item.ID {
				s.Pending[i].Checking = false
			}
		}
	}
	switch e.Retry.(type) {
	case PrefetchPlatforms, PrefetchHostedLink:
		return prefetchFailed(s, e)
	}
	if !answersAt(e.Retry, s.Step) {
		return s, nil // the person has left the step it was for
	}
	if r, ok := e.Retry.(SearchCompanies); ok && r.Seq != s.SearchSeq {
		return s, nil // a search for what was typed before: the newer one answers
	}
	s.Busy, s.Held = nil, nil
	s.Problem = &Problem{Doing: e.Doing, Err: e.Err, Retry: e.Retry}
	return s, nil
}

// retry repeats the effect that failed.
func retry(s State) (State, []Effect) {
	if s.Problem == nil || s.Problem.Retry == nil {
		return s, nil
	}
	eff := s.Problem.Retry
	switch p := eff.(type) {
	case PrepareConnection:
		p.Recheck = true // the failed attempt may have made one
		eff = p
	case CreateCompany:
		// The failed attempt may have made it: look for its uid, and
		// search again.
		p.Fresh, p.SearchedAt = false, time.Time{}
		eff = p
	}
	s.Problem = nil
	s.Busy = busyFor(eff)
	return s, []Effect{eff}
}
