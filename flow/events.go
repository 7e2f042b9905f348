package flow

import "time"

// Event is a fact from outside the reducer: something the person did, or the
// result of an Effect.
type Event interface{ isEvent() }

// QueryChanged: the person edited the company name.
type QueryChanged struct{ Query string }

// SearchDue: the debounce delay for search Seq has passed.
type SearchDue struct{ Seq int }

// CompaniesFound: the search for Seq answered. At is when it was sent.
type CompaniesFound struct {
	Seq       int
	Query     string
	Companies []Company
	At        time.Time
}

// CompanyChosen: the person picked an existing company to reuse.
type CompanyChosen struct{ ID string }

// CreateRequested: the person asked for a new company with this name. UID
// is a fresh id the shell minted for it: the company is tagged with it, so a
// retry after a lost answer finds it instead of creating a second one.
type CreateRequested struct{ Name, UID string }

// CreateConfirmed: the person confirmed that none of the close matches is
// their business.
type CreateConfirmed struct{ UID string }

// CompanyReady: the company to use is known (found or created).
type CompanyReady struct {
	Company Company
	Reused  bool
}

// ConsentAccepted: the person agreed to share access.
type ConsentAccepted struct{}

// UnlinkRequested: the person confirmed unlinking one of the company's connections.
type UnlinkRequested struct{ ConnectionID string }

// ConnectionChanged: a connection of the chosen company changed (unlinked, refreshed).
type ConnectionChanged struct{ Connection Connection }

// CategoryChosen: the person picked a category.
type CategoryChosen struct{ Category Category }

// PlatformsLoaded: the enabled integrations of a category arrived.
type PlatformsLoaded struct {
	Category  Category
	Platforms []Platform
}

// PlatformChosen: the person picked a platform by key, or, with no Key, the
// Index-th of those the Filter shows (FilterPlatforms): a pick made while
// the list was still loading is applied once it arrives.
type PlatformChosen struct {
	Key    string
	Filter string
	Index  int
}

// PlatformsPrefetched: every enabled platform, fetched ahead.
type PlatformsPrefetched struct{ Platforms []Platform }

// HostedLinkPrefetched: the company's Hosted Link, fetched ahead.
type HostedLinkPrefetched struct{ CompanyID, URL string }

// SignInAnswered: the answer to "can you sign in to {platform} yourself?".
type SignInAnswered struct{ Yes bool }

// ConnectionReady: the connection to authorize exists, with a fresh link.
type ConnectionReady struct{ Connection Connection }

// CantSignIn: on the authorize screen, the person found they cannot sign in
// after all and wants to hand the job on.
type CantSignIn struct{}

// HostedLinkReady: the company's Hosted Link URL was fetched (fresh).
type HostedLinkReady struct{ URL string }

// CopyRequested: copy the link, or the invite email, to the clipboard.
type CopyRequested struct{ What Copied }

// OpenRequested: open the link in a browser.
type OpenRequested struct{}

// InviteSubmitted: the invite composer was filled in.
type InviteSubmitted struct{ Invite Invite }

// SendRequested: send the invite one way.
type SendRequested struct{ Way InviteWay }

// Sent: the invite left onboard one way. File is where it was saved (with
// WayEML); Note, when set, is what to tell the person instead of the
// default.
type Sent struct {
	Way  InviteWay
	File string
	Note *Notice
}

// Reported: the result of a side effect the person should hear about
// (a copy, a browser open, a saved file), as a Notice names it.
type Reported Notice

// ConnectionUpdated: news about the connection being waited for.
// Connection is what is known of it ("" ID while none is known yet).
type ConnectionUpdated struct {
	Connection  Connection
	Status      string
	Via         WaitVia
	CheckedAt   time.Time
	NextCheck   time.Time
	Failed      bool
	Reason      string
	Err         error
	DataReady   []string
	DataPending []string
	DataBlocked []string // data types Codat will not read until a prerequisite is met
	RateLimited time.Time
	// Refused, when its Count is above zero, says webhook deliveries failed
	// their signature check, so the wait polls instead.
	Refused WebhookRefusal
	Final   bool
}

// WebhookRefusal says deliveries reached onboard but their signature did
// not match the secret it has for an endpoint: that endpoint's signing
// secret is another.
type WebhookRefusal struct {
	Count       int
	At          time.Time
	EndpointID  string // "" when the endpoint is not known
	EndpointURL string
}

// Failed: an effect failed. Doing names what was being done (a doing.NAME
// block); Retry is the effect to repeat on request.
type Failed struct {
	Doing string
	Err   error
	Retry Effect
}

// RetryRequested: the person asked to try the failed step again.
type RetryRequested struct{}

// Back: the person pressed esc; go to the previous step, keeping what they chose.
type Back struct{}

// Finish: the person is done for now (from the link screens) and wants the recap.
type Finish struct{}

// ConnectAnother: from the recap, connect another platform for the same company.
type ConnectAnother struct{}

// PendingLoaded: the onboardings left pending in earlier sessions.
type PendingLoaded struct{ Items []PendingItem }

// CheckPending asks Codat for the current state of one pending item ("" = all).
type CheckPending struct{ ID string }

// PendingChecked: Codat's answer for one pending item.
type PendingChecked struct {
	ID        string
	Status    string
	CheckedAt time.Time
}

// ForgetPending: the person no longer wants to track an item.
type ForgetPending struct{ ID string }

// ResumePending: pick an item up again: resend the invite with a fresh link,
// or show a fresh link to authorize.
type ResumePending struct{ ID string }

// CopyPendingLink: copy a fresh Hosted Link for a pending item.
type CopyPendingLink struct{ ID string }

// StartNew: leave the pending list and onboard another business.
type StartNew struct{}

// Quit: the person asked to leave.
type Quit struct{}

func (QueryChanged) isEvent()         {}
func (SearchDue) isEvent()            {}
func (CompaniesFound) isEvent()       {}
func (CompanyChosen) isEvent()        {}
func (CreateRequested) isEvent()      {}
func (CreateConfirmed) isEvent()      {}
func (CompanyReady) isEvent()         {}
func (ConsentAccepted) isEvent()      {}
func (UnlinkRequested) isEvent()      {}
func (ConnectionChanged) isEvent()    {}
func (CategoryChosen) isEvent()       {}
func (PlatformsLoaded) isEvent()      {}
func (PlatformChosen) isEvent()       {}
func (SignInAnswered) isEvent()       {}
func (ConnectionReady) isEvent()      {}
func (CantSignIn) isEvent()           {}
func (HostedLinkReady) isEvent()      {}
func (CopyRequested) isEvent()        {}
func (OpenRequested) isEvent()        {}
func (InviteSubmitted) isEvent()      {}
func (SendRequested) isEvent()        {}
func (Sent) isEvent()                 {}
func (Reported) isEvent()             {}
func (ConnectionUpdated) isEvent()    {}
func (Failed) isEvent()               {}
func (RetryRequested) isEvent()       {}
func (Back) isEvent()                 {}
func (Finish) isEvent()               {}
func (ConnectAnother) isEvent()       {}
func (Quit) isEvent()                 {}
func (PendingLoaded) isEvent()        {}
func (CheckPending) isEvent()         {}
func (PendingChecked) isEvent()       {}
func (ForgetPending) isEvent()        {}
func (ResumePending) isEvent()        {}
func (CopyPendingLink) isEvent()      {}
func (StartNew) isEvent()             {}
func (PlatformsPrefetched) isEvent()  {}
func (HostedLinkPrefetched) isEvent() {}
