package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
)

// TestCategoriesNameOnlyListedPlatforms: the category screen names as
// examples only platforms its lists will show: none before the catalogue
// is in, then the enabled ones, never a platform switched off or a sandbox.
func TestCategoriesNameOnlyListedPlatforms(t *testing.T) {
	atCategory := feed(screen(100, 30, true), flow.QueryChanged{Query: "Acme"},
		flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{plainCompany}},
		flow.CompanyChosen{ID: plainCompany.ID}, flow.ConsentAccepted{})
	before := ansi.Strip(atCategory.render())
	for _, name := range []string{"Plaid", "TrueLayer", "Xero", "Shopify"} {
		if strings.Contains(before, name) {
			t.Errorf("before the catalogue is in, the screen names %s:\n%s", name, before)
		}
	}
	catalogue := []flow.Platform{
		{Key: "suuo", Name: "Plaid", Category: flow.Banking},
		{Key: "upvr", Name: "TrueLayer", Category: flow.Banking, Disabled: true},
		{Key: "gbol", Name: "Xero", Category: flow.Accounting},
		{Key: "mqjo", Name: "Codat Sandbox", Category: flow.Accounting, Sandbox: true},
		{Key: "a1", Name: "Alpha Books", Category: flow.Accounting},
		{Key: "a2", Name: "Beta Ledger", Category: flow.Accounting},
		{Key: "a3", Name: "Gamma Accounts", Category: flow.Accounting},
	}
	after := ansi.Strip(feed(atCategory, flow.PlatformsPrefetched{Platforms: catalogue}).render())
	for _, want := range []string{"transactions (Plaid)", "reports (Xero, Alpha Books, Beta Ledger …)"} {
		if !strings.Contains(after, want) {
			t.Errorf("the screen lacks %q:\n%s", want, after)
		}
	}
	if strings.Contains(after, "products (") {
		t.Errorf("commerce, with no platform listed, names some:\n%s", after)
	}
	for _, name := range []string{"TrueLayer", "Codat Sandbox", "Gamma"} {
		if strings.Contains(after, name) {
			t.Errorf("the screen names %s:\n%s", name, after)
		}
	}
}
