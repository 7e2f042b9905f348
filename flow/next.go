package flow

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/onboardcli/onboard/assets"
)

// SearchDelay is how long typing must pause before the company search is
// sent, so a search costs one call per pause rather than one per key.
const SearchDelay = 300 * time.Millisecond

// Next is the journey's single writer: it applies one event to the state and
// returns the new state and the effects to carry out.
func Next(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case Quit:
		s.Quit = true
		return s, stopWatch(&s)
	case Failed:
		if r, ok := e.Retry.(RefreshPending); ok {
			s.Pending = slices.Clone(s.Pending)
			for i := range s.Pending {
				if s.Pending[i].ID == r.Item.ID {
					s.Pending[i].Checking = false
				}
			}
		}
		if !answersAt(e.Retry, s.Step) {
			return s, nil // the person has left the step it was for
		}
		if r, ok := e.Retry.(SearchCompanies); ok && r.Seq != s.SearchSeq {
			return s, nil // a search for what was typed before: the newer one answers
		}
		s.Busy = ""
		s.Problem = &Problem{Doing: e.Doing, Message: e.Message, Retry: e.Retry}
		return s, nil
	case RetryRequested:
		if s.Problem == nil || s.Problem.Retry == nil {
			return s, nil
		}
		eff := s.Problem.Retry
		if p, ok := eff.(PrepareConnection); ok {
			p.Recheck = true // the failed attempt may have made one
			eff = p
		}
		s.Problem = nil
		s.Busy = busyFor(eff)
		return s, []Effect{eff}
	case Reported:
		s.Notice = &Notice{Text: e.Text, Bad: e.Bad}
		return s, nil
	case Back:
		return back(s)
	case ConnectionUpdated:
		return connectionUpdated(s, e)
	case ConnectionReady:
		// Whatever the step, the connection exists now: keep it, so a later
		// request for the platform reuses it rather than making another.
		s.upsertConnection(e.Connection)
		if s.Unconfirmed == e.Connection.PlatformKey {
			s.Unconfirmed = ""
		}
		stale := e.Connection.PlatformKey != "" && e.Connection.PlatformKey != s.Platform.Key
		if s.Step != StepAuthorize || s.Connection.ID != "" || stale {
			return s, nil
		}
		return authorize(s, ev)
	case PendingLoaded:
		s.Pending = e.Items
		if len(e.Items) > 0 && s.Step == StepCompany && strings.TrimSpace(s.Query) == "" {
			s.Step = StepResume
		}
		return s, nil
	}

	switch s.Step {
	case StepResume:
		return resume(s, ev)
	case StepCompany:
		return company(s, ev)
	case StepConsent:
		return consent(s, ev)
	case StepCategory:
		return category(s, ev)
	case StepPlatform:
		return platform(s, ev)
	case StepSignIn:
		return signIn(s, ev)
	case StepAuthorize:
		return authorize(s, ev)
	case StepDelegate:
		return delegate(s, ev)
	case StepDone:
		return done(s, ev)
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
			if it.Path == "authorize" && it.PlatformKey != "" {
				return s.prepare(PrepareConnection{CompanyID: it.CompanyID, PlatformKey: it.PlatformKey, ReuseID: it.ConnectionID})
			}
			s.Invite.To = it.Recipient
			return toDelegate(s)
		}
	case StartNew:
		s.Step = StepCompany
		s.Notice = nil
	}
	return s, nil
}

func company(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case QueryChanged:
		s.Query = e.Query
		s.ConfirmCreate = false
		s.Notice = nil
		if s.CreateWhenFound != "" {
			s.CreateWhenFound, s.Busy = "", ""
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
			s.CreateWhenFound, s.Busy = "", ""
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
		if !s.ConfirmCreate || s.Busy != "" {
			return s, nil
		}
		return s.create(strings.TrimSpace(s.Query), e.UID, true)
	case CompanyReady:
		s.Busy = ""
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
		s.Notice = &Notice{Text: assets.Screen("company.typefirst", nil), Bad: true}
		return s, nil
	}
	if cleaned, _ := CleanCompanyName(name); cleaned == "" {
		s.Notice = &Notice{Text: NameRule, Bad: true}
		return s, nil
	}
	if s.Busy != "" {
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
	if cleaned, _ := CleanCompanyName(name); cleaned == s.CreateName && s.CreateUID != "" {
		uid = s.CreateUID
	} else {
		s.CreateUID, s.CreateName = uid, cleaned
	}
	eff := CreateCompany{Name: name, UID: uid, New: isNew}
	s.ConfirmCreate = false
	s.Busy = busyFor(eff)
	return s, []Effect{eff}
}

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

func category(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case CategoryChosen:
		s.Notice = nil
		if e.Category == Accounting {
			if conn, ok := s.Company.LinkedIn(Accounting); ok {
				s.Notice = &Notice{Bad: true, Text: assets.Screen("category.onlyone", conn.PlatformName)}
				return s, nil
			}
		}
		s.Step = StepPlatform
		if s.Category == e.Category && len(s.Platforms) > 0 {
			return s, nil
		}
		s.Category = e.Category
		s.Platforms = nil
		eff := LoadPlatforms(e)
		s.Busy = busyFor(eff)
		return s, []Effect{eff}
	case UnlinkRequested:
		return unlink(s, e)
	case ConnectionChanged:
		return connectionChanged(s, e)
	}
	return s, nil
}

func platform(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case PlatformsLoaded:
		if e.Category != s.Category {
			return s, nil
		}
		s.Busy = ""
		s.Platforms = e.Platforms
		return s, nil
	case PlatformChosen:
		for _, p := range s.Platforms {
			if p.Key == e.Key {
				s.Platform = p
				s.Step = StepSignIn
				s.Notice = nil
				return s, nil
			}
		}
	}
	return s, nil
}

func signIn(s State, ev Event) (State, []Effect) {
	e, ok := ev.(SignInAnswered)
	if !ok {
		return s, nil
	}
	s.Notice = nil
	if !e.Yes {
		return toDelegate(s)
	}
	eff := PrepareConnection{CompanyID: s.Company.ID, PlatformKey: s.Platform.Key}
	for _, c := range s.Company.Connections {
		if c.PlatformKey != s.Platform.Key {
			continue
		}
		if c.Status == StatusLinked {
			s.Notice = &Notice{Bad: true, Text: assets.Screen("signin.already", c.PlatformName)}
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
		eff.Recheck = s.Unconfirmed == eff.PlatformKey
		s.Unconfirmed = eff.PlatformKey
	}
	s.Step = StepAuthorize
	s.Connection = Connection{}
	s.Watch = Watch{}
	s.Busy = busyFor(eff)
	return s, []Effect{eff}
}

func toDelegate(s State) (State, []Effect) {
	s.Step = StepDelegate
	s.HostedLink = ""
	s.InviteSent = ""
	eff := FetchHostedLink{CompanyID: s.Company.ID}
	s.Busy = busyFor(eff)
	return s, []Effect{eff}
}

func authorize(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case ConnectionReady:
		s.Busy = ""
		s.Connection = e.Connection
		s.upsertConnection(e.Connection)
		s.Watch = Watch{Active: true, Status: e.Connection.Status}
		return s, []Effect{
			StartWatch{CompanyID: s.Company.ID, ConnectionID: e.Connection.ID, PlatformKey: s.Platform.Key},
			s.remember("authorize", "", e.Connection.Status),
		}
	case CantSignIn:
		if s.Watch.Status == StatusLinked {
			return s, nil // it is linked: there is nothing to hand on
		}
		effs := stopWatch(&s)
		s, more := toDelegate(s)
		return s, append(effs, more...)
	case CopyRequested:
		if s.Connection.LinkURL == "" {
			return s, nil
		}
		return s, []Effect{Copy{Text: s.Connection.LinkURL, What: "link"}}
	case OpenRequested:
		if s.Connection.LinkURL == "" {
			return s, nil
		}
		return s, []Effect{OpenURL{URL: s.Connection.LinkURL}}
	case Finish:
		return finish(s)
	}
	return s, nil
}

func delegate(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case HostedLinkReady:
		s.Busy = ""
		s.HostedLink = e.URL
		return s, nil
	case CopyRequested:
		if s.HostedLink == "" {
			return s, nil
		}
		if e.What == "email" {
			return sendInvite(s, "text")
		}
		effs := []Effect{Copy{Text: s.HostedLink, What: "link"}}
		if !s.Watch.Active {
			effs = append(effs, s.startDelegateWatch()...)
		}
		return s, effs
	case InviteSubmitted:
		s.Invite = e.Invite
		return s, nil
	case SendRequested:
		return sendInvite(s, e.How)
	case Sent:
		s.InviteSent = e.How
		s.Notice = &Notice{Text: assets.Screen("delegate.sentnote", e.How)}
		if e.Note != "" {
			s.Notice.Text = e.Note
		}
		effs := []Effect{s.remember("delegate", s.Invite.To, StatusPendingAuth)}
		if !s.Watch.Active {
			effs = append(effs, s.startDelegateWatch()...)
		}
		return s, effs
	case Finish:
		return finish(s)
	}
	return s, nil
}

func sendInvite(s State, how string) (State, []Effect) {
	if s.HostedLink == "" {
		return s, nil
	}
	if s.Invite.To == "" {
		s.Notice = &Notice{Bad: true, Text: assets.Screen("delegate.noone", nil)}
		return s, nil
	}
	return s, []Effect{SendInvite{
		How: how, Invite: s.Invite, Company: s.Company.Name,
		Platform: s.Platform.Name, Category: s.Category, Link: s.HostedLink,
	}}
}

func (s *State) startDelegateWatch() []Effect {
	s.Watch = Watch{Active: true}
	return []Effect{StartWatch{CompanyID: s.Company.ID, PlatformKey: s.Platform.Key}}
}

func done(s State, ev Event) (State, []Effect) {
	if _, ok := ev.(ConnectAnother); ok {
		s.Step = StepCategory
		s.Category = ""
		s.Platforms = nil
		s.Platform = Platform{}
		s.Connection = Connection{}
		s.HostedLink = ""
		s.InviteSent = ""
		s.Invite.To, s.Invite.ToName = "", ""
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
	s.Busy = ""
	return s, effs
}

func back(s State) (State, []Effect) {
	s.Problem = nil
	s.Notice = nil
	s.Busy = ""
	s.CreateWhenFound = ""
	switch s.Step {
	case StepResume:
	case StepCompany:
		if !s.ConfirmCreate && len(s.Pending) > 0 && strings.TrimSpace(s.Query) == "" {
			s.Step = StepResume
		}
		s.ConfirmCreate = false
	case StepConsent:
		s.Step = StepCompany
	case StepCategory:
		s.Step = StepConsent
	case StepPlatform:
		s.Step = StepCategory
	case StepSignIn:
		s.Step = StepPlatform
		if len(s.Platforms) == 0 && s.Category != "" {
			// Picked up from the pending list: the platforms were never loaded.
			eff := LoadPlatforms{Category: s.Category}
			s.Busy = busyFor(eff)
			return s, []Effect{eff}
		}
	case StepAuthorize, StepDelegate:
		effs := stopWatch(&s)
		s.Step = StepSignIn
		return s, effs
	case StepDone:
	}
	return s, nil
}

func unlink(s State, e UnlinkRequested) (State, []Effect) {
	for _, c := range s.Company.Connections {
		if c.ID == e.ConnectionID && c.Status == StatusLinked {
			eff := Unlink{CompanyID: s.Company.ID, ConnectionID: c.ID}
			s.Busy = assets.Screen("busy.unlinking", c.PlatformName)
			return s, []Effect{eff}
		}
	}
	return s, nil
}

func connectionChanged(s State, e ConnectionChanged) (State, []Effect) {
	s.Busy = ""
	s.upsertConnection(e.Connection)
	if e.Connection.Status == StatusUnlinked {
		s.Notice = &Notice{Text: assets.Screen("consent.unlinked", e.Connection.PlatformName)}
	}
	return s, nil
}

func connectionUpdated(s State, e ConnectionUpdated) (State, []Effect) {
	if !s.Watch.Active {
		return s, nil
	}
	wasLinked := s.Watch.Status == StatusLinked
	s.Watch.Via = e.Via
	s.Watch.CheckedAt = e.CheckedAt
	s.Watch.NextCheck = e.NextCheck
	s.Watch.RateLimited = e.RateLimited
	if e.Status != "" {
		s.Watch.Status = e.Status
	}
	s.Watch.Failed = e.Failed
	s.Watch.Reason = e.Reason
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
	if e.DataReady != nil || e.DataPending != nil {
		s.Watch.DataReady = e.DataReady
		s.Watch.DataPending = e.DataPending
	}
	// The watcher's last update ends the wait (linked and data fetched, or failed).
	if e.Final {
		s.Watch.Active = false
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

// answersAt reports whether the answer to eff still belongs on step: an
// answer to a step the person has left is dropped.
func answersAt(eff Effect, step Step) bool {
	switch eff.(type) {
	case SearchCompanies, CreateCompany:
		return step == StepCompany
	case LoadPlatforms:
		return step == StepPlatform
	case PrepareConnection:
		return step == StepAuthorize
	case FetchHostedLink:
		return step == StepDelegate
	case Unlink:
		return step == StepConsent || step == StepCategory
	case RefreshPending, CopyFreshLink:
		return step == StepResume
	}
	return true
}

func stopWatch(s *State) []Effect {
	if !s.Watch.Active {
		return nil
	}
	s.Watch.Active = false
	return []Effect{StopWatch{}}
}

func (s *State) upsertConnection(c Connection) {
	for i := range s.Company.Connections {
		if s.Company.Connections[i].ID == c.ID {
			s.Company.Connections = slices.Clone(s.Company.Connections)
			s.Company.Connections[i] = c
			return
		}
	}
	s.Company.Connections = append(slices.Clone(s.Company.Connections), c)
}

func (s State) remember(path, recipient, status string) Remember {
	return Remember{
		CompanyID: s.Company.ID, CompanyName: s.Company.Name,
		Category: s.Category, PlatformKey: s.Platform.Key, PlatformName: s.Platform.Name,
		ConnectionID: s.Connection.ID, Path: path, Recipient: recipient, Status: status,
	}
}

func (s *State) recordRecap() {
	item := RecapItem{Category: s.Category, Platform: s.Platform.Name}
	switch {
	case s.Watch.Status == StatusLinked:
		item.Outcome = OutcomeLinked
	case s.Step == StepAuthorize && s.Connection.LinkURL != "":
		item.Outcome, item.WaitingOn = OutcomeWaiting, assets.Screen("done.you", nil)
	case s.Step == StepDelegate && s.Invite.To != "" && s.InviteSent != "":
		item.Outcome, item.WaitingOn = OutcomeWaiting, s.Invite.To
	case s.Step == StepDelegate && s.HostedLink != "":
		item.Outcome, item.WaitingOn = OutcomeWaiting, assets.Screen("done.whoever", nil)
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

// busyFor describes an effect in progress, for the screen.
func busyFor(eff Effect) string {
	switch e := eff.(type) {
	case SearchCompanies:
		return assets.Screen("busy.search", nil)
	case CreateCompany:
		return assets.Screen("busy.create", nil)
	case LoadPlatforms:
		return assets.Screen("busy.platforms", e.Category.Title())
	case PrepareConnection:
		return assets.Screen("busy.connection", nil)
	case FetchHostedLink:
		return assets.Screen("busy.hostedlink", nil)
	case Unlink:
		return assets.Screen("busy.unlink", nil)
	}
	return assets.Screen("busy.working", nil)
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
