package api

import (
	"net/http"
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

// newSandboxClientWith serves a fresh sandbox with opts behind wrap, and
// returns a client for it and the sandbox.
func newSandboxClientWith(t *testing.T, opts sandbox.Options, wrap func(http.Handler) http.Handler) (*Client, *sandbox.Server) {
	t.Helper()
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(wrap(sb.Handler()))
	sb.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	c, err := New(Config{BaseURL: srv.URL, APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	return c, sb
}

// Where Codat compares names case-sensitively (the strict profile), or
// refuses or ignores the query, a name typed in another case still finds
// the company: one made in the Portal, or one onboard made from a name
// Codat stores otherwise.
func TestFindOrCreateIgnoresCaseWhateverCodatDoesWithTheQuery(t *testing.T) {
	asIs := func(h http.Handler) http.Handler { return h }
	refuseQuery := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/companies" && r.URL.Query().Has("query") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"statusCode":400,"service":"PublicApi","error":"Error parsing query - Malformed query."}`))
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	ignoreQuery := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			q.Del("query")
			r.URL.RawQuery = q.Encode()
			h.ServeHTTP(w, r)
		})
	}
	for _, tc := range []struct {
		name   string
		strict bool
		wrap   func(http.Handler) http.Handler
	}{
		{"default", false, asIs}, {"strict", true, asIs},
		{"strict, query refused", true, refuseQuery}, {"strict, query ignored", true, ignoreQuery},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newSandboxClientWith(t, sandbox.Options{Strict: tc.strict}, tc.wrap)
			ctx := t.Context()
			portal, err := c.CreateCompany(ctx, CompanyRequest{Name: "Omega Ltd"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.CreateCompany(ctx, CompanyRequest{Name: "Omega Holdings"}); err != nil {
				t.Fatal(err)
			}
			for _, typed := range []string{"omega ltd", "OMEGA LTD", "Omega  ltd"} {
				co, reused, err := c.FindOrCreateCompany(ctx, typed, "")
				if err != nil || !reused || co.ID != portal.ID {
					t.Errorf("%q: %s %q reused=%v err=%v, want the Portal's %s", typed, co.ID, co.Name, reused, err, portal.ID)
				}
			}
			made, reused, err := c.FindOrCreateCompany(ctx, "müller bau", "")
			if err != nil || reused || made.Name != "mueller bau" || made.Description != "müller bau" {
				t.Fatalf("made %+v reused=%v err=%v, want mueller bau described as typed", made, reused, err)
			}
			for _, typed := range []string{"MÜLLER BAU", "Mueller Bau", "müller bau"} {
				co, reused, err := c.FindOrCreateCompany(ctx, typed, "")
				if err != nil || !reused || co.ID != made.ID {
					t.Errorf("%q: %s %q reused=%v err=%v, want %s", typed, co.ID, co.Name, reused, err, made.ID)
				}
			}
			all, err := c.ListCompanies(ctx, ListCompaniesParams{})
			if err != nil || len(all) != 3 {
				t.Errorf("%d companies (%v), want 3: none duplicated", len(all), err)
			}
			found, err := c.SearchCompanies(ctx, "OMEGA")
			if err != nil || companyIDs(found) == "" || len(found) != 2 {
				t.Errorf("search for OMEGA found %q (%v), want both Omega companies", companyIDs(found), err)
			}
		})
	}
}

// A connection's create whose answer is cut off is not guessed at by the
// client, which cannot tell the platform's connections apart where Codat
// leaves integrationKey out (the strict profile): it reports the failure
// and sends nothing again, so no second connection is made. The steps'
// chooser finds the one made (steps.PrepareConnection).
func TestCreateConnectionWithoutAFinderDoesNotGuess(t *testing.T) {
	for _, strict := range []bool{false, true} {
		c, sb := newSandboxClientWith(t, sandbox.Options{Strict: strict}, func(h http.Handler) http.Handler { return h })
		co, err := c.CreateCompany(t.Context(), CompanyRequest{Name: "Acme Ltd"})
		if err != nil {
			t.Fatal(err)
		}
		const route = "POST /companies/{companyId}/connections"
		sb.ActThenFailNext(route, 1, http.StatusTooManyRequests)
		if made, err := c.CreateConnection(t.Context(), co.ID, "gbol"); err == nil {
			t.Fatalf("strict=%v: %+v; want the 429 reported", strict, made)
		}
		conns, err := c.ListConnections(t.Context(), co.ID)
		if err != nil || len(conns) != 1 || sb.Requests()[route] != 1 {
			t.Errorf("strict=%v: %d connections (%v), %d creates; want the one Codat made, from one create", strict, len(conns), err, sb.Requests()[route])
		}
	}
}
