package api

import (
	"net/http/httptest"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// newSandboxClient serves a fresh sandbox and returns a client for it.
func newSandboxClient(t *testing.T) *Client {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	c, err := New(Config{BaseURL: srv.URL, APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSearchFindsEveryNameCodatAccepts creates companies whose names hold the
// characters Codat allows and its query language gives meaning to, and
// searches for each by the name a person would type.
func TestSearchFindsEveryNameCodatAccepts(t *testing.T) {
	c := newSandboxClient(t)
	for _, name := range []string{
		"!Bang Trading",
		"Smith && Jones",
		"Q&A Ltd",
		"Who? Co",
		"O'Brien, Sons & Co.",
		"-Dash Ltd",
		"info@acme.io",
	} {
		t.Run(name, func(t *testing.T) {
			made, err := c.CreateCompany(t.Context(), CompanyRequest{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			found, err := c.SearchCompanies(t.Context(), name)
			if err != nil {
				t.Fatalf("search: %v", err)
			}
			if len(found) == 0 || found[0].ID != made.ID {
				t.Fatalf("search for %q found %v, want %s first", name, companyIDs(found), made.ID)
			}
			co, reused, err := c.FindOrCreateCompany(t.Context(), name, "")
			if err != nil || !reused || co.ID != made.ID {
				t.Fatalf("find or create: %s reused=%v err=%v, want %s reused", co.ID, reused, err, made.ID)
			}
		})
	}
}
