package sandbox

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
)

// TestNameIndexAnswersAsEveryCompanyRead runs searches through the index
// and through a read of every company, in both profiles, after creates,
// renames, description changes and deletes: the same companies come back,
// in the same order.
func TestNameIndexAnswersAsEveryCompanyRead(t *testing.T) {
	t.Parallel()
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Options{Strict: strict})
			var ids []string
			for i, name := range []string{"Acme Ltd", "ACME LTD", "acme holdings", "Birch & Co", "Cedar Bakery", "Me", "Acmeacme", "Dale's Shop", "Elm!", "Fir-Tree Ltd"} {
				var c companyJSON
				h.mustDo("POST", "/companies", map[string]any{"name": name, "description": fmt.Sprintf("onboard: Acme %d Müller", i)}, 200, &c)
				ids = append(ids, c.ID)
			}
			queries := []string{
				"name~Acme", "name~acme", "name~ACME", "name~cme L", "name~Acme Ltd", "name=Acme Ltd", "name=acme ltd",
				"name~Me", "name~me", "name~e", "description~müller", "description~MÜLLER", "description~Acme 1",
				"{name~Acme || name~acme || description~Acme}", "{name~Acme && description~plain}",
				"{name~Acme && id!=" + ids[0] + "}", "name~Birch", "name~Zzz", "name~\xff\xfeab", "description~kept",
				"name!=Acme Ltd", "name~Acme || dataConnections.status=PendingAuth",
			}
			search := func(when string) {
				for _, q := range queries {
					var page pageJSON[companyJSON]
					h.mustDo("GET", "/companies?pageSize=5000&query="+url.QueryEscape(q), nil, 200, &page)
					var got []string
					for _, c := range page.Results {
						got = append(got, c.ID)
					}
					if want := h.scanAll(q, strict); !slices.Equal(got, want) || page.TotalResults != len(want) {
						t.Errorf("%s, query %q: %v (total %d), every company read gives %v", when, q, got, page.TotalResults, want)
					}
				}
			}
			search("created")
			h.mustDo("PATCH", "/companies/"+ids[3], map[string]any{"name": "Acme Birch"}, 200, nil)
			h.mustDo("PUT", "/companies/"+ids[4], map[string]any{"name": "Cedar Bakery", "description": "kept by Acme"}, 200, nil)
			h.mustDo("PATCH", "/companies/"+ids[5], map[string]any{"description": "plain"}, 200, nil)
			search("renamed")
			h.mustDo("DELETE", "/companies/"+ids[1], nil, 204, nil)
			h.mustDo("POST", "/companies", map[string]any{"name": "Acme Late"}, 200, nil)
			search("one deleted, one created")
		})
	}
}

// scanAll is the ids of the companies q matches, every company read.
func (h *harness) scanAll(q string, strict bool) []string {
	h.t.Helper()
	h.s.mu.Lock()
	items := make([]companyJSON, 0, len(h.s.st.Companies))
	for _, c := range h.s.st.Companies {
		items = append(items, h.s.companyJSONLocked(c))
	}
	h.s.mu.Unlock()
	n, err := parseQuery(q, knownCompanyField, "Company")
	if err != nil {
		h.t.Fatalf("query %q: %v", q, err)
	}
	n.walk(func(c *queryNode) { c.exact = strict && c.prop == "name" })
	rows, status, msg := filterRows(h.s, listRequest{query: q}, items, n, nil)
	if status != 0 {
		h.t.Fatalf("query %q: %d %s", q, status, msg)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.item.ID)
	}
	return ids
}
