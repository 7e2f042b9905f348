package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// FuzzSearchQuery checks how a typed company name becomes Codat's search
// query: one request, only the query and paging parameters, a single
// name~term clause with no query-language operator smuggled in, and a term
// taken from the name as Codat would store it.
func FuzzSearchQuery(f *testing.F) {
	names, err := LoadCorpus("names.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range names {
		f.Add(e.Value)
	}
	f.Add("A&&B")
	f.Add("&&")
	f.Add("a&&&&b&&")
	f.Add("x&page=9&pageSize=1")

	var mu sync.Mutex
	var got []url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Query())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"results":[],"pageNumber":1,"pageSize":100,"totalResults":0,"_links":{}}`)) //nolint:errcheck
	}))
	f.Cleanup(srv.Close)
	client, err := api.New(api.Config{BaseURL: srv.URL, APIKey: "fuzz-key", MaxAttempts: 1})
	if err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, name string) {
		mu.Lock()
		got = nil
		mu.Unlock()
		if _, err := client.SearchCompanies(t.Context(), name); err != nil {
			t.Fatalf("search %q: %v", name, err)
		}
		mu.Lock()
		requests := got
		mu.Unlock()
		cleaned, _ := flow.CodatName(name)
		if strings.Trim(cleaned, "&! ") == "" {
			// Nothing to search for: asking would list every company.
			if len(requests) != 0 {
				t.Fatalf("a name with nothing to search for (%q) was sent: %v", name, requests)
			}
			return
		}
		if len(requests) != 1 {
			t.Fatalf("%d requests for %q, want 1", len(requests), name)
		}
		q := requests[0]
		for k := range q {
			if k != "query" && k != "page" && k != "pageSize" {
				t.Fatalf("parameter %q smuggled in by %q: %v", k, name, q)
			}
		}
		if len(q["query"]) != 1 || len(q["page"]) != 1 || q.Get("page") != "1" {
			t.Fatalf("query parameters for %q: %v", name, q)
		}
		// The query ORs name~ and description~ terms, one per case form.
		query := q.Get("query")
		if inner, ok := strings.CutPrefix(query, "{"); ok {
			query, ok = strings.CutSuffix(inner, "}")
			if !ok {
				t.Fatalf("query for %q is %q: unbalanced braces", name, q.Get("query"))
			}
		}
		for cond := range strings.SplitSeq(query, " || ") {
			term, ok := strings.CutPrefix(cond, "name~")
			if !ok {
				term, ok = strings.CutPrefix(cond, "description~")
			}
			if !ok || term == "" {
				t.Fatalf("query for %q is %q, want name~<term> or description~<term> joined by ||", name, q.Get("query"))
			}
			if strings.Contains(term, "&&") || strings.ContainsAny(term, "|{}") {
				t.Fatalf("query operator in the term for %q: %q", name, term)
			}
			if !strings.Contains(strings.ToLower(cleaned), strings.ToLower(term)) {
				t.Fatalf("term %q is not part of the name Codat stores, %q, in any case", term, cleaned)
			}
		}
	})
}
