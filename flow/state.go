package flow

import "time"

// Step is where the person is in the journey.
type Step int

// The steps, in journey order.
const (
	StepResume    Step = iota // what was handed on before, to check or pick up
	StepCompany               // type a name, pick a match or create
	StepConsent               // what sharing means, how to revoke
	StepCategory              // accounting, banking or commerce
	StepPlatform              // which platform of that category
	StepSignIn                // "can you sign in to {platform} yourself?"
	StepAuthorize             // the connection's link, waiting for it to link
	StepDelegate              // the Hosted Link to hand on, and the invite
	StepDone                  // recap and next steps
)

func (s Step) String() string {
	switch s {
	case StepResume:
		return "resume"
	case StepCompany:
		return "company"
	case StepConsent:
		return "consent"
	case StepCategory:
		return "category"
	case StepPlatform:
		return "platform"
	case StepSignIn:
		return "sign-in"
	case StepAuthorize:
		return "authorize"
	case StepDelegate:
		return "delegate"
	case StepDone:
		return "done"
	}
	return "unknown"
}

// Connection statuses as Codat names them.
const (
	StatusPendingAuth  = "PendingAuth"
	StatusLinked       = "Linked"
	StatusUnlinked     = "Unlinked"
	StatusDeauthorized = "Deauthorized"
)

// Connection is what the journey needs to know of a data connection.
type Connection struct {
	ID           string
	PlatformKey  string
	PlatformName string
	// IntegrationID and SourceID name the platform too: Codat may leave
	// integrationKey out of a connection, and they identify it then.
	IntegrationID string
	SourceID      string
	Created       time.Time
	Category      Category
	Status        string
	LinkURL       string
	// LinkHandedOut: LinkURL was opened or copied. Codat's links may work
	// once, so the next open or copy reads the connection for a fresh one.
	LinkHandedOut bool
	// FailReason is Codat's message when the last attempt to link failed
	// (for example "User cancelled").
	FailReason string
}

// Company is a Codat company as the journey sees it.
type Company struct {
	ID          string
	Name        string
	Connections []Connection
}

// LinkedBefore reports whether the business has ever completed a link with
// this company: such a company is the one to reuse (Codat's guidance), even
// when that link has since been unlinked or deauthorized.
func (c Company) LinkedBefore() bool {
	for _, conn := range c.Connections {
		switch conn.Status {
		case StatusLinked, StatusUnlinked, StatusDeauthorized:
			return true
		}
	}
	return false
}

// LinkedIn returns the linked connection of a category, if any.
func (c Company) LinkedIn(cat Category) (Connection, bool) {
	for _, conn := range c.Connections {
		if conn.Category == cat && conn.Status == StatusLinked {
			return conn, true
		}
	}
	return Connection{}, false
}

// Platform is an integration a person can pick.
type Platform struct {
	Key           string
	Name          string
	Category      Category
	IntegrationID string
	SourceID      string
	Sandbox       bool // a test platform with made-up data
	Beta          bool
	Offline       bool // runs on the business's own computer (a desktop connector)
	// Disabled platforms are in Codat's catalogue but not switched on for
	// this account: they can be named, not connected.
	Disabled bool
}

// Outcome is where a category ended up in this session, for the recap.
type Outcome int

// Outcomes in the recap.
const (
	OutcomeSkipped Outcome = iota
	OutcomeLinked
	OutcomeWaiting // link shown or handed on, not linked yet
)

// RecapItem is one line of the recap.
type RecapItem struct {
	Category Category
	Platform string
	Outcome  Outcome
	// Path and WaitingOn say who is expected to act: the person themselves
	// (PathAuthorize), the address WaitingOn, or, when it is "", whoever
	// the Hosted Link is sent to.
	Path      Path
	WaitingOn string
}

// Invite is what the person typed into the invite composer.
type Invite struct {
	To          string
	ToName      string
	FromName    string
	FromEmail   string // the sender's address, for the From line of an .eml ("" = the mail app fills it in)
	FromCompany string
	Subject     string // "" = the default from the template
	Body        string // "" = the default from the template
	// Link is the Hosted Link Body was written around. When a fresh link
	// is fetched, it takes this one's place in Body.
	Link string
}

// PendingItem is an onboarding started earlier and not yet linked, as the
// local store remembers it.
type PendingItem struct {
	ID           string
	CompanyID    string
	CompanyName  string
	Category     Category
	PlatformKey  string
	PlatformName string
	ConnectionID string
	Path         Path
	Recipient    string
	// HandedOn is how far the invite went, and HandedOnAt when; never
	// "sent" (see HandedOn).
	HandedOn   HandedOn
	HandedOnAt time.Time
	// FromName and FromEmail signed the invite: picking it up keeps them.
	FromName  string
	FromEmail string
	StartedAt time.Time
	Status    string
	CheckedAt time.Time
	Checking  bool
}

// The journey holds no words of its own: what it tells the person is the
// name of a block of assets/screens.tmpl and the data the block takes, and
// the shells find the words when they draw.

// Problem is an error the person must see, with what they can do about it.
type Problem struct {
	// Doing names what failed: a doing.NAME block ("doing.create").
	Doing string
	Err   error
	// Retry is the effect to repeat when the person asks to try again; nil
	// when retrying makes no sense (the person should go back instead).
	Retry Effect
}

// Notice is a passing message, such as how a link was copied: the block
// Key, with Data.
type Notice struct {
	Key  string
	Data any
	Bad  bool
}

// Busy says what is under way, shown with a spinner: the block Key
// ("busy.create"), with Data.
type Busy struct {
	Key  string
	Data any
}

// Watch describes the live state of waiting for a link to complete.
type Watch struct {
	Active    bool
	Via       WaitVia
	CheckedAt time.Time
	NextCheck time.Time
	Status    string
	Failed    bool
	Reason    string // Codat's words for why linking failed
	Err       error  // why the wait could not go on
	// DataReady lists data types already fetched, DataPending those still
	// to come, DataBlocked those Codat will not read until a prerequisite
	// is met in the platform (final, but not there).
	DataReady   []string
	DataPending []string
	DataBlocked []string
	RateLimited time.Time
	// Refused stays once webhook deliveries failed their signature check:
	// the wait polls instead, and the screen says why.
	Refused WebhookRefusal
}

// State is the whole journey, a plain value.
type State struct {
	Step Step
	// Demo is true when running on the built-in sandbox.
	Demo bool
	// Reader is who will read the company's data, and what, once known.
	Reader Reader

	// Company search.
	Query       string
	SearchSeq   int
	Searching   bool
	Matches     []Company
	SearchedFor string // the query the last answered search was for
	// Found is what that search answered; Matches are those of them whose
	// name still holds what is typed now, so no stale match is shown while
	// the next search is under way.
	Found []Company
	// SearchedAt is when the search behind Found was sent, by the shell's
	// clock: a create right after it needs no search of its own.
	SearchedAt time.Time
	// SearchSent is the Seq of the last search sent; a search the debounce
	// still holds back is sent at once when enter is pressed.
	SearchSent int
	// ConfirmCreate is set when the person asked to create a company while
	// close matches exist: they must confirm none of them is theirs.
	ConfirmCreate bool
	// CreateWhenFound holds the uid of a create asked for while the search
	// for the name was still under way: it goes ahead (or asks for the
	// confirmation) once the matches are known.
	CreateWhenFound string
	// CreateUID tags the company asked for under CreateName. Every later
	// request for the same name uses it again, so a request repeated after a
	// lost answer, or after going back, finds the company the first one made
	// instead of creating a second.
	CreateUID, CreateName string

	Company Company
	Reused  bool

	Category  Category
	Platforms []Platform
	Platform  Platform

	// Fetched ahead, while the person reads the screen before the one that
	// needs it. Catalogue is every enabled platform, asked for as the
	// consent screen shows.
	Catalogue                         []Platform
	CatalogueLoaded, CatalogueLoading bool
	// AheadLink is the Hosted Link of the company AheadFor, fetched while
	// "can you sign in?" shows (AheadFetching while under way). It is
	// shown at most once, and dropped when the question is left any other
	// way, so a link is never kept beyond the question it was fetched for.
	AheadFor, AheadLink string
	AheadFetching       bool
	// Held is a key press that needs what is still loading (a platform
	// chosen while the list loads, a copy while the link is fetched): it is
	// applied once that arrives, instead of being dropped.
	Held Event

	Connection Connection
	// Unconfirmed names the platform of a connection request whose answer
	// has not arrived (or was lost): the next request for it rechecks first.
	Unconfirmed string
	HostedLink  string
	Invite      Invite
	InviteSent  InviteWay // how the invite left onboard, "" before it did
	// InviteFile is where the invite was saved, with WayEML.
	InviteFile string
	Watch      Watch

	Recap []RecapItem

	// Pending lists what was handed on in earlier sessions.
	Pending []PendingItem

	Busy    *Busy // what is under way; nil when nothing is
	Problem *Problem
	Notice  *Notice
	Quit    bool
}

// Path reports which path the journey took, "" before one was taken.
func (s State) Path() Path {
	switch s.Step {
	case StepAuthorize:
		return PathAuthorize
	case StepDelegate:
		return PathDelegate
	}
	return ""
}

// New returns the journey's start.
func New(demo bool) State {
	return State{Step: StepCompany, Demo: demo}
}

// Start returns the journey's first state and effects: it looks for
// onboardings left pending, which are shown before anything else.
func Start(demo bool) (State, []Effect) {
	return New(demo), []Effect{LoadPending{}, FetchReader{}}
}
