package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// memoryCaseRules is CaseRules kept in memory.
type memoryCaseRules struct {
	mu    sync.Mutex
	rules map[string]CaseRule
}

func (m *memoryCaseRules) CaseRule(base string) CaseRule {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rules[base]
}

func (m *memoryCaseRules) LearnedCaseRule(base string, r CaseRule) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rules == nil {
		m.rules = map[string]CaseRule{}
	}
	m.rules[base] = r
}

// caseCodat answers /companies for an account of n companies, "Company 0"
// … with "McDonald Trading" last, comparing names in a query with or
// without regard to case, as Codat may.
func caseCodat(t *testing.T, n int, sensitive bool) *fakeCodat {
	name := func(i int) string {
		if i == n-1 {
			return "McDonald Trading"
		}
		return "Company " + strconv.Itoa(i)
	}
	holds := func(have, op, want string) bool {
		if !sensitive {
			have, want = strings.ToLower(have), strings.ToLower(want)
		}
		if op == "=" {
			return have == want
		}
		return strings.Contains(have, want)
	}
	matches := func(query, have string) bool {
		for cond := range strings.SplitSeq(strings.Trim(query, "{}"), " || ") {
			field, op, want := "", "", ""
			if i := strings.IndexAny(cond, "~="); i > 0 {
				field, op, want = cond[:i], cond[i:i+1], cond[i+1:]
			}
			if field == "name" && holds(have, op, want) {
				return true
			}
		}
		return false
	}
	return newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var ids []int
		for i := range n {
			if q.Get("query") == "" || matches(q.Get("query"), name(i)) {
				ids = append(ids, i)
			}
		}
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ := strconv.Atoi(q.Get("pageSize"))
		from, to := min((page-1)*size, len(ids)), min(page*size, len(ids))
		var results []Company
		for _, i := range ids[from:to] {
			results = append(results, Company{ID: fmt.Sprint("co-", i), Name: name(i)})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"results": results, "pageNumber": page, "pageSize": size, "totalResults": len(ids)})
	})
}

func searchIDs(t *testing.T, c *Client, name string) string {
	t.Helper()
	cos, err := c.SearchCompanies(t.Context(), name)
	if err != nil {
		t.Fatalf("search %q: %v", name, err)
	}
	return companyIDs(cos)
}

func TestSearchWhateverTheCase(t *testing.T) {
	t.Run("an account of one page is listed in the one call", func(t *testing.T) {
		f := caseCodat(t, 50, true)
		rules := &memoryCaseRules{}
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL, CaseRules: rules})
		if got := searchIDs(t, c, "mcdonald trading"); got != "co-49" {
			t.Fatalf("found %q, want McDonald Trading", got)
		}
		if reqs := f.requests(); len(reqs) != 1 || strings.Contains(reqs[0].RawQuery, "query") {
			t.Errorf("requests %+v, want one listing", reqs)
		}
		if rules.CaseRule(c.BaseURL()) != CaseUnknown {
			t.Error("learnt a rule it did not need")
		}
	})

	t.Run("a large case-blind account is learnt once, then queried", func(t *testing.T) {
		f := caseCodat(t, 2500, false)
		rules := &memoryCaseRules{}
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL, CaseRules: rules})
		if got := searchIDs(t, c, "mcdonald trading"); got != "co-2499" {
			t.Fatalf("found %q", got)
		}
		if rules.CaseRule(c.BaseURL()) != CaseInsensitive {
			t.Fatalf("rule %q, want insensitive", rules.CaseRule(c.BaseURL()))
		}
		before := len(f.requests())
		if got := searchIDs(t, c, "MCDONALD trading"); got != "co-2499" {
			t.Fatalf("found %q", got)
		}
		if reqs := f.requests()[before:]; len(reqs) != 1 || !strings.Contains(reqs[0].RawQuery, "query=") {
			t.Errorf("after learning: requests %+v, want the query alone", reqs)
		}
	})

	t.Run("a large case-sensitive account is listed to the bound", func(t *testing.T) {
		f := caseCodat(t, 2500, true)
		rules := &memoryCaseRules{}
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL, CaseRules: rules})
		if got := searchIDs(t, c, "mcdonald trading"); got != "co-2499" {
			t.Fatalf("found %q", got)
		}
		if rules.CaseRule(c.BaseURL()) != CaseSensitive {
			t.Fatalf("rule %q, want sensitive", rules.CaseRule(c.BaseURL()))
		}
	})

	t.Run("beyond the bound, a name no query finds is refused", func(t *testing.T) {
		f := caseCodat(t, confirmPages*maxPageSize+1, true)
		rules := &memoryCaseRules{}
		rules.LearnedCaseRule(strings.TrimSuffix(f.srv.URL, "/"), CaseSensitive)
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL, CaseRules: rules})
		_, err := c.SearchCompanies(t.Context(), "mcdonald trading")
		if _, ok := errors.AsType[ErrNameCaseUnconfirmed](err); !ok {
			t.Fatalf("err = %v, want ErrNameCaseUnconfirmed", err)
		}
		_, _, err = c.FindOrCreateCompany(t.Context(), "mcdonald trading", "")
		if _, ok := errors.AsType[ErrNameCaseUnconfirmed](err); !ok {
			t.Fatalf("find or create: err = %v, want ErrNameCaseUnconfirmed", err)
		}
		for _, r := range f.requests() {
			if r.Method == http.MethodPost {
				t.Fatal("created a company it could not rule out")
			}
		}
		// A name the query finds as typed needs no more.
		if got := searchIDs(t, c, "McDonald Trading"); got != "co-40000" {
			t.Errorf("found %q", got)
		}
	})

	t.Run("a bulk run lists once", func(t *testing.T) {
		f := caseCodat(t, 10, true)
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL, CaseRules: &memoryCaseRules{}, ReuseListing: 1 << 40})
		for _, name := range []string{"mcdonald trading", "company 3", "COMPANY 4"} {
			searchIDs(t, c, name)
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests for three searches, want one listing", n)
		}
	})
}

// TestAKeptListingFindsABusinessByItsName checks the index a kept listing
// is searched by: a company is found by its name or the name kept in its
// description, in any case and spacing, a company made since is found
// too, other names are not, and an old listing is not used.
func TestAKeptListingFindsABusinessByItsName(t *testing.T) {
	var l companyListing
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	l.keep(now, l.asked(), []Company{
		{ID: "1", Name: "Mueller Bau"},
		{ID: "2", Name: "Smith Ltd"},
		{ID: "3", Name: "Soehne GmbH", Description: "Söhne GmbH"},
	})
	l.made(Company{ID: "4", Name: "New Co"})
	ids := func(name string) string {
		cos, ok := l.sameNamed(now.Add(time.Minute), time.Hour, name)
		if !ok {
			return "not kept"
		}
		var out []string
		for _, co := range cos {
			out = append(out, co.ID)
		}
		return strings.Join(out, ",")
	}
	for name, want := range map[string]string{
		"MÜLLER  bau": "1", "mueller bau": "1", "söhne gmbh": "3", "new co": "4", "Smith": "", "Smith Ltd Two": "",
	} {
		if got := ids(name); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
	if _, ok := l.sameNamed(now.Add(2*time.Hour), time.Hour, "Smith Ltd"); ok {
		t.Error("a listing older than allowed was used")
	}
}

// TestAListingAskedBeforeAForgetIsNotKept: a listing asked for before an
// unclear create, and answered after it, may miss the company the create
// made; it is not kept, so the look again lists afresh.
func TestAListingAskedBeforeAForgetIsNotKept(t *testing.T) {
	var l companyListing
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	gen := l.asked()
	l.forget() // the unclear create, while the listing was on its way
	l.keep(now, gen, []Company{{ID: "1", Name: "Other Ltd"}})
	if _, ok := l.sameNamed(now, time.Hour, "Fault 01 Ltd"); ok {
		t.Fatal("a listing asked for before the forget was kept")
	}
	l.keep(now, l.asked(), []Company{{ID: "2", Name: "Fault 01 Ltd"}})
	if cos, ok := l.sameNamed(now, time.Hour, "FAULT 01 LTD"); !ok || len(cos) != 1 {
		t.Fatalf("a listing asked for after the forget: %v, %v", cos, ok)
	}
}
