package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// A company made in the Portal as "McDonald Trading" is found when the name
// is typed in any case, also where Codat compares names in a query
// case-sensitively and no case form a query can ask for matches it: link
// and invite leave one company.
func TestUnusualMixedCaseLeavesOneCompany(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{Strict: true})
	made, err := h.client().CreateCompany(t.Context(), api.CompanyRequest{Name: "McDonald Trading"})
	if err != nil {
		t.Fatal(err)
	}
	link := decode[linkResult](t, h.run("", "link", "--company", "mcdonald trading", "--platform", "gbol", "--json"))
	if link.CompanyID != made.ID || !link.CompanyReused {
		t.Errorf("link made or picked %s (reused %v), want %s", link.CompanyID, link.CompanyReused, made.ID)
	}
	inv := decode[inviteResult](t, h.run("", "invite", "--company", "MCDONALD trading", "--to", "jane@firm.example", "--json"))
	if inv.CompanyID != made.ID || !inv.CompanyReused {
		t.Errorf("invite made or picked %s (reused %v), want %s", inv.CompanyID, inv.CompanyReused, made.ID)
	}
	all, err := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Errorf("%d companies, want only McDonald Trading: %+v", len(all), all)
	}
}

// The case rule learnt of an API is kept, one of onboard's own files: a
// link in its place is not followed.
func TestCaseRulesFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := &caseRulesFile{path: filepath.Join(dir, caseRulesFileName)}
	if r := f.CaseRule("https://api.codat.io"); r != api.CaseUnknown {
		t.Fatalf("rule %q before any was learnt", r)
	}
	f.LearnedCaseRule("https://api.codat.io", api.CaseSensitive)
	again := &caseRulesFile{path: f.path}
	if r := again.CaseRule("https://api.codat.io"); r != api.CaseSensitive {
		t.Errorf("kept rule %q, want sensitive", r)
	}
	if r := again.CaseRule("http://127.0.0.1:1"); r != api.CaseUnknown {
		t.Errorf("rule %q for another API", r)
	}

	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dir, "l", caseRulesFileName)
	if err := os.MkdirAll(filepath.Dir(linked), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, linked); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	lf := &caseRulesFile{path: linked}
	lf.LearnedCaseRule("https://api.codat.io", api.CaseInsensitive)
	if data, _ := os.ReadFile(target); !strings.EqualFold(string(data), "keep") {
		t.Errorf("wrote through the link: %q", data)
	}
}

// A name Codat's pattern cannot hold is stored in its spelling (Müller →
// Mueller) with the name as typed kept in the description, by link and by
// invite alike; typed again in another case, it is the same company, and
// the email names it as typed.
func TestTransliteratedNameKeepsTheTypedName(t *testing.T) {
	t.Parallel()
	for _, first := range []string{"link", "invite"} {
		t.Run(first, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, sandbox.Options{Strict: true})
			args := map[string][]string{
				"link":   {"link", "--company", "Müller Bäckerei", "--platform", "gbol", "--json"},
				"invite": {"invite", "--company", "Müller Bäckerei", "--to", "jane@firm.example", "--json"},
			}
			r := h.run("", args[first]...)
			wantCode(t, r, exitOK)
			all, err := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 1 || all[0].Name != "Mueller Baeckerei" || all[0].Description != "Müller Bäckerei" {
				t.Fatalf("companies %+v, want one named Mueller Baeckerei described as typed", all)
			}
			inv := h.run("", "invite", "--company", "MÜLLER BÄCKEREI", "--to", "jane@firm.example")
			wantCode(t, inv, exitOK)
			if !strings.Contains(inv.stdout, "Subject: [Sandbox demo] MÜLLER BÄCKEREI: please connect") {
				t.Errorf("the email does not name the business as typed:\n%s", inv.stdout)
			}
			if again, _ := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{}); len(again) != 1 {
				t.Errorf("%d companies after the second invite, want 1", len(again))
			}
		})
	}
}
