package flow

// The sign-in step: "can you sign in to {platform} yourself?" Yes prepares a
// connection to authorize; no hands the Hosted Link on.

func signIn(s State, ev Event) (State, []Effect) {
	e, ok := ev.(SignInAnswered)
	if !ok {
		return s, nil
	}
	s.Notice = nil
	if !e.Yes {
		return toDelegate(s)
	}
	s.dropAheadLink() // the link fetched ahead is for handing on
	eff := PrepareConnection{CompanyID: s.Company.ID, Platform: s.Platform}
	if c, ok := ChooseConnection(s.Company.Connections, Target{Platform: s.Platform, Category: s.Category}); ok {
		if c.Status == StatusLinked {
			s.Notice = &Notice{Key: "signin.already", Data: c.PlatformName, Bad: true}
			return s, nil
		}
		// A pending, unlinked or deauthorized connection is re-authorized
		// in place: Codat keeps its id and data.
		eff.ReuseID = c.ID
	}
	return s.prepare(eff)
}

// prepare asks for a connection to authorize, rechecking first when an
// earlier request for the same platform went unanswered.
func (s State) prepare(eff PrepareConnection) (State, []Effect) {
	if eff.ReuseID == "" {
		eff.Recheck = s.Unconfirmed == eff.Platform.Key
		s.Unconfirmed = eff.Platform.Key
	}
	s.Step = StepAuthorize
	s.Connection = Connection{}
	s.Watch = Watch{}
	s.Busy = busyFor(eff)
	return s, []Effect{eff}
}
