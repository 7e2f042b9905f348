package flow

// The consent step: what sharing means. A company's linked connections can
// be unlinked here (and from the category step).

func consent(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case ConsentAccepted:
		s.Step = StepCategory
		s.Notice = nil
		return s, nil
	case UnlinkRequested:
		return unlink(s, e)
	case ConnectionChanged:
		return connectionChanged(s, e)
	}
	return s, nil
}

func unlink(s State, e UnlinkRequested) (State, []Effect) {
	for _, c := range s.Company.Connections {
		if c.ID == e.ConnectionID && c.Status == StatusLinked {
			eff := Unlink{CompanyID: s.Company.ID, ConnectionID: c.ID}
			s.Busy = &Busy{Key: "busy.unlinking", Data: c.PlatformName}
			return s, []Effect{eff}
		}
	}
	return s, nil
}

func connectionChanged(s State, e ConnectionChanged) (State, []Effect) {
	s.Busy = nil
	s.upsertConnection(e.Connection)
	if e.Connection.Status == StatusUnlinked {
		s.Notice = &Notice{Key: "consent.unlinked", Data: e.Connection.PlatformName}
	}
	return s, nil
}
