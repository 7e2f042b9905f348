package flow

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/onboardcli/onboard/assets"
)

// NameRule explains which characters Codat keeps in a company name. It is a
// function so that no words are parsed before main.
func NameRule() string { return assets.Screen("company.namerule", nil) }

// CodatName returns a typed business name in the form Codat accepts, and
// whether that differs from what was typed. Codat's name pattern is ASCII
// letters and digits, spaces and - ' , & @ . ? !, so:
//   - any kind of space (a pasted non-breaking one included) is a space, and
//     runs of spaces are one;
//   - letters with accents lose them, and letters ASCII spells otherwise are
//     spelt so (Müller → Mueller, Søhne → Soehne, straße → strasse), so no
//     letter is lost;
//   - anything else is dropped, as Codat would drop it.
//
// It is the one rule for names: searching, matching, creating and what the
// screens say Codat will store all use it.
func CodatName(typed string) (name string, changed bool) {
	var b strings.Builder
	b.Grow(len(typed))
	space := false
	runes := []rune(typed)
	for i, r := range runes {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		spelt := asciiSpelling(r)
		if spelt == "" {
			continue
		}
		if len(spelt) > 1 && unicode.IsUpper(r) && inCapitals(runes, i) {
			spelt = strings.ToUpper(spelt) // MÜLLER → MUELLER, not MUeLLER
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(spelt)
	}
	name = b.String()
	return name, name != strings.Join(strings.Fields(typed), " ")
}

// inCapitals reports whether the letter at i is written among capitals:
// the next letter is one, or, at a word's end, the one before it.
func inCapitals(runes []rune, i int) bool {
	if i+1 < len(runes) && unicode.IsLetter(runes[i+1]) {
		return unicode.IsUpper(runes[i+1])
	}
	return i > 0 && unicode.IsUpper(runes[i-1])
}

// SameCompanyName reports whether two names are one business's as Codat
// would store them: the same letters, ignoring case and spacing.
func SameCompanyName(a, b string) bool {
	ca, _ := CodatName(a)
	cb, _ := CodatName(b)
	return ca != "" && strings.EqualFold(ca, cb)
}

// CompanyKey is the form under which two names of one business are equal
// (CodatName, folded to lower case): for locks, journals and de-duplication.
func CompanyKey(typed string) string {
	name, _ := CodatName(typed)
	return strings.ToLower(name)
}

// spellings are letters whose plain ASCII form is not the letter without its
// accent: German and Nordic conventions, ligatures and letters with strokes.
var spellings = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ß': "ss", 'ẞ': "SS",
	'æ': "ae", 'Æ': "Ae", 'œ': "oe", 'Œ': "Oe", 'ø': "oe", 'Ø': "Oe", 'å': "aa", 'Å': "Aa",
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "Th", 'ı': "i",
	'ħ': "h", 'Ħ': "H", 'ŀ': "l", 'Ŀ': "L", 'ŧ': "t", 'Ŧ': "T",
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '–': "-", '—': "-", '‐': "-", '‑': "-", '＆': "&",
}

// asciiSpelling is r as Codat can store it: itself, its spelling, its base
// letter without accents, or "" when Codat would drop it.
func asciiSpelling(r rune) string {
	if allowedInName(r) {
		return string(r)
	}
	if s, ok := spellings[r]; ok {
		return s
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if allowedInName(d) && d != ' ' {
			b.WriteRune(d)
		}
	}
	return b.String()
}

func allowedInName(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune("-',&@.?!", r)
}

// ValidateCompanyName is the input rule for a company name, usable as a form
// validator: it rejects names Codat would reduce to nothing.
func ValidateCompanyName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errorString(assets.Screen("company.noname", nil))
	}
	if cleaned, _ := CodatName(name); cleaned == "" {
		return errorString(NameRule())
	}
	return nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

// ShownName is the business's name as a person wrote it, where Codat keeps
// its own spelling of the same name: typed ("Müller & Söhne GmbH") when it
// is the same company name as stored ("Mueller & Soehne GmbH"), else stored.
func ShownName(typed, stored string) string {
	typed = strings.Join(strings.Fields(typed), " ")
	if typed != "" && SameCompanyName(typed, stored) {
		return typed
	}
	return stored
}
