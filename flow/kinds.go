package flow

// The fixed lists the journey and the commands share, typed so that a
// misspelt value is a compile error rather than a silent mismatch.

// Path is which way a link was handed on.
type Path string

// The two paths.
const (
	PathAuthorize Path = "authorize" // the person signs in themselves
	PathDelegate  Path = "delegate"  // someone else is sent the Hosted Link
)

// InviteWay is how a composed invite leaves onboard.
type InviteWay string

// The ways to send an invite. Adding one is a constant here (and in
// InviteWays), its words in assets/screens.tmpl (keys.NAME, keyhelp.NAME,
// delegate.sent.NAME, delegate.sentnote.NAME, accessible.way.NAME), its key
// in ui/keys.go and its action in the runner (ui/send.go).
const (
	WayMail InviteWay = "mail" // opened in the mail app, to be sent there
	WayText InviteWay = "text" // the email text, copied to paste anywhere
	WayEML  InviteWay = "eml"  // an .eml file, saved to open in a mail app
)

// WayPrint prints the whole email in the terminal, to copy from there: the
// line-by-line journey offers it, where the screen does not keep the email
// in view.
const WayPrint InviteWay = "print"

// InviteWays lists the ways in the order they are offered.
var InviteWays = []InviteWay{WayMail, WayText, WayEML}

// PlainWays are the ways the line-by-line journey offers: the same, and
// printing.
var PlainWays = []InviteWay{WayMail, WayText, WayEML, WayPrint}

// HandedOn is how far onboard saw an invite go. It never says "sent": a
// mail app does not tell onboard whether Send was pressed, nor a clipboard
// whether it was pasted.
type HandedOn string

// How far an invite went.
const (
	HandedOnPrepared HandedOn = "prepared" // written out (.eml saved or printed, text printed), to send from a mail app
	HandedOnMailApp  HandedOn = "mail_app" // opened in the mail app, to be sent there
	HandedOnCopied   HandedOn = "copied"   // put on a clipboard, to paste into an email
)

// HandedOn is how far an invite that left this way went, as onboard saw it.
func (w InviteWay) HandedOn() HandedOn {
	switch w {
	case WayMail:
		return HandedOnMailApp
	case WayText:
		return HandedOnCopied
	}
	return HandedOnPrepared
}

// Copied names what a copy put on the clipboard, for the report.
type Copied string

// What can be copied.
const (
	CopiedLink      Copied = "link"
	CopiedEmail     Copied = "email"
	CopiedFreshLink Copied = "freshlink"
)

// WaitVia is how a wait learned its answer.
type WaitVia string

// The ways a wait hears from Codat.
const (
	ViaWebhook WaitVia = "webhook"
	ViaPoll    WaitVia = "poll"
)
