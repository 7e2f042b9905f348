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
		return queryChanged(s, e)
	case SearchDue:
		if e.Seq != s.SearchSeq || e.Seq == s.SearchSent {
			return s, nil
		}
		return s.search()
	case CompaniesFound:
		if e.Seq != s.SearchSeq {
			return s, nil // an answer to an older query
		}
		s.Searching = false
		s.SearchedFor, s.SearchedAt = e.Query, e.At
		s.Found = e.Companies
		s.Matches = orderMatches(e.Companies, e.Query)
		if uid := s.CreateWhenFound; uid != "" {
			s.CreateWhenFound, s.Busy = "", nil
			return createRequested(s, s.Query, uid)
		}
		return s, nil
	case CompanyChosen:
		// The matches on screen all hold what is typed, so one may be
		// chosen while the next search is still under way.
		for _, c := range s.Matches {
			if c.ID == e.ID {
				s.Company, s.Reused = c, true
				s.ConfirmCreate = false
				s.CreateWhenFound, s.Busy = "", nil
				return s.toConsent()
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
		// Screens and emails name the business as it was typed, where
		// Codat could not keep every letter.
		s.Company.Name = ShownName(s.Query, e.Company.Name)
		return s.toConsent()
	}
	return s, nil
}

// queryChanged keeps the last answer's companies that still hold the name,
// and asks for a search once typing pauses.
func queryChanged(s State, e QueryChanged) (State, []Effect) {
	s.Query = e.Query
	s.ConfirmCreate = false
	s.Notice = nil
	if s.CreateWhenFound != "" {
		s.CreateWhenFound, s.Busy = "", nil
	}
	s.SearchSeq++
	if strings.TrimSpace(e.Query) == "" {
		s.Searching = false
		s.Matches, s.Found = nil, nil
		s.SearchedFor = ""
		return s, nil
	}
	s.Searching = true
	s.Matches = LocalMatches(s.Found, e.Query)
	return s, []Effect{SearchAfter{Seq: s.SearchSeq, Delay: SearchDelay}}
}

// search sends the search for what is typed now.
func (s State) search() (State, []Effect) {
	s.SearchSent = s.SearchSeq
	return s, []Effect{SearchCompanies{Seq: s.SearchSeq, Query: strings.TrimSpace(s.Query)}}
}

// toConsent moves on to the consent screen, and asks for the platform
// lists while it is read.
func (s State) toConsent() (State, []Effect) {
	s.Step = StepConsent
	s.Notice = nil
	return s, s.prefetchPlatforms()
}

// LocalMatches are the companies whose name holds query under the name rule
// (CodatName, ignoring case), ordered as orderMatches does: what a search
// for query would keep of them.
func LocalMatches(companies []Company, query string) []Company {
	want, _ := CodatName(query)
	want = strings.ToLower(want)
	if want == "" {
		return nil
	}
	var out []Company
	for _, c := range companies {
		have, _ := CodatName(c.Name)
		if strings.Contains(strings.ToLower(have), want) {
			out = append(out, c)
		}
	}
	return orderMatches(out, query)
}

// createRequested asks for a company named name: it waits for a search still
// under way (sending at once one the debounce holds back), then asks for a
// confirmation when close matches exist.
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
		if s.SearchSent != s.SearchSeq {
			return s.search()
		}
		return s, nil
	}
	if len(s.Matches) > 0 && !s.ConfirmCreate {
		s.ConfirmCreate = true
		return s, nil
	}
	return s.create(name, uid, len(s.Matches) > 0)
}

// create asks for the company, tagged with the uid an earlier request for
// the same name was given, if any. A first request says so (its uid cannot
// be found yet), and says when the search that found no company of the
// name was sent, so the create can trust it.
func (s State) create(name, uid string, isNew bool) (State, []Effect) {
	fresh := true
	if cleaned, _ := CodatName(name); cleaned == s.CreateName && s.CreateUID != "" {
		uid, fresh = s.CreateUID, false
	} else {
		s.CreateUID, s.CreateName = uid, cleaned
	}
	eff := CreateCompany{Name: name, UID: uid, New: isNew, Fresh: fresh}
	if fresh && !isNew && len(s.Matches) == 0 && s.SearchedFor != "" && CompanyKey(s.SearchedFor) == CompanyKey(name) {
		eff.SearchedAt = s.SearchedAt
	}
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
