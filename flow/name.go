package flow

import (
	"strings"

	"github.com/onboardcli/onboard/assets"
)

// NameRule explains which characters Codat keeps in a company name.
var NameRule = assets.Screen("company.namerule", nil)

// CleanCompanyName returns the name as Codat would store it (other
// characters are silently dropped by Codat), and whether that differs from
// what was typed.
func CleanCompanyName(name string) (cleaned string, changed bool) {
	var b strings.Builder
	for _, r := range name {
		if allowedInName(r) {
			b.WriteRune(r)
		}
	}
	cleaned = strings.Join(strings.Fields(b.String()), " ")
	return cleaned, cleaned != strings.Join(strings.Fields(name), " ")
}

func allowedInName(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case r == ' ', r == '\t':
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
	if cleaned, _ := CleanCompanyName(name); cleaned == "" {
		return errorString(NameRule)
	}
	return nil
}

type errorString string

func (e errorString) Error() string { return string(e) }
