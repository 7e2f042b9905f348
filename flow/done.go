package flow

import (
	"slices"
)

// The done step: the recap per category, and connecting another platform.

func done(s State, ev Event) (State, []Effect) {
	if _, ok := ev.(ConnectAnother); ok {
		s.Step = StepCategory
		s.Category = ""
		s.Platforms = nil
		s.Platform = Platform{}
		s.Connection = Connection{}
		s.HostedLink = ""
		s.InviteSent = ""
		// The next invite is for another platform: who signs it stays, the
		// recipient and any edited words (naming this platform) go.
		s.Invite = Invite{FromName: s.Invite.FromName, FromEmail: s.Invite.FromEmail, FromCompany: s.Invite.FromCompany}
		s.Watch = Watch{}
		s.Notice = nil
	}
	return s, nil
}

func finish(s State) (State, []Effect) {
	effs := stopWatch(&s)
	s.recordRecap()
	s.Step = StepDone
	s.Notice = nil
	s.Busy = nil
	return s, effs
}

func (s *State) recordRecap() {
	item := RecapItem{Category: s.Category, Platform: s.Platform.Name, Path: s.Path()}
	switch {
	case s.Watch.Status == StatusLinked:
		item.Outcome = OutcomeLinked
		if conn, ok := s.Company.LinkedIn(s.Category); ok && item.Platform == "" {
			item.Platform = conn.PlatformName // the one the recipient picked
		}
	case s.Step == StepAuthorize && s.Connection.LinkURL != "":
		item.Outcome = OutcomeWaiting
	case s.Step == StepDelegate && s.Invite.To != "" && s.InviteSent != "":
		item.Outcome, item.WaitingOn = OutcomeWaiting, s.Invite.To
	case s.Step == StepDelegate && s.HostedLink != "":
		item.Outcome = OutcomeWaiting
	default:
		return
	}
	s.Recap = slices.DeleteFunc(slices.Clone(s.Recap), func(r RecapItem) bool { return r.Category == item.Category })
	s.Recap = append(s.Recap, item)
}

// RecapFor gives one line per category: what this session did, or a link
// the company already had, or skipped.
func RecapFor(s State) []RecapItem {
	out := make([]RecapItem, 0, len(Categories))
	for _, cat := range Categories {
		item := RecapItem{Category: cat, Outcome: OutcomeSkipped}
		if conn, ok := s.Company.LinkedIn(cat); ok {
			item.Platform, item.Outcome = conn.PlatformName, OutcomeLinked
		}
		for _, r := range s.Recap {
			if r.Category == cat {
				item = r
			}
		}
		out = append(out, item)
	}
	return out
}
