package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCompanyOperations(t *testing.T) {
	name := "Renamed"
	runOpCases(t, []opCase{
		{
			name: "list companies encodes filters", status: 200, respond: []byte(`{"results":[{"id":"c-3","name":"ACME"}],"totalResults":1}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListCompanies(ctx, ListCompaniesParams{Query: "name=Acme & Sons", Tags: "uid=cust_1 && region=uk", OrderBy: "-created", PageSize: 50})
			},
			method: "GET", path: "/companies",
			query: "orderBy=-created&page=1&pageSize=50&query=name%3DAcme+%26+Sons&tags=uid%3Dcust_1+%26%26+region%3Duk",
			check: func(t *testing.T, got any) {
				cos := got.([]Company)
				if len(cos) != 1 || cos[0].ID != "c-3" || cos[0].Name != "ACME" {
					t.Fatalf("got %+v", cos)
				}
			},
		},
		{
			name: "list companies defaults page size", status: 200, respond: []byte(`{"results":null,"pageNumber":1,"pageSize":100,"totalResults":0}`),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListCompanies(ctx, ListCompaniesParams{}) },
			method: "GET", path: "/companies", query: "page=1&pageSize=100",
			check: func(t *testing.T, got any) {
				if cos := got.([]Company); len(cos) != 0 {
					t.Fatalf("got %+v", cos)
				}
			},
		},
		{
			name: "list companies caps page size", status: 200, respond: []byte(`{"results":[]}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListCompanies(ctx, ListCompaniesParams{PageSize: 100000})
			},
			method: "GET", path: "/companies", query: "page=1&pageSize=2000",
		},
		{
			name: "create company", status: 200, respond: codatFixture(t, "company.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateCompany(ctx, CompanyRequest{Name: "Harbour Bakery Ltd", Description: "d", Tags: map[string]string{"uid": "cust_4411"}})
			},
			method: "POST", path: "/companies", body: `{"name":"Harbour Bakery Ltd","description":"d","tags":{"uid":"cust_4411"}}`,
			check: checkHarbourBakery,
		},
		{
			name: "get company", status: 200, respond: codatFixture(t, "company.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetCompany(ctx, "7c1b6e4a-2f0d-4a8e-9b31-5d2c8e7f1a90")
			},
			method: "GET", path: "/companies/7c1b6e4a-2f0d-4a8e-9b31-5d2c8e7f1a90",
			check: checkHarbourBakery,
		},
		{
			name: "get company escapes the id", status: 200, respond: codatFixture(t, "company.json"),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetCompany(ctx, "a/b c?d") },
			method: "GET", path: "/companies/a%2Fb%20c%3Fd",
		},
		{
			name: "update company sends only set fields", status: 200, respond: codatFixture(t, "company.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateCompany(ctx, "co-1", CompanyUpdate{Name: &name})
			},
			method: "PATCH", path: "/companies/co-1", body: `{"name":"Renamed"}`,
			check: checkHarbourBakery,
		},
		{
			name: "delete company", status: 204,
			call:   func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteCompany(ctx, "co-1") },
			method: "DELETE", path: "/companies/co-1",
		},
	})
}

func checkHarbourBakery(t *testing.T, got any) {
	t.Helper()
	co := got.(Company)
	if co.ID != "7c1b6e4a-2f0d-4a8e-9b31-5d2c8e7f1a90" || co.Name != "Harbour Bakery Ltd" || co.CreatedByUserName != "Priya Shah" {
		t.Fatalf("company %+v", co)
	}
	if co.Redirect != "https://link.codat.io/company/7c1b6e4a-2f0d-4a8e-9b31-5d2c8e7f1a90" {
		t.Fatalf("redirect %q", co.Redirect)
	}
	if !co.Created.Equal(mustParseTime(t, "2025-03-01T12:00:00Z")) || co.LastSync == nil || !co.LastSync.Equal(mustParseTime(t, "2025-03-04T09:15:02.4410375Z")) {
		t.Fatalf("created %v lastSync %v", co.Created, co.LastSync)
	}
	if !reflect.DeepEqual(co.Tags, map[string]string{"uid": "cust_4411", "region": "uk"}) || !reflect.DeepEqual(co.Products, []string{"lending"}) {
		t.Fatalf("tags %v products %v", co.Tags, co.Products)
	}
	if len(co.DataConnections) != 1 {
		t.Fatalf("connections %+v", co.DataConnections)
	}
	conn := co.DataConnections[0]
	if conn.Status != Deauthorized || conn.SourceType != Accounting || conn.IntegrationKey != "gbol" || conn.PlatformName != "Xero" {
		t.Fatalf("connection %+v", conn)
	}
	if !conn.LastSync.Equal(mustParseTime(t, "2025-03-04T09:15:02Z")) || !conn.Created.Equal(mustParseTime(t, "2025-03-01T11:05:00Z")) {
		t.Fatalf("connection lastSync %v created %v", conn.LastSync, conn.Created)
	}
	if len(conn.DataConnectionErrors) != 1 {
		t.Fatalf("errors %+v", conn.DataConnectionErrors)
	}
	ce := conn.DataConnectionErrors[0]
	if ce.StatusCode != "401" || ce.Status != "Active" || ce.ResolvedOnUtc != nil || ce.ErroredOnUtc == nil ||
		!ce.ErroredOnUtc.Equal(mustParseTime(t, "2025-04-02T08:00:00.1Z")) {
		t.Fatalf("connection error %+v", ce)
	}
}

func TestListCompaniesFollowsNextLinks(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page") {
		case "1":
			replyJSON(w, 200, codatFixture(t, "companies_page1.json"))
		case "2":
			replyJSON(w, 200, codatFixture(t, "companies_page2.json"))
		default:
			t.Errorf("unexpected page %q", r.URL.RawQuery)
			replyJSON(w, 400, nil)
		}
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	cos, err := c.ListCompanies(t.Context(), ListCompaniesParams{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := companyIDs(cos); got != "c-1 c-2 c-3" {
		t.Fatalf("ids %q", got)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[1].RawQuery != "page=2&pageSize=2" || reqs[1].Auth != testAuth {
		t.Fatalf("requests %+v", reqs)
	}
}

func TestListCompaniesPagesByTotalWithoutLinks(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Query().Get("page")
		if r.URL.Query().Get("query") != "name~A" {
			t.Errorf("page %s lost the filter: %s", p, r.URL.RawQuery)
		}
		fmt.Fprintf(w, `{"results":[{"id":"p%s","name":"A"}],"pageNumber":%s,"pageSize":1,"totalResults":3}`, p, p)
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	cos, err := c.ListCompanies(t.Context(), ListCompaniesParams{Query: "name~A", PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := companyIDs(cos); got != "p1 p2 p3" {
		t.Fatalf("ids %q", got)
	}
}

func TestNextLinkWithBasePathPrefix(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/codat/companies":
		default:
			t.Errorf("path %q", r.URL.Path)
		}
		if r.URL.Query().Get("page") == "1" {
			replyJSON(w, 200, []byte(`{"results":[{"id":"a"}],"_links":{"next":{"href":"/companies?page=2"}}}`))
			return
		}
		replyJSON(w, 200, []byte(`{"results":[{"id":"b"}]}`))
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL + "/codat/"})
	cos, err := c.ListCompanies(t.Context(), ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if got := companyIDs(cos); got != "a b" {
		t.Fatalf("ids %q", got)
	}
}

func TestNextLinkIsRefusedOffTheBaseURL(t *testing.T) {
	elsewhere := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, 200, []byte(`{"results":[]}`))
	})
	isHost := func(err error) bool { _, ok := errors.AsType[ErrNextPageHost](err); return ok }
	tests := []struct {
		name, href string
		refused    func(error) bool // the reason given
	}{
		{"another host", elsewhere.srv.URL + "/companies?page=2", isHost},
		{"another host by name", strings.Replace(elsewhere.srv.URL, "127.0.0.1", "localhost", 1) + "/companies?page=2", isHost},
		{"scheme-relative", "//evil.example/companies?page=2", func(err error) bool {
			e, ok := errors.AsType[ErrNextPageHost](err)
			return ok && e.Host == "evil.example"
		}},
		{"another list", "/companies/c-1/connections?page=2", func(err error) bool {
			return errors.Is(err, ErrNextPageList{"/companies"})
		}},
		{"the same page again", "/companies?page=1&pageSize=100", func(err error) bool { return errors.Is(err, ErrNextPageSeen) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				body, _ := json.Marshal(map[string]any{
					"results": []map[string]string{{"id": "c-1"}},
					"_links":  map[string]any{"next": map[string]string{"href": tt.href}},
				})
				replyJSON(w, 200, body)
			})
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			_, err := c.ListCompanies(t.Context(), ListCompaniesParams{})
			if op, ok := errors.AsType[*OpError](err); !ok || op.Op != OpListCompanies || !tt.refused(err) {
				t.Fatalf("error %#v, want list-companies refusing the link for its reason", err)
			}
			if n := len(f.requests()); n != 1 {
				t.Fatalf("%d requests to Codat, want 1", n)
			}
		})
	}
	if n := len(elsewhere.requests()); n != 0 {
		t.Fatalf("the other host got %d requests", n)
	}
}

// acmeQuery is the search for "Acme": the name or the description holding
// it as typed, in lower case or in upper case (its Title Case is as typed).
const acmeQuery = "page=1&pageSize=100&query=%7Bname~Acme+%7C%7C+name~acme+%7C%7C+name~ACME+%7C%7C+description~Acme+%7C%7C+description~acme+%7C%7C+description~ACME%7D"

func TestSearchCompaniesPutsExactMatchesFirst(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, 200, []byte(`{"results":[
			{"id":"1","name":"Acme Trading"},
			{"id":"2","name":"acme"},
			{"id":"3","name":"Bolt"},
			{"id":"1","name":"Acme Trading"},
			{"id":"4","name":"Old  ACME"},
			{"id":"5","name":"ACME"}]}`))
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	cos, err := c.SearchCompanies(t.Context(), "  Acme ")
	if err != nil {
		t.Fatal(err)
	}
	// Exact (any case) first, then contains, each once; "Bolt" is not a match
	// even if the server ignored the query.
	if got := companyIDs(cos); got != "2 5 1 4" {
		t.Fatalf("ids %q, want \"2 5 1 4\"", got)
	}
	if q := f.requests()[0].RawQuery; q != acmeQuery {
		t.Fatalf("query %q", q)
	}
}

func TestSearchCompaniesCleansTheName(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, 200, []byte(`{"results":[{"id":"9","name":"Company Codat1"}]}`))
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	cos, err := c.SearchCompanies(t.Context(), "Company (Codat[1])")
	if err != nil {
		t.Fatal(err)
	}
	if companyIDs(cos) != "9" || f.requests()[0].RawQuery != "page=1&pageSize=100&query=%7Bname~Company+Codat1+%7C%7C+name~company+codat1+%7C%7C+name~COMPANY+CODAT1+%7C%7C+description~Company+Codat1+%7C%7C+description~company+codat1+%7C%7C+description~COMPANY+CODAT1%7D" {
		t.Fatalf("got %v via %q", companyIDs(cos), f.requests()[0].RawQuery)
	}
	cos, err = c.SearchCompanies(t.Context(), "()[]")
	if err != nil || cos != nil || len(f.requests()) != 1 {
		t.Fatalf("a name with nothing Codat keeps should match nothing without a call; got %v, %v", cos, err)
	}
}

func TestSearchCompaniesKeepsQueryOperatorsOutOfTheQuery(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, 200, []byte(`{"results":[{"id":"1","name":"Smith && Jones Ltd"},{"id":"2","name":"Jones Ltd"}]}`))
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	cos, err := c.SearchCompanies(t.Context(), "Smith && Jones Ltd")
	if err != nil {
		t.Fatal(err)
	}
	if companyIDs(cos) != "1" || f.requests()[0].RawQuery != "page=1&pageSize=100&query=%7Bname~Jones+Ltd+%7C%7C+name~jones+ltd+%7C%7C+name~JONES+LTD+%7C%7C+description~Jones+Ltd+%7C%7C+description~jones+ltd+%7C%7C+description~JONES+LTD%7D" {
		t.Fatalf("got %q via %q", companyIDs(cos), f.requests()[0].RawQuery)
	}
}

func companyIDs(cos []Company) string {
	ids := make([]string, len(cos))
	for i, co := range cos {
		ids[i] = co.ID
	}
	return strings.Join(ids, " ")
}

// companyStore is a fake Codat company list that understands the filters
// FindOrCreateCompany uses.
type companyStore struct {
	mu        sync.Mutex
	companies []string // JSON objects
	onCreate  func(w http.ResponseWriter, r *http.Request) bool
	posts     atomic.Int32
}

func (s *companyStore) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			s.mu.Lock()
			list := strings.Join(s.companies, ",")
			s.mu.Unlock()
			replyJSON(w, 200, []byte(`{"results":[`+list+`]}`))
		case http.MethodPost:
			s.posts.Add(1)
			if s.onCreate != nil && s.onCreate(w, r) {
				return
			}
			var req CompanyRequest
			_ = json.NewDecoder(r.Body).Decode(&req)
			replyJSON(w, 200, []byte(`{"id":"new","name":"`+req.Name+`"}`))
		default:
			t.Errorf("unexpected %s", r.Method)
		}
	}
}

func (s *companyStore) add(company string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.companies = append(s.companies, company)
}

func TestFindOrCreateCompany(t *testing.T) {
	tests := []struct {
		name       string
		uid        string
		existing   []string
		wantID     string
		wantReused bool
		wantQuery  []string // queries of the GETs, in order
		wantPost   string   // body of the create, "" if none
	}{
		{
			name: "uid match wins over name matches", uid: "u1",
			existing: []string{
				`{"id":"named","name":"Acme","dataConnections":[{"id":"k"}]}`,
				`{"id":"tagged","name":"Acme Holdings","tags":{"uid":"u1"}}`,
			},
			wantID: "tagged", wantReused: true,
			wantQuery: []string{"page=1&pageSize=100&tags=uid%3Du1"},
		},
		{
			name: "tag filter ignored by the server is checked locally", uid: "u1",
			existing: []string{
				`{"id":"other","name":"Zed","tags":{"uid":"u2"}}`,
				`{"id":"named","name":"ACME"}`,
			},
			wantID: "named", wantReused: true,
			wantQuery: []string{"page=1&pageSize=100&tags=uid%3Du1", acmeQuery},
		},
		{
			name: "a name match with a connection beats an older one",
			existing: []string{
				`{"id":"old","name":"acme","created":"2020-01-01T00:00:00Z"}`,
				`{"id":"linked","name":"Acme","created":"2024-01-01T00:00:00Z","dataConnections":[{"id":"k","status":"Deauthorized"}]}`,
				`{"id":"contains","name":"Acme Trading","created":"2019-01-01T00:00:00Z","dataConnections":[{"id":"k"}]}`,
			},
			wantID: "linked", wantReused: true,
			wantQuery: []string{acmeQuery},
		},
		{
			name: "otherwise the oldest name match",
			existing: []string{
				`{"id":"newer","name":"Acme","created":"2024-01-01T00:00:00"}`,
				`{"id":"older","name":"Acme","created":"2021-05-05T00:00:00.5+02:00"}`,
				`{"id":"undated","name":"Acme"}`,
			},
			wantID: "older", wantReused: true,
			wantQuery: []string{acmeQuery},
		},
		{
			name: "a name match belonging to another uid is not reused", uid: "u1",
			existing: []string{`{"id":"theirs","name":"Acme","tags":{"uid":"u9"}}`},
			wantID:   "new",
			wantQuery: []string{
				"page=1&pageSize=100&tags=uid%3Du1", acmeQuery,
			},
			wantPost: `{"name":"Acme","description":"Acme","tags":{"uid":"u1"}}`,
		},
		{
			name:      "no match creates without tags when no uid",
			existing:  []string{`{"id":"x","name":"Acme Trading"}`},
			wantID:    "new",
			wantQuery: []string{acmeQuery},
			wantPost:  `{"name":"Acme","description":"Acme"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &companyStore{companies: tt.existing}
			f := newFakeCodat(t, store.handler(t))
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			co, reused, err := c.FindOrCreateCompany(t.Context(), "Acme", tt.uid)
			if err != nil {
				t.Fatal(err)
			}
			if co.ID != tt.wantID || reused != tt.wantReused {
				t.Fatalf("got %q reused=%v, want %q reused=%v", co.ID, reused, tt.wantID, tt.wantReused)
			}
			var queries []string
			var post string
			for _, r := range f.requests() {
				if r.Method == http.MethodGet {
					queries = append(queries, r.RawQuery)
				} else {
					post = string(r.Body)
				}
			}
			if !reflect.DeepEqual(queries, tt.wantQuery) {
				t.Errorf("queries %q, want %q", queries, tt.wantQuery)
			}
			if post != tt.wantPost {
				t.Errorf("create body %s, want %s", post, tt.wantPost)
			}
		})
	}
}

func TestFindOrCreateCompanyAfterAmbiguousCreate(t *testing.T) {
	tests := []struct {
		name string
		// create answers the POST; it may add the company to the store
		// (the create happened) or not.
		create     func(s *companyStore, w http.ResponseWriter, r *http.Request)
		timeout    time.Duration // the caller's deadline; none when 0
		wantID     string
		wantStatus int
	}{
		{
			name: "503 and nothing was created",
			create: func(s *companyStore, w http.ResponseWriter, r *http.Request) {
				replyJSON(w, 503, []byte(`{"statusCode":503,"error":"Service unavailable"}`))
			},
			wantStatus: 503,
		},
		{
			name: "503 but the company was created",
			create: func(s *companyStore, w http.ResponseWriter, r *http.Request) {
				s.add(`{"id":"made","name":"Acme","tags":{"uid":"u1"}}`)
				replyJSON(w, 503, nil)
			},
			wantID: "made",
		},
		{
			name: "connection reset after the create",
			create: func(s *companyStore, w http.ResponseWriter, r *http.Request) {
				s.add(`{"id":"made","name":"Acme","tags":{"uid":"u1"}}`)
				hijackAndClose(t, w)
			},
			wantID: "made",
		},
		{
			name: "answer cut short after the create",
			create: func(s *companyStore, w http.ResponseWriter, r *http.Request) {
				s.add(`{"id":"made","name":"Acme","tags":{"uid":"u1"}}`)
				replyJSON(w, 200, []byte(`{"id":"made","na`))
			},
			wantID: "made",
		},
		{
			name:    "the caller's deadline passes after the create",
			create:  createThenStall,
			timeout: 200 * time.Millisecond,
			wantID:  "made",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &companyStore{}
			store.onCreate = func(w http.ResponseWriter, r *http.Request) bool {
				tt.create(store, w, r)
				return true
			}
			f := newFakeCodat(t, store.handler(t))
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			ctx := contextWithTimeout(t, tt.timeout)
			co, reused, err := c.FindOrCreateCompany(ctx, "Acme", "u1")
			if tt.wantStatus != 0 {
				var e *Error
				if !errors.As(err, &e) || e.Status != tt.wantStatus {
					t.Fatalf("error %v, want status %d", err, tt.wantStatus)
				}
			} else if err != nil || co.ID != tt.wantID || reused {
				t.Fatalf("got %q reused=%v err=%v, want %q (created by us)", co.ID, reused, err, tt.wantID)
			}
			if n := store.posts.Load(); n != 1 {
				t.Fatalf("%d POSTs, want exactly 1", n)
			}
			var after []string
			posted := false
			for _, r := range f.requests() {
				if r.Method == http.MethodPost {
					posted = true
				} else if posted {
					after = append(after, r.RawQuery)
				}
			}
			if len(after) == 0 || after[0] != "page=1&pageSize=100&tags=uid%3Du1" {
				t.Fatalf("after the create it asked %q, want a search by uid first", after)
			}
		})
	}
}

// contextWithTimeout is the test's context, with a deadline d from now when d
// is not 0.
func contextWithTimeout(t *testing.T, d time.Duration) context.Context {
	if d == 0 {
		return t.Context()
	}
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// createThenStall makes the company and then keeps the answer back until
// the caller gives up, as when Codat acts but its answer is slower than the
// caller's deadline.
func createThenStall(s *companyStore, w http.ResponseWriter, r *http.Request) {
	s.add(`{"id":"made","name":"Acme","tags":{"uid":"u1"}}`)
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

func TestFindOrCreateCompanyStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	store := &companyStore{}
	store.onCreate = func(w http.ResponseWriter, r *http.Request) bool {
		cancel() // the person quits while the create is on its way
		createThenStall(store, w, r)
		return true
	}
	f := newFakeCodat(t, store.handler(t))
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	_, _, err := c.FindOrCreateCompany(ctx, "Acme", "u1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want cancelled", err)
	}
	if reqs := f.requests(); reqs[len(reqs)-1].Method != http.MethodPost {
		t.Fatalf("it asked Codat again after being cancelled: %+v", reqs[len(reqs)-1])
	}
}

func TestCreateCompanyOnce(t *testing.T) {
	tests := []struct {
		name       string
		existing   []string
		create     func(s *companyStore, w http.ResponseWriter, r *http.Request) // nil: create normally
		timeout    time.Duration
		wantID     string
		wantStatus int
		wantPosts  int32
	}{
		{
			name:     "creates a tagged company though others share the name",
			existing: []string{`{"id":"named","name":"Acme"}`, `{"id":"theirs","name":"Acme","tags":{"uid":"u9"}}`},
			wantID:   "new", wantPosts: 1,
		},
		{
			name:     "a retry returns the company an earlier call made",
			existing: []string{`{"id":"named","name":"Acme"}`, `{"id":"made","name":"Acme","tags":{"uid":"u1"}}`},
			wantID:   "made", wantPosts: 0,
		},
		{
			name:    "the answer is lost after the caller's deadline",
			create:  createThenStall,
			timeout: 200 * time.Millisecond,
			wantID:  "made", wantPosts: 1,
		},
		{
			name: "a clear refusal is reported",
			create: func(s *companyStore, w http.ResponseWriter, r *http.Request) {
				replyJSON(w, 400, codatFixture(t, "error_400_validation.json"))
			},
			wantStatus: 400, wantPosts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &companyStore{companies: tt.existing}
			if tt.create != nil {
				store.onCreate = func(w http.ResponseWriter, r *http.Request) bool {
					tt.create(store, w, r)
					return true
				}
			}
			f := newFakeCodat(t, store.handler(t))
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			ctx := contextWithTimeout(t, tt.timeout)
			co, err := c.CreateCompanyOnce(ctx, " Acme ", "u1")
			if tt.wantStatus != 0 {
				var e *Error
				if !errors.As(err, &e) || e.Status != tt.wantStatus {
					t.Fatalf("error %v, want status %d", err, tt.wantStatus)
				}
			} else if err != nil || co.ID != tt.wantID {
				t.Fatalf("got %q err=%v, want %q", co.ID, err, tt.wantID)
			}
			if n := store.posts.Load(); n != tt.wantPosts {
				t.Fatalf("%d creates, want %d", n, tt.wantPosts)
			}
			for _, r := range f.requests() {
				if r.Method == http.MethodPost && string(r.Body) != `{"name":"Acme","description":"Acme","tags":{"uid":"u1"}}` {
					t.Errorf("create body %s", r.Body)
				}
			}
		})
	}
}

func TestFindOrCreateCompanyDoesNotSearchAfterAClearRefusal(t *testing.T) {
	store := &companyStore{onCreate: func(w http.ResponseWriter, r *http.Request) bool {
		replyJSON(w, 400, codatFixture(t, "error_400_validation.json"))
		return true
	}}
	f := newFakeCodat(t, store.handler(t))
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	_, _, err := c.FindOrCreateCompany(t.Context(), "Acme", "")
	if e, ok := errors.AsType[*Error](err); !ok || e.Op != OpCreateCompany || !slices.Contains(e.Validation, "Tags cannot have more than 10 entries.") {
		t.Fatalf("error %#v, want create-company with Codat's validation message", err)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("%d requests, want search + create only", n)
	}
}

func TestFindOrCreateCompanyRejectsUnusableName(t *testing.T) {
	c, _ := newTestClient(t, Config{BaseURL: "http://127.0.0.1:1"})
	_, _, err := c.FindOrCreateCompany(t.Context(), "（株）", "")
	if !errors.Is(err, ErrNameHasNoLetters{"（株）"}) {
		t.Fatalf("error %#v", err)
	}
	if c.Calls().Total != 0 {
		t.Fatal("a request was sent for an unusable name")
	}
}

// hijackAndClose drops the connection without an answer.
func hijackAndClose(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // a reset, not a polite close
	}
	_ = conn.Close()
}
