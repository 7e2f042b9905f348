package invite

import (
	"strings"
	"testing"

	"github.com/onboardcli/onboard/flow"
)

func TestReadList(t *testing.T) {
	tests := []struct {
		types []string
		want  string
	}{
		{nil, ""},
		{[]string{"invoices"}, "invoices"},
		{[]string{"chartOfAccounts", "invoices"}, "invoices and chart of accounts"},
		{[]string{"company", "banking-accountBalances", "commerce-customers", "customers", "bills"}, "bills, customers, company and account balances"},
		{[]string{"company", "chartOfAccounts", "taxRates", "customers", "suppliers", "bankAccounts", "invoices", "bills",
			"journalEntries", "balanceSheet", "profitAndLoss", "banking-transactions", "commerce-orders"},
			"invoices, bills, bank accounts, transactions, balance sheet, profit and loss and 7 more kinds of data"},
		// One past the limit is named: "and 1 more kinds of data" says less.
		{[]string{"invoices", "bills", "bankAccounts", "banking-transactions", "balanceSheet", "profitAndLoss", "company"},
			"invoices, bills, bank accounts, transactions, balance sheet, profit and loss and company"},
	}
	for _, tt := range tests {
		if got := ReadList(tt.types, ScreenTypes); got != tt.want {
			t.Errorf("ReadList(%q) = %q, want %q", tt.types, got, tt.want)
		}
	}
}

// TestComposeNamesTheReader: the email says who reads what, when Codat said,
// and names Codat alone when it did not.
func TestComposeNamesTheReader(t *testing.T) {
	d := Details{To: "jane@firm.example", CompanyName: "Acme Ltd", PlatformName: "Xero", Link: "https://link.codat.io/company/c-1"}
	plain, err := Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plain.Body, "Codat gets read access to the Acme Ltd data in Xero") {
		t.Errorf("without a reader the body should name Codat:\n%s", plain.Body)
	}
	d.Reader = flow.Reader{Client: "Bob's Burgers", DataTypes: []string{"invoices", "bills"}, Months: 24}
	named, err := Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	want := "Bob's Burgers gets read access, through Codat, to the Acme Ltd data in Xero, as a whole rather than selected parts: invoices and bills, going back 24 months."
	if !strings.Contains(strings.Join(strings.Fields(named.Body), " "), want) {
		t.Errorf("body should say %q:\n%s", want, named.Body)
	}
}
