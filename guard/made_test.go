package guard

import (
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// newGuarded runs a sandbox and returns two clients of it that share the
// lock directory as two onboard processes on one computer would.
func newGuarded(t *testing.T) (*Client, *Client, *api.Client) {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	dir := t.TempDir()
	client := func() *api.Client {
		c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	look := client()
	return New(client(), NewLocks(dir, 0)), New(client(), NewLocks(dir, 0)), look
}

func companiesNamed(t *testing.T, c *api.Client, name string) int {
	t.Helper()
	all, err := c.ListCompanies(t.Context(), api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, co := range all {
		if co.Name == name {
			n++
		}
	}
	return n
}

// TestASearchIsTrustedUntilACreateOfTheName: a company asked for right
// after a search that found none is created in one call; when another
// onboard made one of the name since that search, it is found instead.
func TestASearchIsTrustedUntilACreateOfTheName(t *testing.T) {
	mine, other, look := newGuarded(t)
	ctx := t.Context()

	searched := time.Now()
	co, reused, err := mine.CreateCompanySearched(ctx, "Acme Ltd", "uid-1", searched)
	if err != nil || reused {
		t.Fatalf("create: %v, reused %v", err, reused)
	}
	if calls := mine.Calls(); calls.Total != 1 {
		t.Fatalf("a create after a search cost %d calls, want 1: %v", calls.Total, calls.ByEndpoint)
	}

	// The other onboard searched before the create above ended, and found
	// nothing; the lock file says a company of the name was made since.
	again, reused, err := other.CreateCompanySearched(ctx, "ACME ltd", "", searched)
	if err != nil {
		t.Fatal(err)
	}
	if !reused || again.ID != co.ID {
		t.Fatalf("got %q reused=%v, want the company made since the search (%q)", again.ID, reused, co.ID)
	}
	if n := companiesNamed(t, look, "Acme Ltd"); n != 1 {
		t.Fatalf("%d companies named Acme Ltd, want 1", n)
	}

	// A search sent after that create is trusted again.
	later := time.Now()
	if _, _, err := other.CreateCompanySearched(ctx, "Beta Bakery", "uid-3", later); err != nil {
		t.Fatal(err)
	}
	before := other.Calls().Total
	if _, _, err := other.CreateCompanySearched(ctx, "Gamma Goods", "uid-4", time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := other.Calls().Total - before; n != 1 {
		t.Fatalf("a create after a fresh search cost %d calls, want 1", n)
	}
}

// TestEveryCreateIsRecorded: a find-or-create that made the company, and a
// create once confirmed, also make a later search of the name untrusted.
func TestEveryCreateIsRecorded(t *testing.T) {
	mine, other, look := newGuarded(t)
	ctx := t.Context()
	for _, create := range []func(name string) error{
		func(name string) error { _, _, err := mine.FindOrCreateCompany(ctx, name, ""); return err },
		func(name string) error { _, err := mine.CreateCompanyOnce(ctx, name, "uid-once"); return err },
		func(name string) error { _, err := mine.CreateTaggedCompany(ctx, name, "uid-tagged"); return err },
	} {
		name := "Delta " + time.Now().Format("150405.000000")
		searched := time.Now()
		if err := create(name); err != nil {
			t.Fatal(err)
		}
		if _, reused, err := other.CreateCompanySearched(ctx, name, "", searched); err != nil || !reused {
			t.Fatalf("%s: reused=%v err=%v, want the company just made found", name, reused, err)
		}
		if n := companiesNamed(t, look, name); n != 1 {
			t.Fatalf("%d companies named %q, want 1", n, name)
		}
	}
}

// TestAConnectionForANewCompanyListsOnlyWhenOneWasMade: the first
// connection of a company just made costs one call; once a connection was
// made under the lock, the next looks first and reuses the pending one.
func TestAConnectionForANewCompanyListsOnlyWhenOneWasMade(t *testing.T) {
	mine, other, _ := newGuarded(t)
	ctx := t.Context()
	co, err := mine.Client.CreateCompany(ctx, api.CompanyRequest{Name: "Epsilon Eats"})
	if err != nil {
		t.Fatal(err)
	}
	before := mine.Calls().Total
	first, err := mine.CreateConnectionNewCompany(ctx, co.ID, "mqjo", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := mine.Calls().Total - before; n != 1 {
		t.Fatalf("the first connection of a new company cost %d calls, want 1", n)
	}
	second, err := other.CreateConnectionNewCompany(ctx, co.ID, "mqjo", nil)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID != first.ID {
		t.Fatalf("a second pending connection %q was made beside %q", second.ID, first.ID)
	}
}
