package invite

import (
	"net/mail"
	"strings"
	"unicode"

	"golang.org/x/net/idna"

	"github.com/onboardcli/onboard/assets"
)

// Messages for addresses a person typed; they read as advice, not diagnoses.
var (
	errNoAddress     = assets.Error("invitecheck.noaddress")
	errSpaces        = assets.Error("invitecheck.spaces")
	errNotOneAddress = assets.Error("invitecheck.notone")
	errLocalNonASCII = assets.Error("invitecheck.localascii")
	errNoDomainName  = assets.Error("invitecheck.nodomain")
	errBadDomain     = assets.Error("invitecheck.baddomain")
	errBadPunycode   = assets.Error("address.badpunycode")
)

// domainProfile checks a domain the way a resolver would look it up, and
// also that it fits DNS's length limits.
var domainProfile = idna.New(idna.MapForLookup(), idna.VerifyDNSLength(true))

// ValidateAddress checks that s is exactly one bare email address, such as
// jane@firm.com: no display name, no comment, no second address, no quotes,
// nothing that a mailto: URI or a mail header could read as more. The
// domain may be internationalised (bücher.example); the part before the @
// must be ASCII, because mail to other local parts needs support that many
// servers lack.
func ValidateAddress(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errNoAddress
	case strings.TrimSpace(s) != s:
		return errSpaces
	case strings.ContainsFunc(s, unsafeRune):
		return errNotOneAddress
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return errNotOneAddress
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if strings.ContainsFunc(local, func(r rune) bool { return r > unicode.MaxASCII }) {
		return errLocalNonASCII
	}
	if strings.HasPrefix(domain, "[") || !strings.Contains(domain, ".") {
		return errNoDomainName
	}
	if !punycodeLabelsValid(domain) {
		return errBadPunycode
	}
	if _, err := domainProfile.ToASCII(domain); err != nil {
		return errBadDomain
	}
	return nil
}

// punycodeLabelsValid reports whether every label of domain that starts
// "xn--" is a real A-label: it decodes (IDNA lookup rules) to something that
// is not plain ASCII and encodes back to itself. A mistyped or made-up one,
// such as xn--firm-, names no domain anyone can register, so mail to it is
// lost.
func punycodeLabelsValid(domain string) bool {
	for label := range strings.SplitSeq(domain, ".") {
		lower := strings.ToLower(label)
		if !strings.HasPrefix(lower, "xn--") {
			continue
		}
		u, err := idna.Lookup.ToUnicode(lower)
		if err != nil || !strings.ContainsFunc(u, func(r rune) bool { return r > unicode.MaxASCII }) {
			return false
		}
		if back, err := idna.Lookup.ToASCII(u); err != nil || back != lower {
			return false
		}
	}
	return true
}

// asciiAddress returns a valid address with its domain in ASCII (punycode)
// form, as mail headers and mailto: URIs want it. An ASCII domain is kept as
// typed.
func asciiAddress(addr string) (string, error) {
	if err := ValidateAddress(addr); err != nil {
		return "", err
	}
	at := strings.LastIndexByte(addr, '@')
	domain := addr[at+1:]
	if !strings.ContainsFunc(domain, func(r rune) bool { return r > unicode.MaxASCII }) {
		return addr, nil
	}
	ascii, err := domainProfile.ToASCII(domain)
	if err != nil {
		return "", errBadDomain
	}
	return addr[:at+1] + ascii, nil
}

// Sender is the From of an .eml: "Name <address>", or "" when the address
// is not known (a name alone cannot make a From line; the mail app fills
// it in from the account that sends).
func Sender(name, address string) string {
	address = strings.TrimSpace(address)
	if address == "" {
		return ""
	}
	return (&mail.Address{Name: oneLine(name), Address: address}).String()
}
