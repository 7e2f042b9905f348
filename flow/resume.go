package flow

import (
	"slices"
	"strings"
)

// The resume step: what was handed on in earlier sessions, to check, pick
// up again, copy a fresh link for, or forget.

// pendingLoaded: what earlier sessions handed on is shown first, unless the
// person has already started typing a name.
func pendingLoaded(s State, e PendingLoaded) (State, []Effect) {
	s.Pending = e.Items
	if len(e.Items) > 0 && s.Step == StepCompany && strings.TrimSpace(s.Query) == "" {
		s.Step = StepResume
	}
	return s, nil
}

func resume(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case CheckPending:
		var effs []Effect
		s.Pending = slices.Clone(s.Pending)
		for i, it := range s.Pending {
			if (e.ID == "" || it.ID == e.ID) && !it.Checking {
				s.Pending[i].Checking = true
				effs = append(effs, RefreshPending{Item: it})
			}
		}
		return s, effs
	case PendingChecked:
		s.Pending = slices.Clone(s.Pending)
		for i := range s.Pending {
			if s.Pending[i].ID == e.ID {
				s.Pending[i].Checking = false
				s.Pending[i].Status = e.Status
				s.Pending[i].CheckedAt = e.CheckedAt
			}
		}
		return s, nil
	case ForgetPending:
		s.Pending = slices.DeleteFunc(slices.Clone(s.Pending), func(it PendingItem) bool { return it.ID == e.ID })
		if len(s.Pending) == 0 {
			s.Step = StepCompany
		}
		return s, []Effect{Forget(e)}
	case CopyPendingLink:
		for _, it := range s.Pending {
			if it.ID == e.ID {
				return s, []Effect{CopyFreshLink{CompanyID: it.CompanyID}}
			}
		}
	case ResumePending:
		for _, it := range s.Pending {
			if it.ID != e.ID {
				continue
			}
			s.Company = Company{ID: it.CompanyID, Name: it.CompanyName}
			s.Reused = true
			s.Category = it.Category
			s.Platforms = nil
			s.Platform = Platform{Key: it.PlatformKey, Name: it.PlatformName, Category: it.Category}
			s.Notice = nil
			if it.Path == PathAuthorize && it.PlatformKey != "" {
				return s.prepare(PrepareConnection{CompanyID: it.CompanyID, Platform: s.Platform, ReuseID: it.ConnectionID})
			}
			// The invite is picked up as it was signed; with no platform
			// named, the recipient picks one and the wait is for the category.
			s.Invite = Invite{To: it.Recipient, FromName: it.FromName, FromEmail: it.FromEmail}
			return toDelegate(s)
		}
	case StartNew:
		s.Step = StepCompany
		s.Notice = nil
	}
	return s, nil
}
