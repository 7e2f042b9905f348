package flow

import (
	"slices"
	"strings"
)

// The company step: a name typed with live matches; reuse one, or create
// a company once the close matches are known and none is the business's.

func company(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case QueryChanged:
		s.Query = e.Query
		s.ConfirmCreate = false
		s.Notice = nil
		if s.CreateWhenFound != "" {
			s.CreateWhenFound, s.Busy = "", nil
		}
		s.SearchSeq++
		if strings.TrimSpace(e.Query) == "" {
			s.Searching = false
			s.Matches = nil
			s.SearchedFor = ""
			return s, nil
		}
		s.Searching = true
		return s, []Effect{SearchAfter{Seq: s.SearchSeq, Delay: SearchDelay}}
	case SearchDue:
		if e.Seq != s.SearchSeq {
			return s, nil
		}
		return s, []Effect{SearchCompanies{Seq: e.Seq, Query: strings.TrimSpace(s.Query)}}
	case CompaniesFound:
		if e.Seq != s.SearchSeq {
			return s, nil // an answer to an older query
		}
		s.Searching = false
		s.SearchedFor = e.Query
		s.Matches = orderMatches(e.Companies, e.Query)
		if uid := s.CreateWhenFound; uid != "" {
			s.CreateWhenFound, s.Busy = "", nil
			return createRequested(s, s.Query, uid)
		}
		return s, nil
	case CompanyChosen:
		for _, c := range s.Matches {
			if c.ID == e.ID {
				s.Company, s.Reused = c, true
				s.ConfirmCreate = false
				s.Step = StepConsent
				s.Notice = nil
				return s, nil
			}
		}
		return s, nil
	case CreateRequested:
		return createRequested(s, e.Name, e.UID)
	case CreateConfirmed:
		if !s.ConfirmCreate || s.Busy != nil {
			return s, nil
		}
		return s.create(strings.TrimSpace(s.Query), e.UID, true)
	case CompanyReady:
		s.Busy = nil
		s.Company, s.Reused = e.Company, e.Reused
		s.Step = StepConsent
		s.Notice = nil
		return s, nil
	}
	return s, nil
}

// createRequested asks for a company named name: it waits for a search still
// under way, then asks for a confirmation when close matches exist.
func createRequested(s State, name, uid string) (State, []Effect) {
	name = strings.TrimSpace(name)
	if name == "" {
		s.Notice = &Notice{Key: "company.typefirst", Bad: true}
		return s, nil
	}
	if cleaned, _ := CodatName(name); cleaned == "" {
		s.Notice = &Notice{Key: "company.namerule", Bad: true}
		return s, nil
	}
	if s.Busy != nil {
		return s, nil
	}
	if s.Searching {
		// The close matches are not known yet: create only once they are.
		s.CreateWhenFound = uid
		s.Busy = busyFor(SearchCompanies{})
		return s, nil
	}
	if len(s.Matches) > 0 && !s.ConfirmCreate {
		s.ConfirmCreate = true
		return s, nil
	}
	return s.create(name, uid, len(s.Matches) > 0)
}

// create asks for the company, tagged with the uid an earlier request for
// the same name was given, if any.
func (s State) create(name, uid string, isNew bool) (State, []Effect) {
	if cleaned, _ := CodatName(name); cleaned == s.CreateName && s.CreateUID != "" {
		uid = s.CreateUID
	} else {
		s.CreateUID, s.CreateName = uid, cleaned
	}
	eff := CreateCompany{Name: name, UID: uid, New: isNew}
	s.ConfirmCreate = false
	s.Busy = busyFor(eff)
	return s, []Effect{eff}
}

// orderMatches puts companies that linked before first (Codat: reuse them),
// then exact name matches, keeping the API's order otherwise.
func orderMatches(companies []Company, query string) []Company {
	out := slices.Clone(companies)
	rank := func(c Company) int {
		r := 2
		if strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(query)) {
			r = 1
		}
		if c.LinkedBefore() {
			r -= 2
		}
		return r
	}
	slices.SortStableFunc(out, func(a, b Company) int { return rank(a) - rank(b) })
	return out
}
