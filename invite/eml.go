package invite

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onboardcli/onboard/assets"
)

// EML encodes the email as an RFC 5322 message for saving as a .eml file.
// It carries "X-Unsent: 1", so mail clients that honour it (Outlook, among
// others) open it as a draft to send rather than as a received message.
//
// from is the sender, a bare address or "Name <address>"; "" or a name
// without an address leaves From out, so the mail app fills it in. A zero
// date leaves Date out; msgID ("<id@host>" or "id@host") may be "" too. The
// body is UTF-8 in quoted-printable; the subject and names use RFC 2047
// encoded words when they need to. Line breaks never reach a header, so
// nothing can add one.
func (e Email) EML(from string, date time.Time, msgID string) ([]byte, error) {
	var h bytes.Buffer
	header := func(name, value string) { h.WriteString(name + ": " + value + "\r\n") }

	// A name alone cannot make a From header; the mail app fills in From
	// from the account that sends, with its own name, so it is left out.
	if from != "" && strings.Contains(from, "@") {
		a, err := mail.ParseAddress(from)
		if err != nil {
			return nil, fmt.Errorf("write .eml: sender %q: %w", from, errNotOneAddress)
		}
		addr, err := asciiAddress(a.Address)
		if err != nil {
			return nil, fmt.Errorf("write .eml: sender: %w", err)
		}
		header("From", (&mail.Address{Name: oneLine(a.Name), Address: addr}).String())
	}
	if e.To != "" {
		addr, err := asciiAddress(e.To)
		if err != nil {
			return nil, fmt.Errorf("write .eml: recipient: %w", err)
		}
		header("To", addr)
	}
	// Readers drop white space around a header value, so drop it here too.
	header("Subject", encodeUnstructured(strings.Trim(stripLineBreaks(e.Subject), " \t")))
	if !date.IsZero() {
		header("Date", date.Format(time.RFC1123Z))
	}
	if msgID != "" {
		id, err := checkMessageID(msgID)
		if err != nil {
			return nil, fmt.Errorf("write .eml: %w", err)
		}
		header("Message-ID", id)
	}
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("X-Unsent", "1")
	h.WriteString("\r\n")

	qp := quotedprintable.NewWriter(&h)
	if _, err := qp.Write([]byte(normalizeLF(e.Body))); err != nil {
		return nil, fmt.Errorf("write .eml: body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("write .eml: body: %w", err)
	}
	return h.Bytes(), nil
}

// checkMessageID returns id in angle brackets if it is a plain id-left@id-right.
func checkMessageID(id string) (string, error) {
	inner := strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	bad := inner == "" || strings.Count(inner, "@") != 1 ||
		strings.ContainsFunc(inner, func(r rune) bool {
			return r <= ' ' || r > '~' || strings.ContainsRune("<>()[]\\,;:\"", r)
		})
	if bad {
		return "", errors.New(assets.Text("invitecheck.messageid", id))
	}
	return "<" + inner + ">", nil
}

// encodeUnstructured prepares a single-line header value. Plain printable
// ASCII stays readable; anything else becomes RFC 2047 encoded words, one
// per folded line. Text that merely looks like an encoded word ("=?…") is
// encoded too, so a reader decodes it back to exactly what was written.
func encodeUnstructured(s string) string {
	const maxPlain = 900 // well under RFC 5322's 998-octet line limit
	needsQ := strings.ContainsFunc(s, func(r rune) bool {
		return (r < ' ' && r != '\t') || r > '~'
	}) || !utf8.ValidString(s)
	switch {
	case needsQ:
		return strings.ReplaceAll(mime.QEncoding.Encode("utf-8", s), "?= =?", "?=\r\n =?")
	case strings.Contains(s, "=?") || len(s) > maxPlain:
		return base64Words(s)
	default:
		return s
	}
}

// base64Words encodes printable ASCII as folded "B" encoded words. The mime
// package leaves such text as is, which is right except when it contains
// "=?" or is too long for one line.
func base64Words(s string) string {
	const chunk = 45 // 60 base64 characters: each word stays under 75
	var words []string
	for len(s) > 0 {
		n := min(chunk, len(s))
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, "\r\n ")
}
