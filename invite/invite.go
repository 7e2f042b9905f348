// Package invite composes the email that asks someone else, usually the
// business's accountant, to connect a platform through Codat's Hosted Link.
//
// The request has to come from the business itself to be trusted, so the
// email is written in the sender's name and leaves through their own mail
// client: as a mailto: URI, as plain text to paste into webmail, or as an
// .eml draft. The words live in the templates of assets.Invite; this package
// fills them in and encodes the result safely for each way out.
package invite

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"text/template"
	"unicode"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// Details is what the invite says: who asks whom to connect what.
type Details struct {
	To, ToName            string      // recipient address (one bare addr-spec) and name ("" ok)
	FromName, FromCompany string      // the person asking, and their business ("" = CompanyName)
	CompanyName           string      // the Codat company (business) being connected
	PlatformName          string      // e.g. "Xero" ("" = they pick in Link)
	Category              string      // "accounting", "banking", "commerce" ("" ok)
	Link                  string      // the Hosted Link URL (already validated by the caller)
	LinkHost              string      // host shown in the text, e.g. "link.codat.io" ("" = the link's host)
	Sandbox               bool        // demo: say plainly that this is a sandbox demo link
	Reader                flow.Reader // who reads the data, and what ("" fields = unknown)
	// Kind is what Link is: the company's Hosted Link (the zero value),
	// which opens Codat's picker of kind and platform, or one connection's
	// own link, which goes straight to its platform's sign-in.
	Kind LinkKind
}

// LinkKind says what an invite's link opens, so the text promises what the
// recipient will see.
type LinkKind int

const (
	// CompanyLink is a company's Hosted Link: a page to pick the kind of
	// software and the platform, then its sign-in.
	CompanyLink LinkKind = iota
	// ConnectionLink is a connection's own link (its linkUrl): straight to
	// that platform's sign-in.
	ConnectionLink
)

// Email is a composed invite, ready to leave as mailto:, text or .eml.
type Email struct{ To, Subject, Body string }

// templateData is what the templates in assets.Invite receive. Every field
// except Link is a single line of plain text.
type templateData struct {
	ToName, FromName, FromCompany string
	Company, Platform, Category   string
	Link, LinkHost, LinkPrefix    string
	Sandbox                       bool
	// Reader, ReadList and ReadMonths say who reads the data and what;
	// empty or 0 when Codat would not say.
	Reader, ReadList string
	ReadMonths       int
	// ConnectionLink is true for a connection's own link (Details.Kind).
	ConnectionLink bool
	// SameBusiness is true when the sender writes from the business being
	// connected, so the text can say "us" instead of naming it twice.
	SameBusiness bool
}

var templates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("invite").ParseFS(assets.Invite, "invite/*.tmpl"))
})

// Compose fills in the default subject and body for d. It checks the
// recipient address and that the link is an absolute URL whose host is the
// one the text names, because the email tells the reader to check exactly
// that before signing in.
func Compose(d Details) (Email, error) {
	if err := ValidateAddress(d.To); err != nil {
		return Email{}, fmt.Errorf("compose invite: recipient: %w", err)
	}
	data := templateData{
		ToName:      oneLine(d.ToName),
		FromName:    oneLine(d.FromName),
		FromCompany: oneLine(d.FromCompany),
		Company:     oneLine(d.CompanyName),
		Platform:    oneLine(d.PlatformName),
		Category:    strings.ToLower(oneLine(d.Category)),
		Sandbox:     d.Sandbox,
		Reader:      oneLine(d.Reader.Client),
		ReadList:    oneLine(ReadList(d.Reader.DataTypes, emailTypes)),
		ReadMonths:  d.Reader.Months,

		ConnectionLink: d.Kind == ConnectionLink,
	}
	if data.Company == "" {
		return Email{}, assets.Error("invitecheck.nocompany")
	}
	if data.Category != "" && !flow.Category(data.Category).Known() {
		var known []string
		for _, c := range flow.Categories {
			known = append(known, string(c))
		}
		return Email{}, errors.New(assets.Text("invitecheck.category", assets.Vars{"Category": data.Category, "Known": strings.Join(known, ", ")}))
	}
	data.SameBusiness = data.FromCompany == "" || strings.EqualFold(data.FromCompany, data.Company)
	link, err := checkLink(d.Link, oneLine(d.LinkHost), d.Sandbox)
	if err != nil {
		return Email{}, fmt.Errorf("compose invite: %w", err)
	}
	data.Link = d.Link
	data.LinkHost = link.Host
	data.LinkPrefix = link.Scheme + "://" + link.Host + "/"

	subject, err := render("subject.tmpl", data)
	if err != nil {
		return Email{}, err
	}
	body, err := render("body.tmpl", data)
	if err != nil {
		return Email{}, err
	}
	return Email{
		To:      d.To,
		Subject: strings.Join(strings.Fields(subject), " "),
		Body:    strings.TrimSpace(normalizeLF(body)) + "\n",
	}, nil
}

func render(name string, data templateData) (string, error) {
	var b bytes.Buffer
	if err := templates().ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("compose invite: render %s: %w", name, err)
	}
	return b.String(), nil
}

// checkLink parses the Hosted Link URL and checks that it can stand on a line
// of its own and that its host is the one the text tells the reader to look
// for. Outside the sandbox it must be https.
func checkLink(raw, wantHost string, sandbox bool) (*url.URL, error) {
	if raw == "" {
		return nil, assets.Error("invitecheck.nolink")
	}
	if strings.IndexFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unsafeRune(r) }) >= 0 {
		return nil, assets.Error("invitecheck.linkspaces")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse link: %w", err)
	}
	switch {
	case u.Scheme != "https" && !(sandbox && u.Scheme == "http"):
		return nil, errors.New(assets.Text("invitecheck.linkscheme", u.Scheme+"://"))
	case u.Host == "":
		return nil, assets.Error("invitecheck.linknohost")
	case u.User != nil:
		return nil, assets.Error("invitecheck.linkuser")
	case wantHost != "" && !strings.EqualFold(u.Host, wantHost):
		return nil, errors.New(assets.Text("invitecheck.linkhost", assets.Vars{"Host": u.Host, "Want": wantHost}))
	}
	return u, nil
}

// oneLine neutralises a single-line field before it reaches a template or a
// header: line breaks, other control characters and bidi controls become
// spaces, and runs of white space collapse to one.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// unsafeRune reports whether r could move text around when displayed: a C0 or
// C1 control, a Unicode line or paragraph separator, or a bidi control.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u2028', r == '\u2029':
		return true
	case r == '\u061C', r == '\u200E', r == '\u200F',
		r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// normalizeLF turns CRLF and lone CR line breaks into LF.
func normalizeLF(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// stripLineBreaks makes a header value single-line: each CR, LF or CRLF
// becomes one space. Nothing else changes.
func stripLineBreaks(s string) string {
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// Message is the body alone, to paste into a message whose recipient and
// subject are filled in apart (webmail, a chat).
func (e Email) Message() string { return normalizeLF(e.Body) }

// Text is the email as plain text to print or save whole: "To: …",
// "Subject: …", a blank line, then the body.
func (e Email) Text() string {
	return "To: " + oneLine(e.To) + "\nSubject: " + stripLineBreaks(e.Subject) + "\n\n" + normalizeLF(e.Body)
}
