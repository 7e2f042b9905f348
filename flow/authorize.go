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
	if s.Step == StepAuthorize && s.Connection.LinkHandedOut && s.Connection.ID == e.Connection.ID {
		return freshLinkReady(s, e.Connection)
	}
	if s.Step != StepAuthorize || s.Connection.ID != "" || stale {
		return s, nil
	}
	return authorize(s, e)
}

// freshLinkReady shows the link read afresh after the last one was handed
// out, and carries out the open or copy that was waiting for it. The wait
// goes on as it was: the connection is the same.
func freshLinkReady(s State, c Connection) (State, []Effect) {
	s.Busy = nil
	if c.Status == StatusLinked || c.LinkURL == "" {
		s.Held = nil // linked meanwhile: the wait says so; there is nothing to open
		return s, nil
	}
	s.Connection.LinkURL, s.Connection.LinkHandedOut = c.LinkURL, false
	return replayHeld(s, nil)
}

// useLink opens or copies the connection's link. A link already handed
// out may have been used up, so a fresh one is read first and the request
// waits for it.
func useLink(s State, ev Event, use Effect) (State, []Effect) {
	switch {
	case s.Connection.LinkURL == "":
		return s.holdWhileBusy(ev)
	case s.Connection.LinkHandedOut && s.Busy != nil:
		return s.hold(ev)
	case s.Connection.LinkHandedOut:
		eff := PrepareConnection{CompanyID: s.Company.ID, Platform: s.Platform, ReuseID: s.Connection.ID}
		s.Busy = &Busy{Key: "busy.freshlink"}
		s, _ = s.hold(ev)
		return s, []Effect{eff}
	}
	s.Connection.LinkHandedOut = true
	return s, []Effect{use}
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
		return useLink(s, e, Copy{Text: s.Connection.LinkURL, What: CopiedLink})
	case OpenRequested:
		return useLink(s, e, OpenURL{URL: s.Connection.LinkURL})
	case Finish:
		return finish(s)
	}
	return s, nil
}
