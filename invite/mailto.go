package invite

import (
	"net/url"
	"strings"
)

// MaxMailtoLength is the longest mailto: URI worth handing to a mail app.
// RFC 6068 sets no limit, but browsers and Windows' URL handlers have cut
// or refused URIs a little over 2,000 characters.
const MaxMailtoLength = 1800

// Mailto encodes the email as an RFC 6068 mailto: URI: the recipient in the
// path and exactly two fields, subject and body. Each value is
// percent-encoded in full (space as %20, never '+'; '&', '=', '?', '#', '%'
// and '+' escaped), so no company name can add a field such as bcc. Line
// breaks in the body become %0D%0A; the subject loses its line breaks. An
// invalid or empty To leaves the path empty, so the mail app asks for a
// recipient. tooLong reports a URI over MaxMailtoLength: offer the text to
// copy instead.
func (e Email) Mailto() (uri string, tooLong bool) {
	var b strings.Builder
	b.WriteString("mailto:")
	if addr, err := asciiAddress(e.To); err == nil {
		b.WriteString(escapeAddress(addr))
	}
	b.WriteString("?subject=")
	b.WriteString(escapeField(stripLineBreaks(e.Subject)))
	b.WriteString("&body=")
	b.WriteString(escapeField(strings.ReplaceAll(normalizeLF(e.Body), "\n", "\r\n")))
	uri = b.String()
	return uri, len(uri) > MaxMailtoLength
}

// escapeField percent-encodes a mailto: field value. QueryEscape already
// writes a literal '+' as %2B, so every '+' left in its output is a space.
func escapeField(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// escapeAddress percent-encodes an address for the mailto: path, keeping
// only unreserved characters and the '@' literal. Local parts may hold
// '?', '&', '=', '%', '#' or '+', which would otherwise start or split
// fields, or be read as a space by some web mail handlers.
func escapeAddress(addr string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '@':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
