package flow

// The authorize step: the connection's own link, and the wait for it.

// connectionReady keeps the connection, whatever the step: it exists now,
// so a later request for the platform reuses it rather than making another.
// It is shown only if the authorize step still waits for it.
func connectionReady(s State, e ConnectionReady) (State, []Effect) {
	s.upsertConnection(e.Connection)
	if s.Unconfirmed == e.Connection.PlatformKey {
		s.Unconfirmed = ""
	}
	stale := e.Connection.PlatformKey != "" && e.Connection.PlatformKey != s.Platform.Key
	if s.Step != StepAuthorize || s.Connection.ID != "" || stale {
		return s, nil
	}
	return authorize(s, e)
}

func authorize(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case ConnectionReady:
		s.Busy = nil
		s.Connection = e.Connection
		s.upsertConnection(e.Connection)
		s.Watch = Watch{Active: true, Status: e.Connection.Status}
		return replayHeld(s, []Effect{
			StartWatch{CompanyID: s.Company.ID, ConnectionID: e.Connection.ID, PlatformKey: s.Platform.Key},
			s.remember(PathAuthorize, "", e.Connection.Status),
		})
	case CantSignIn:
		if s.Watch.Status == StatusLinked {
			return s, nil // it is linked: there is nothing to hand on
		}
		effs := stopWatch(&s)
		s, more := toDelegate(s)
		return s, append(effs, more...)
	case CopyRequested:
		if s.Connection.LinkURL == "" {
			return s.holdWhileBusy(e)
		}
		return s, []Effect{Copy{Text: s.Connection.LinkURL, What: CopiedLink}}
	case OpenRequested:
		if s.Connection.LinkURL == "" {
			return s.holdWhileBusy(e)
		}
		return s, []Effect{OpenURL{URL: s.Connection.LinkURL}}
	case Finish:
		return finish(s)
	}
	return s, nil
}
