package flow

import "strings"

// Fetching ahead: what the next screen needs is asked for while the person
// reads the screen before it, so the next screen shows at once. A key press
// that needs something still on its way is held and applied once it
// arrives.

// prefetchPlatforms asks for every enabled platform, once a session.
func (s *State) prefetchPlatforms() []Effect {
	if s.CatalogueLoaded || s.CatalogueLoading {
		return nil
	}
	s.CatalogueLoading = true
	return []Effect{PrefetchPlatforms{}}
}

// prefetchLink asks for the company's Hosted Link as "can you sign in?"
// shows, unless one for it is already fetched or on its way.
func (s *State) prefetchLink() []Effect {
	if s.Company.ID == "" || s.AheadFor == s.Company.ID && (s.AheadFetching || s.AheadLink != "") {
		return nil
	}
	s.AheadFor, s.AheadLink, s.AheadFetching = s.Company.ID, "", true
	return []Effect{PrefetchHostedLink{CompanyID: s.Company.ID}}
}

// dropAheadLink forgets a link fetched ahead that was not shown: it is not
// kept beyond the question it was fetched for.
func (s *State) dropAheadLink() {
	s.AheadFor, s.AheadLink, s.AheadFetching = "", "", false
}

// InCategory are the platforms of one category, in the catalogue's order.
func InCategory(all []Platform, cat Category) []Platform {
	var out []Platform
	for _, p := range all {
		if p.Category == cat && !p.Disabled {
			out = append(out, p)
		}
	}
	return out
}

// FilterPlatforms are the platforms a typed filter shows: a name holding
// it, or a key starting with it, ignoring case.
func FilterPlatforms(all []Platform, filter string) []Platform {
	f := strings.ToLower(strings.TrimSpace(filter))
	if f == "" {
		return all
	}
	var out []Platform
	for _, p := range all {
		if strings.Contains(strings.ToLower(p.Name), f) || strings.HasPrefix(strings.ToLower(p.Key), f) {
			out = append(out, p)
		}
	}
	return out
}

// platformsPrefetched keeps the catalogue, and shows the category's list
// to a person already waiting for it.
func platformsPrefetched(s State, e PlatformsPrefetched) (State, []Effect) {
	s.CatalogueLoading, s.CatalogueLoaded = false, true
	s.Catalogue = e.Platforms
	if s.Step != StepPlatform || len(s.Platforms) > 0 || s.Category == "" || s.Busy == nil {
		return s, nil
	}
	s.Busy = nil
	s.Platforms = InCategory(s.Catalogue, s.Category)
	return replayHeld(s, nil)
}

// hostedLinkPrefetched shows the link to a person already waiting for it,
// or keeps it for the answer "no".
func hostedLinkPrefetched(s State, e HostedLinkPrefetched) (State, []Effect) {
	if e.CompanyID != s.AheadFor || !s.AheadFetching {
		return s, nil // fetched for a question left since
	}
	s.AheadFetching = false
	if s.Step == StepDelegate && s.HostedLink == "" && s.Company.ID == e.CompanyID {
		s.dropAheadLink()
		s.Busy = nil
		s.setHostedLink(e.URL)
		return replayHeld(s, nil)
	}
	s.AheadLink = e.URL
	return s, nil
}

// prefetchFailed: a failed fetch ahead is shown only to a person waiting
// for what it was fetching, with the step's own request to retry.
func prefetchFailed(s State, e Failed) (State, []Effect) {
	switch r := e.Retry.(type) {
	case PrefetchPlatforms:
		s.CatalogueLoading = false
		if s.Step == StepPlatform && len(s.Platforms) == 0 && s.Category != "" && s.Busy != nil {
			s.Busy, s.Held = nil, nil
			s.Problem = &Problem{Doing: e.Doing, Err: e.Err, Retry: LoadPlatforms{Category: s.Category}}
		}
	case PrefetchHostedLink:
		if r.CompanyID != s.AheadFor || !s.AheadFetching {
			return s, nil
		}
		s.dropAheadLink()
		if s.Step == StepDelegate && s.HostedLink == "" && s.Busy != nil {
			s.Busy, s.Held = nil, nil
			s.Problem = &Problem{Doing: e.Doing, Err: e.Err, Retry: FetchHostedLink(r)}
		}
	}
	return s, nil
}

// hold keeps a key press until what it needs arrives.
func (s State) hold(ev Event) (State, []Effect) {
	s.Held = ev
	return s, nil
}

// replayHeld applies the key press held while something loaded.
func replayHeld(s State, effs []Effect) (State, []Effect) {
	h := s.Held
	if h == nil {
		return s, effs
	}
	s.Held = nil
	s, more := Next(s, h)
	return s, append(effs, more...)
}
