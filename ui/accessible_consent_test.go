package ui

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
)

// namesAKey finds words that tell a person to press a key of the screen.
var namesAKey = regexp.MustCompile(`(?i)\bpress (\w|esc|enter)\b`)

// TestAccessibleWordsNameNoKeys: every notice whose screen words name a key
// has accessible words that name none; blocks only the screens say are
// listed here by name, so a new one is a decision, not an accident.
func TestAccessibleWordsNameNoKeys(t *testing.T) {
	screenOnly := []string{"resume.forget", "resume.unchecked", "company.confirm", "consent.existing", "consent.confirm", "invite.draftkept",
		"accessible.default"} // "press enter" there is the line prompt's own enter
	for _, name := range assets.ScreenNames() {
		if !namesAKey.MatchString(assets.Screen(name, "X")) || slices.Contains(screenOnly, name) {
			continue
		}
		plain, ok := plainNotices[name]
		if !ok {
			t.Errorf("%q names a key and has no accessible words", name)
			continue
		}
		if words := assets.Screen(plain, "X"); namesAKey.MatchString(words) || words == plain {
			t.Errorf("accessible words %q for %q: %q", plain, name, words)
		}
	}
}

// A company already linked for accounting: accessible mode says how to
// unlink it with the options it has, the consent step offers the unlink,
// and accounting can then be chosen.
func TestAccessibleUnlinksWhatTheCategoryRefuses(t *testing.T) {
	deps, sb := accessibleDeps(t)
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	co, err := c.CreateCompany(t.Context(), api.CompanyRequest{Name: "Linked Larks"})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := c.CreateConnection(t.Context(), co.ID, "gbol")
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Authorize(co.ID, conn.ID); err != nil {
		t.Fatal(err)
	}
	answers := strings.Join([]string{
		"Linked Larks", "1", // the company found
		"1", // consent: continue to the platforms
		"1", // accounting: refused, Xero is linked
		"4", // go back to the consent step
		"2", // unlink Xero (Accounting)
		"y", // yes
		"y", // continue
		"1", // accounting, now allowed
	}, "\n") + "\n"
	var out bytes.Buffer
	_, err = RunAccessible(context.Background(), strings.NewReader(answers), &out, deps, "")
	if err != ErrInputEnded {
		t.Fatalf("err = %v, want the answers to end at the platform question\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"Demo Capital Ltd will be able to read invoices, bills",
		assets.Screen("accessible.onlyone", "Xero"),
		"1. Continue to the platforms\n2. Unlink Xero (Accounting)\n3. Go back",
		assets.Screen("consent.unlinked", "Xero"),
		assets.Screen("platform.title", "accounting"),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if namesAKey.MatchString(text) {
		t.Errorf("accessible output names a key: %q\n%s", namesAKey.FindString(text), text)
	}
}
