package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
)

// TestPendingLineNeverCut: an item of the pending list too long for the
// window says when it was handed on, whole, on a line of its own under
// what it is; one that fits stays on one line.
func TestPendingLineNeverCut(t *testing.T) {
	item := flow.PendingItem{ID: "p1", CompanyID: "c-1", CompanyName: "Wren & Ashdown Florists", Category: flow.Accounting,
		PlatformName: "Xero", Path: flow.PathDelegate, Recipient: "ana@wrenashdown.example", HandedOn: flow.HandedOnPrepared,
		HandedOnAt: fixedNow.Add(-72 * time.Hour), StartedAt: fixedNow.Add(-72 * time.Hour), Status: flow.StatusPendingAuth}
	what := "Invite to ana@wrenashdown.example for Wren & Ashdown Florists (Xero),"
	for _, tc := range []struct {
		w    int
		want []string
	}{
		{60, []string{"▸ Invite to ana@wrenashdown.example for Wren & Ashdown", "  Florists (Xero),", "  prepared 3 days ago"}},
		{80, []string{"▸ " + what, "  prepared 3 days ago"}},
		{200, []string{"▸ " + what + " prepared 3 days ago"}},
	} {
		t.Run(fmt.Sprint(tc.w), func(t *testing.T) {
			m := feed(screen(tc.w, 24, true), flow.PendingLoaded{Items: []flow.PendingItem{item}})
			frame := ansi.Strip(m.render())
			if strings.Contains(frame, "…") {
				t.Errorf("something is cut:\n%s", frame)
			}
			var lines []string
			for _, l := range strings.Split(frame, "\n") {
				lines = append(lines, strings.TrimRight(l, " "))
			}
			got := strings.Join(lines, "\n")
			if !strings.Contains(got, strings.Join(tc.want, "\n")) {
				t.Errorf("the item does not read\n%s\nin\n%s", strings.Join(tc.want, "\n"), got)
			}
		})
	}
}

// A saved invite's file is named after the company as Codat spells it.
func TestEMLFileNamedAfterTheCompany(t *testing.T) {
	for in, want := range map[string]string{
		"Müller & Söhne GmbH": "mueller-soehne-gmbh",
		"Acme Ltd":            "acme-ltd",
		"★ ★":                 "company",
	} {
		if got := emlSlug(in); got != want {
			t.Errorf("emlSlug(%q) = %q, want %q", in, got, want)
		}
	}
}
