package ui

import (
	"slices"
	"testing"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// TestEveryKindHasItsWords: the blocks whose names are built from a kind
// (a way to send an invite, a category) exist for every kind, so adding one
// without its words fails here rather than showing a block's name.
func TestEveryKindHasItsWords(t *testing.T) {
	defined := assets.ScreenNames()
	var want []string
	for _, way := range flow.InviteWays {
		w := string(way)
		want = append(want, "keys."+w, "keyhelp."+w, "delegate.sent."+w, "delegate.sentnote."+w, "accessible.way."+w)
		if _, ok := NewKeys().Send[way]; !ok || sendKeys[way] == "" {
			t.Errorf("the invite way %q has no key", way)
		}
	}
	for _, c := range flow.Categories {
		want = append(want, "category."+string(c), "category."+string(c)+".title")
	}
	for _, name := range want {
		if !slices.Contains(defined, name) {
			t.Errorf("screens.tmpl lacks %q", name)
		}
	}
}

// TestMessagesAreSaidInWords: what the journey names is drawn in words,
// with a category said by its title.
func TestMessagesAreSaidInWords(t *testing.T) {
	tests := []struct {
		key  string
		data any
		want string
	}{
		{"busy.platforms", flow.Banking, "Loading Banking platforms"},
		{"category.onlyone", "Xero", "Xero is already linked for accounting, and Codat allows one accounting connection per company. Press m to manage it, or choose banking or commerce."},
		{"delegate.sentnote.eml", "invite-acme.eml", "Invite ready: invite-acme.eml. Open it in your mail app and send it."},
	}
	for _, tt := range tests {
		if got := message(tt.key, tt.data); got != tt.want {
			t.Errorf("message(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	for _, r := range []struct {
		item flow.RecapItem
		want string
	}{
		{flow.RecapItem{Category: flow.Accounting, Platform: "Xero", Outcome: flow.OutcomeWaiting, Path: flow.PathAuthorize}, "Accounting: Xero, waiting on you"},
		{flow.RecapItem{Category: flow.Banking, Platform: "Plaid", Outcome: flow.OutcomeWaiting, Path: flow.PathDelegate}, "Banking: Plaid, waiting on whoever you send the link to"},
		{flow.RecapItem{Category: flow.Commerce, Platform: "Stripe", Outcome: flow.OutcomeWaiting, Path: flow.PathDelegate, WaitingOn: "jane@firm.example"}, "Commerce: Stripe, waiting on jane@firm.example"},
		{flow.RecapItem{Category: flow.Commerce, Platform: "Shopify", Outcome: flow.OutcomeLinked}, "Commerce: Shopify linked"},
		{flow.RecapItem{Category: flow.Banking}, "Banking: not connected"},
	} {
		if got := recapLine(r.item); got != r.want {
			t.Errorf("recapLine(%+v) = %q, want %q", r.item, got, r.want)
		}
	}
}
