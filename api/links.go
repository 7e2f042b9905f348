package api

import (
	"context"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// codatLinkHosts serve Codat's Hosted Link (company links) and the
// connection-specific start links.
var codatLinkHosts = map[string]bool{
	"link.codat.io":     true,
	"link-api.codat.io": true,
}

// hostedLinkBase builds a company's Hosted Link when Codat's answer lacks one.
const hostedLinkBase = "https://link.codat.io/company/"

// parseLinkHost checks a Config.LinkHosts entry: a bare host or host:port.
func parseLinkHost(h string) (string, error) {
	h = strings.ToLower(strings.TrimSpace(h))
	u, err := url.Parse("//" + h)
	if h == "" || err != nil || u.Host != h || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", ErrLinkHostEntry{Sanitize(h)}
	}
	return h, nil
}

// ValidateLink checks a link before it is shown, copied, opened or mailed:
// it must be https on a Codat link host (link.codat.io, link-api.codat.io),
// on a Config.LinkHosts entry or on the API base URL's own host; plain http
// is accepted only for such a host on a loopback address, or named in
// Config.HTTPLinkHosts. It must carry no
// user name or password and no whitespace or control characters. It returns
// the link normalised (lower-case scheme and host, non-ASCII escaped), so the
// text a person copies is exactly what was checked.
func (c *Client) ValidateLink(raw string) (string, error) {
	if raw == "" {
		return "", ErrNoLink
	}
	if !utf8.ValidString(raw) {
		return "", ErrLinkNotText
	}
	for _, r := range raw {
		if unicode.IsSpace(r) || isUnsafeRune(r) {
			return "", ErrLinkUnsafe
		}
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Opaque != "" || u.Host == "" {
		return "", ErrLinkNotAbsolute
	}
	if u.User != nil {
		return "", ErrLinkUserinfo
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	trusted := codatLinkHosts[u.Host] || c.linkHosts[u.Host] || u.Host == c.base.Host
	switch {
	case !trusted:
		return "", ErrLinkHost{Sanitize(u.Host)}
	case u.Scheme == "https":
	case u.Scheme == "http" && !codatLinkHosts[u.Host] && (loopbackHost(u.Hostname()) || c.httpHosts[u.Host]):
	default:
		return "", ErrLinkScheme{Sanitize(u.Scheme)}
	}
	return u.String(), nil
}

// HostedLink returns the company's Hosted Link, read fresh from Codat every
// time: links may be one-time and expire after a day, so none is cached. The
// link is the company's redirect field; only when that is missing is it
// built from the company id. It is validated with ValidateLink.
func (c *Client) HostedLink(ctx context.Context, companyID string) (string, error) {
	const op = OpHostedLink
	co, err := c.getCompany(ctx, op, companyID)
	if err != nil {
		return "", err
	}
	if co.ID == "" {
		co.ID = strings.TrimSpace(companyID)
	}
	return c.CompanyLink(co)
}

// CompanyLink is the Hosted Link in a company Codat has just sent (a
// search's or a create's answer): its redirect, or when that is missing one
// built from its id, validated with ValidateLink. Use it only on an answer
// just received: links may be one-time and expire.
func (c *Client) CompanyLink(co Company) (string, error) {
	const op = OpHostedLink
	link := co.Redirect
	if link == "" {
		link = hostedLinkBase + url.PathEscape(co.ID)
	}
	valid, err := c.ValidateLink(link)
	if err != nil {
		return "", &OpError{op, err}
	}
	return valid, nil
}
