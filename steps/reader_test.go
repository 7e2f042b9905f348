package steps

import (
	"net/url"
	"slices"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// TestWhoReads asks both sandbox profiles who reads the data: the default
// one says who and what, the strict one refuses the sync settings, and the
// client is still named.
func TestWhoReads(t *testing.T) {
	for _, strict := range []bool{false, true} {
		sb, err := sandbox.Start(sandbox.Options{Strict: strict, ClientName: "Bob's Burgers"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sb.Close() })
		u, _ := url.Parse(sb.BaseURL())
		c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey(), LinkHosts: []string{u.Host}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := WhoReads(t.Context(), c)
		if r.Client != "Bob's Burgers" {
			t.Errorf("strict=%v: client %q, want Bob's Burgers", strict, r.Client)
		}
		if strict {
			if err == nil || len(r.DataTypes) != 0 || r.Months != 0 {
				t.Errorf("strict: %+v, %v; want the refusal and no data types", r, err)
			}
			continue
		}
		if err != nil || !slices.Contains(r.DataTypes, "invoices") || !slices.Contains(r.DataTypes, "banking-transactions") || r.Months != 24 {
			t.Errorf("default: %+v, %v; want invoices and bank transactions over 24 months", r, err)
		}
	}
}

func TestReadOnFirstLink(t *testing.T) {
	got, months := readOnFirstLink([]api.SyncSetting{
		{DataType: "invoices", FetchOnFirstLink: true, SyncFromWindow: 12},
		{DataType: "journals", FetchOnFirstLink: false, SyncFromWindow: 120},
		{DataType: "balanceSheet", FetchOnFirstLink: true, MonthsToSync: 36},
		{DataType: "invoices", FetchOnFirstLink: true, SyncFromWindow: 12},
		{DataType: "bills\x1b[2J", FetchOnFirstLink: true},
	})
	if !slices.Equal(got, []string{"invoices", "balanceSheet", "bills"}) || months != 36 {
		t.Errorf("got %q over %d months", got, months)
	}
}

// TestCompanyOfShowsTheTypedName: a company onboard made keeps the name as
// typed in its description, and is shown by it where it is the same name.
func TestCompanyOfShowsTheTypedName(t *testing.T) {
	got := CompanyOf(api.Company{ID: "c-1", Name: "Mueller & Soehne GmbH", Description: "Müller & Söhne GmbH"})
	if got.Name != "Müller & Söhne GmbH" {
		t.Errorf("shown as %q", got.Name)
	}
	other := CompanyOf(api.Company{ID: "c-2", Name: "Acme Ltd", Description: "Our biggest client\x1b[2J"})
	if other.Name != "Acme Ltd" {
		t.Errorf("a description that is not the name replaced it: %q", other.Name)
	}
}
