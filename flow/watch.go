package flow

import "cmp"

// The wait for a connection to link, as its news arrives.

func connectionUpdated(s State, e ConnectionUpdated) (State, []Effect) {
	if !s.Watch.Active {
		return s, nil
	}
	wasLinked := s.Watch.Status == StatusLinked
	s.Watch.Via = e.Via
	s.Watch.CheckedAt = e.CheckedAt
	s.Watch.NextCheck = e.NextCheck
	s.Watch.RateLimited = e.RateLimited
	if e.Refused.Count > 0 {
		s.Watch.Refused = e.Refused
	}
	if e.Status != "" {
		s.Watch.Status = e.Status
	}
	s.Watch.Failed = e.Failed
	s.Watch.Reason = e.Reason
	s.Watch.Err = e.Err
	conn := e.Connection
	if conn.ID == "" && s.Step == StepAuthorize {
		conn = s.Connection
	}
	if conn.ID != "" && e.Status != "" {
		// Keep the company's connections current, so the category screen
		// and a later choice of platform know what is linked now.
		conn.Status = e.Status
		s.noteConnection(conn)
	}
	if e.DataReady != nil || e.DataPending != nil || e.DataBlocked != nil {
		s.Watch.DataReady = e.DataReady
		s.Watch.DataPending = e.DataPending
		s.Watch.DataBlocked = e.DataBlocked
	}
	// The watcher's last update ends the wait (linked and data fetched, or failed).
	if e.Final {
		s.Watch.Active = false
	}
	if e.Status == StatusLinked || e.Failed || e.Final {
		s.linkUsed()
	}
	if e.Status == StatusLinked && !wasLinked {
		s.Connection.Status = StatusLinked
		path := s.Path()
		return s, []Effect{Bell{}, s.remember(path, s.Invite.To, StatusLinked)}
	}
	return s, nil
}

// noteConnection records what the wait learnt of a connection, keeping
// what was known of it where the news is silent.
func (s *State) noteConnection(c Connection) {
	for _, known := range s.Company.Connections {
		if known.ID == c.ID {
			c.PlatformKey = cmp.Or(c.PlatformKey, known.PlatformKey)
			c.PlatformName = cmp.Or(c.PlatformName, known.PlatformName)
			c.Category = cmp.Or(c.Category, known.Category)
			c.LinkURL = cmp.Or(c.LinkURL, known.LinkURL)
		}
	}
	if c.PlatformKey == s.Platform.Key {
		c.PlatformName = cmp.Or(c.PlatformName, s.Platform.Name)
		c.Category = cmp.Or(c.Category, s.Platform.Category, s.Category)
	}
	s.upsertConnection(c)
}

func stopWatch(s *State) []Effect {
	if !s.Watch.Active {
		return nil
	}
	s.Watch.Active = false
	return []Effect{StopWatch{}}
}
