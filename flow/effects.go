package flow

import "time"

// Effect is IO the shell should carry out, described as data. Its result
// comes back as an Event.
type Effect interface{ isEffect() }

// SearchAfter asks for SearchDue{Seq} after Delay: the debounce that keeps a
// search from being sent on every key press.
type SearchAfter struct {
	Seq   int
	Delay time.Duration
}

// SearchCompanies looks up companies matching Query; answer CompaniesFound.
type SearchCompanies struct {
	Seq   int
	Query string
}

// CreateCompany finds or creates the company named Name. With New set the
// person confirmed that no existing company is theirs, so a company is
// created even if one of that name exists. UID tags the company, so a retry
// finds the one an earlier attempt made. Answer CompanyReady.
//
// Fresh says UID was never sent before: no company can carry it yet, so
// there is nothing to look up by it. SearchedAt, when set, is when the
// search for this very name that found no company of the name was sent:
// the create need not search again unless another create of the name
// happened since.
type CreateCompany struct {
	Name       string
	UID        string
	New        bool
	Fresh      bool
	SearchedAt time.Time
}

// LoadPlatforms lists the enabled integrations of a category; answer PlatformsLoaded.
type LoadPlatforms struct{ Category Category }

// PrepareConnection creates a connection for the platform, or refreshes the
// pending one in ReuseID (its link may have expired); answer ConnectionReady.
// Recheck is set when an earlier attempt for this platform may have created
// a connection whose answer was lost: look for it before creating another.
type PrepareConnection struct {
	CompanyID string
	Platform  Platform
	ReuseID   string
	Recheck   bool
}

// PrefetchPlatforms lists every enabled platform ahead of the category
// choice; answer PlatformsPrefetched. A failure is shown only if the person
// comes to need the list.
type PrefetchPlatforms struct{}

// PrefetchHostedLink fetches the company's Hosted Link while the person
// decides whether they can sign in; answer HostedLinkPrefetched.
type PrefetchHostedLink struct{ CompanyID string }

// FetchHostedLink gets the company's Hosted Link URL afresh (links may be
// one-time and expire); answer HostedLinkReady.
type FetchHostedLink struct{ CompanyID string }

// Unlink unlinks a connection (data is kept; it can be re-linked); answer
// ConnectionChanged.
type Unlink struct {
	CompanyID    string
	ConnectionID string
}

// Copy puts Text on the clipboard; answer Reported. What names it for the
// message ("link", "email").
type Copy struct {
	Text string
	What Copied
}

// OpenURL opens a validated link in the browser; answer Reported.
type OpenURL struct{ URL string }

// SendInvite sends the composed invite one way;
// answer Sent or Reported.
type SendInvite struct {
	Way     InviteWay
	Invite  Invite
	Company string
	// Platform is the platform's name, "" when the recipient picks it.
	Platform string
	Category Category
	Link     string
	// Reader is who reads the data and what, as far as Codat said.
	Reader Reader
}

// StartWatch waits for the connection to link (webhooks first, polling
// otherwise); answers are ConnectionUpdated events.
type StartWatch struct {
	CompanyID    string
	ConnectionID string // "" when the recipient will pick the platform in Hosted Link
	PlatformKey  string
	// Category is what a wait without a platform waits on: the first
	// connection of it, whichever platform the recipient picks.
	Category Category
}

// StopWatch ends the current wait.
type StopWatch struct{}

// Remember records the onboarding in the local store so it can be picked up
// later.
type Remember struct {
	CompanyID    string
	CompanyName  string
	Category     Category
	PlatformKey  string
	PlatformName string
	ConnectionID string
	Path         Path
	Recipient    string
	Status       string
	// HandedOn is how far the invite went ("" when none was handed on now);
	// FromName and FromEmail signed it.
	HandedOn  HandedOn
	FromName  string
	FromEmail string
}

// LoadPending reads what earlier sessions handed on; answer PendingLoaded.
type LoadPending struct{}

// RefreshPending asks Codat about one pending item (one call); answer
// PendingChecked.
type RefreshPending struct{ Item PendingItem }

// Forget drops a pending item from the local store.
type Forget struct{ ID string }

// CopyFreshLink fetches the company's Hosted Link afresh and copies it;
// answer Reported.
type CopyFreshLink struct{ CompanyID string }

// Bell rings the terminal bell: the link completed.
type Bell struct{}

func (SearchAfter) isEffect()        {}
func (SearchCompanies) isEffect()    {}
func (CreateCompany) isEffect()      {}
func (LoadPlatforms) isEffect()      {}
func (PrepareConnection) isEffect()  {}
func (FetchHostedLink) isEffect()    {}
func (Unlink) isEffect()             {}
func (Copy) isEffect()               {}
func (OpenURL) isEffect()            {}
func (SendInvite) isEffect()         {}
func (StartWatch) isEffect()         {}
func (StopWatch) isEffect()          {}
func (Remember) isEffect()           {}
func (Bell) isEffect()               {}
func (LoadPending) isEffect()        {}
func (RefreshPending) isEffect()     {}
func (Forget) isEffect()             {}
func (CopyFreshLink) isEffect()      {}
func (PrefetchPlatforms) isEffect()  {}
func (PrefetchHostedLink) isEffect() {}
