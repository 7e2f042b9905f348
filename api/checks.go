package api

import (
	"errors"
	"fmt"
)

// The checks the client makes itself, before or after talking to Codat.
// Each error carries what a person needs to be told, and package explain
// words it; Error is a terse form for logs. Values that came from outside are
// sanitized before they are kept.

// Credentials, from New.
var (
	// ErrNoCredentials: neither an API key nor an authorization header.
	ErrNoCredentials = errors.New("codat: no credentials")
	// ErrKeyUnsafe: the key holds spaces or control characters, so it
	// could break the header or smuggle another one in.
	ErrKeyUnsafe = errors.New("codat api key: unsafe characters")
	// ErrAuthHeaderMalformed: the header is not "Basic <token>".
	ErrAuthHeaderMalformed = errors.New("codat auth header: malformed")
)

// The base URL, from New.

// ErrBaseURLNotAbsolute: the base URL is not an absolute URL.
type ErrBaseURLNotAbsolute struct{ URL string }

func (e ErrBaseURLNotAbsolute) Error() string {
	return fmt.Sprintf("codat base url %q: not absolute", e.URL)
}

// ErrBaseURLUserinfo: the base URL carries a user name or password, which is
// not repeated here.
var ErrBaseURLUserinfo = errors.New("codat base url: has userinfo")

// ErrBaseURLQuery: the base URL has a query or a fragment.
type ErrBaseURLQuery struct{ URL string }

func (e ErrBaseURLQuery) Error() string {
	return fmt.Sprintf("codat base url %q: has query/fragment", e.URL)
}

// ErrBaseURLPlainHTTP: plain http to a host off this machine would expose
// the key.
type ErrBaseURLPlainHTTP struct{ URL string }

func (e ErrBaseURLPlainHTTP) Error() string {
	return fmt.Sprintf("codat base url %q: http off loopback", e.URL)
}

// ErrBaseURLScheme: the base URL is neither https nor http.
type ErrBaseURLScheme struct{ URL string }

func (e ErrBaseURLScheme) Error() string {
	return fmt.Sprintf("codat base url %q: scheme not https", e.URL)
}

// Links, from ValidateLink and New (Config.LinkHosts).

// ErrLinkHostEntry: a Config.LinkHosts entry is not host[:port].
type ErrLinkHostEntry struct{ Host string }

func (e ErrLinkHostEntry) Error() string {
	return fmt.Sprintf("link host entry %q: not host[:port]", e.Host)
}

// Why ValidateLink refused a link that carries nothing worth repeating.
var (
	ErrNoLink          = errors.New("link: empty")
	ErrLinkNotText     = errors.New("link: invalid utf-8")
	ErrLinkUnsafe      = errors.New("link: unsafe characters")
	ErrLinkNotAbsolute = errors.New("link: not absolute")
	ErrLinkUserinfo    = errors.New("link: has userinfo")
)

// ErrLinkHost: the link goes to a host that serves no Codat link.
type ErrLinkHost struct{ Host string }

func (e ErrLinkHost) Error() string { return fmt.Sprintf("link: host %s not trusted", e.Host) }

// ErrLinkScheme: the link is not https (or http to this machine).
type ErrLinkScheme struct{ Scheme string }

func (e ErrLinkScheme) Error() string { return fmt.Sprintf("link: scheme %s not allowed", e.Scheme) }

// What a call was asked with.

// Field names an input a call needs, as Codat's contract names it.
type Field string

// The inputs a call may be missing.
const (
	FieldCompanyID    Field = "companyId"
	FieldConnectionID Field = "connectionId"
	FieldPlatformKey  Field = "platformKey"
	FieldWebhookID    Field = "webhookId"
	FieldEndpointURL  Field = "url"
	FieldCompanyName  Field = "name"
	FieldUID          Field = "uid"
)

// ErrMissing: a call was made without an input it needs.
type ErrMissing struct{ Field Field }

func (e ErrMissing) Error() string { return fmt.Sprintf("missing %s", e.Field) }

// ErrNameHasNoLetters: a company name keeps nothing once the characters
// Codat drops are gone.
type ErrNameHasNoLetters struct{ Name string }

func (e ErrNameHasNoLetters) Error() string {
	return fmt.Sprintf("company name %q: no usable characters", e.Name)
}

// Codat's paging.

// ErrTooManyPages: a list went on past the pages a client reads.
type ErrTooManyPages struct{ Pages int }

func (e ErrTooManyPages) Error() string { return fmt.Sprintf("paging: over %d pages", e.Pages) }

// ErrNextPageNotURL: Codat's next-page link does not parse.
type ErrNextPageNotURL struct{ Link string }

func (e ErrNextPageNotURL) Error() string { return fmt.Sprintf("next page %q: not a url", e.Link) }

// ErrNextPageHost: Codat's next-page link points off the base URL's host,
// where the key must not go.
type ErrNextPageHost struct{ Host, Want string }

func (e ErrNextPageHost) Error() string {
	return fmt.Sprintf("next page host %s: want %s", e.Host, e.Want)
}

// ErrNextPageList: Codat's next-page link leaves the list being read.
type ErrNextPageList struct{ Path string }

func (e ErrNextPageList) Error() string { return fmt.Sprintf("next page: leaves %s", e.Path) }

// ErrNextPageSeen: Codat's next-page link leads to a page already read.
var ErrNextPageSeen = errors.New("next page: already read")

// ErrBodyTooLarge: Codat's answer was over 16 MiB, so it was not read.
var ErrBodyTooLarge = errors.New("codat: answer over 16 MiB")
