package api

import (
	"github.com/onboardcli/onboard/flow"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Sanitize makes a string from outside safe to draw on a terminal. It repairs
// invalid UTF-8, strips escape sequences, then drops every control rune (a
// tab becomes a space), bidirectional controls and zero-width characters, so
// the text can neither move the cursor, restyle the screen, set the clipboard
// or title, nor reorder what the reader sees. Sanitize is idempotent.
func Sanitize(s string) string {
	if isCleanText(s) {
		return s
	}
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteByte(' ')
		case isUnsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SanitizeInput cleans text a person typed or pasted into a field, with the
// rune set of Sanitize: escape sequences, control runes, bidirectional
// controls, zero-width characters and line and paragraph separators go.
// Line breaks and tabs stay, for the field to treat as it does: a one-line
// field turns them into spaces, the email body keeps its lines.
func SanitizeInput(s string) string {
	lineBreakOrTab := func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }
	if !strings.ContainsFunc(s, func(r rune) bool { return isUnsafeRune(r) && !lineBreakOrTab(r) }) && utf8.ValidString(s) {
		return s
	}
	s = ansi.Strip(strings.ToValidUTF8(s, string(utf8.RuneError)))
	return strings.Map(func(r rune) rune {
		if isUnsafeRune(r) && !lineBreakOrTab(r) {
			return -1
		}
		return r
	}, s)
}

// isCleanText reports whether Sanitize would return s unchanged, so the common
// case costs no allocation.
func isCleanText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if isUnsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

// isUnsafeRune reports runes that change how a terminal draws text rather
// than adding to it.
func isUnsafeRune(r rune) bool {
	if unicode.IsControl(r) { // C0, DEL and C1 (U+009B is a one-rune CSI)
		return true
	}
	switch r {
	case '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', // embeddings and overrides
		'\u2066', '\u2067', '\u2068', '\u2069', // isolates
		'\u200E', '\u200F', '\u061C', // directional marks
		'\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', // zero-width
		'\u2028', '\u2029': // line and paragraph separators break lines like \n
		return true
	}
	return false
}

// ValidCompanyName returns name as Codat would store it, by the one name
// rule (flow.CodatName); changed reports whether that differs from name.
func ValidCompanyName(name string) (cleaned string, changed bool) {
	cleaned, _ = flow.CodatName(name)
	return cleaned, cleaned != name
}

// sameCompanyName compares names the way a person would: ignoring case and
// the characters and spacing Codat would not keep.
func sameCompanyName(a, b string) bool { return flow.SameCompanyName(a, b) }
