package flow

// The delegate step: the Hosted Link to hand on, and the invite.

func toDelegate(s State) (State, []Effect) {
	s.Step = StepDelegate
	s.HostedLink = ""
	s.InviteSent = ""
	if s.AheadFor == s.Company.ID && s.Company.ID != "" {
		switch {
		case s.AheadLink != "": // fetched as the question showed
			s.setHostedLink(s.AheadLink)
			s.dropAheadLink()
			s.Busy = nil
			return s, nil
		case s.AheadFetching: // on its way: it answers
			s.Busy = busyFor(FetchHostedLink{})
			return s, nil
		}
	}
	s.dropAheadLink()
	eff := FetchHostedLink{CompanyID: s.Company.ID}
	s.Busy = busyFor(eff)
	return s, []Effect{eff}
}

func delegate(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case HostedLinkReady:
		s.Busy = nil
		s.setHostedLink(e.URL)
		return replayHeld(s, nil)
	case CopyRequested:
		if s.HostedLink == "" {
			return s.holdWhileBusy(e)
		}
		if e.What == CopiedEmail {
			return sendInvite(s, WayText)
		}
		effs := []Effect{Copy{Text: s.HostedLink, What: CopiedLink}}
		if !s.Watch.Active {
			effs = append(effs, s.startDelegateWatch()...)
		}
		return s, effs
	case InviteSubmitted:
		s.Invite = e.Invite
		s.Invite.Link = ""
		if s.Invite.Body != "" {
			s.Invite.Link = s.HostedLink // what the message was written around
		}
		return s, nil
	case SendRequested:
		if s.HostedLink == "" {
			return s.holdWhileBusy(e)
		}
		return sendInvite(s, e.Way)
	case Sent:
		s.InviteSent, s.InviteFile = e.Way, e.File
		s.Notice = &Notice{Key: "delegate.sentnote." + string(e.Way), Data: e.File}
		if e.Note != nil {
			s.Notice = e.Note
		}
		effs := []Effect{s.remember(PathDelegate, s.Invite.To, StatusPendingAuth)}
		if !s.Watch.Active {
			effs = append(effs, s.startDelegateWatch()...)
		}
		return s, effs
	case Finish:
		return finish(s)
	}
	return s, nil
}

func sendInvite(s State, way InviteWay) (State, []Effect) {
	if s.HostedLink == "" {
		return s, nil
	}
	if s.Invite.To == "" {
		s.Notice = &Notice{Key: "delegate.noone", Bad: true}
		return s, nil
	}
	// The shells check the link as the message is typed; this keeps any
	// message whose link is not the one on screen, whole, from leaving.
	if s.Invite.Body != "" {
		if problem := MessageLinkProblem(s.Invite.Body, s.HostedLink); problem != "" {
			s.Notice = &Notice{Key: "delegate.link." + string(problem), Bad: true}
			return s, nil
		}
	}
	return s, []Effect{SendInvite{
		Way: way, Invite: s.Invite, Company: s.Company.Name,
		Platform: s.Platform.Name, Category: s.Category, Link: s.HostedLink, Reader: s.Reader,
	}}
}

func (s *State) startDelegateWatch() []Effect {
	s.Watch = Watch{Active: true}
	return []Effect{StartWatch{CompanyID: s.Company.ID, PlatformKey: s.Platform.Key, Category: s.Category}}
}

// holdWhileBusy keeps a key press that needs the link while it is fetched.
func (s State) holdWhileBusy(ev Event) (State, []Effect) {
	if s.Busy == nil {
		return s, nil
	}
	return s.hold(ev)
}
