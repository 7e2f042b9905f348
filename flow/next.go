package flow

import (
	"slices"
	"time"
)

// SearchDelay is how long typing must pause before the company search is
// sent, so a search costs one call per pause rather than one per key.
const SearchDelay = 300 * time.Millisecond

// Next is the journey's single writer: it applies one event to the state and
// returns the new state and the effects to carry out.
func Next(s State, ev Event) (State, []Effect) {
	after, effects := advance(s, ev)
	// A notice speaks of the screen it was given on: one from before a
	// change of step would follow the person to a screen it is not about.
	if after.Step != s.Step && after.Notice != nil && after.Notice == s.Notice {
		after.Notice = nil
	}
	return after, effects
}

func advance(s State, ev Event) (State, []Effect) {
	// Events that mean the same on every step.
	switch e := ev.(type) {
	case Quit:
		s.Quit = true
		return s, stopWatch(&s)
	case Failed:
		return failed(s, e)
	case RetryRequested:
		return retry(s)
	case Reported:
		n := Notice(e)
		s.Notice = &n
		return s, nil
	case Back:
		return back(s)
	case ConnectionUpdated:
		return connectionUpdated(s, e)
	case ConnectionReady:
		return connectionReady(s, e)
	case PendingLoaded:
		return pendingLoaded(s, e)
	case ReaderLoaded:
		s.Reader = e.Reader
		return s, nil
	case PlatformsPrefetched:
		return platformsPrefetched(s, e)
	case HostedLinkPrefetched:
		return hostedLinkPrefetched(s, e)
	}
	// The rest belong to the step the person is on.
	switch s.Step {
	case StepResume:
		return resume(s, ev)
	case StepCompany:
		return company(s, ev)
	case StepConsent:
		return consent(s, ev)
	case StepCategory:
		return category(s, ev)
	case StepPlatform:
		return platform(s, ev)
	case StepSignIn:
		return signIn(s, ev)
	case StepAuthorize:
		return authorize(s, ev)
	case StepDelegate:
		return delegate(s, ev)
	case StepDone:
		return done(s, ev)
	}
	return s, nil
}

// answersAt reports whether the answer to eff still belongs on step: an
// answer to a step the person has left is dropped.
func answersAt(eff Effect, step Step) bool {
	switch eff.(type) {
	case SearchCompanies, CreateCompany:
		return step == StepCompany
	case LoadPlatforms:
		return step == StepPlatform
	case PrepareConnection:
		return step == StepAuthorize
	case FetchHostedLink:
		return step == StepDelegate
	case Unlink:
		return step == StepConsent || step == StepCategory
	case RefreshPending, CopyFreshLink:
		return step == StepResume
	}
	return true
}

func (s *State) upsertConnection(c Connection) {
	for i := range s.Company.Connections {
		if s.Company.Connections[i].ID == c.ID {
			s.Company.Connections = slices.Clone(s.Company.Connections)
			s.Company.Connections[i] = c
			return
		}
	}
	s.Company.Connections = append(slices.Clone(s.Company.Connections), c)
}

func (s State) remember(path Path, recipient, status string) Remember {
	r := Remember{
		CompanyID: s.Company.ID, CompanyName: s.Company.Name,
		Category: s.Category, PlatformKey: s.Platform.Key, PlatformName: s.Platform.Name,
		ConnectionID: s.Connection.ID, Path: path, Recipient: recipient, Status: status,
	}
	if recipient != "" {
		r.FromName, r.FromEmail = s.Invite.FromName, s.Invite.FromEmail
		if s.InviteSent != "" {
			r.HandedOn = s.InviteSent.HandedOn()
		}
	}
	return r
}

// busyFor says what an effect in progress is doing.
func busyFor(eff Effect) *Busy {
	switch e := eff.(type) {
	case SearchCompanies:
		return &Busy{Key: "busy.search"}
	case CreateCompany:
		return &Busy{Key: "busy.create"}
	case LoadPlatforms:
		return &Busy{Key: "busy.platforms", Data: e.Category}
	case PrepareConnection:
		return &Busy{Key: "busy.connection"}
	case FetchHostedLink:
		return &Busy{Key: "busy.hostedlink"}
	case Unlink:
		return &Busy{Key: "busy.unlink"}
	}
	return &Busy{Key: "busy.working"}
}
