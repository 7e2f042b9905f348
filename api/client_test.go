package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testKey = "sk-test-Q9v7yT3s"

var testAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(testKey))

// seenRequest is one request as the fake Codat received it.
type seenRequest struct {
	Method, Path, RawQuery, Auth string
	Body                         []byte
}

// fakeCodat is an httptest server that records every request and answers
// with the handler given.
type fakeCodat struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []seenRequest
}

func newFakeCodat(t *testing.T, handler http.HandlerFunc) *fakeCodat {
	t.Helper()
	f := &fakeCodat{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.reqs = append(f.reqs, seenRequest{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Body: body})
		f.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeCodat) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.reqs...)
}

// retryWaits records the retry retryWaits a client asked for; tests never sleep.
type retryWaits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *retryWaits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// newTestClient returns a client for baseURL whose retry retryWaits return at
// once (still honouring the context) and whose jitter always picks the
// ceiling, so backoff is predictable.
func newTestClient(t *testing.T, cfg Config) (*Client, *retryWaits) {
	t.Helper()
	if cfg.APIKey == "" && cfg.AuthHeader == "" {
		cfg.APIKey = testKey
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	w := &retryWaits{}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		w.mu.Lock()
		w.d = append(w.d, d)
		w.mu.Unlock()
		return ctx.Err()
	}
	c.jitter = func(ceiling time.Duration) time.Duration { return ceiling }
	return c, w
}

func codatFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func replyJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want error // the typed error, equal by value
	}{
		{"no key", Config{}, ErrNoCredentials},
		{"blank key", Config{APIKey: "  \t"}, ErrNoCredentials},
		{"key with newline", Config{APIKey: "abc\r\nX-Evil: 1"}, ErrKeyUnsafe},
		{"header with only scheme", Config{AuthHeader: "Basic "}, ErrAuthHeaderMalformed},
		{"relative base URL", Config{APIKey: "k", BaseURL: "api.codat.io"}, ErrBaseURLNotAbsolute{"api.codat.io"}},
		{"ftp base URL", Config{APIKey: "k", BaseURL: "ftp://api.codat.io"}, ErrBaseURLScheme{"ftp://api.codat.io"}},
		{"plain http off this machine", Config{APIKey: "k", BaseURL: "http://api.codat.io"}, ErrBaseURLPlainHTTP{"http://api.codat.io"}},
		{"user info in base URL", Config{APIKey: "k", BaseURL: "https://me:pw@api.codat.io"}, ErrBaseURLUserinfo},
		{"query in base URL", Config{APIKey: "k", BaseURL: "https://api.codat.io/?x=1"}, ErrBaseURLQuery{"https://api.codat.io/?x=1"}},
		{"link host with scheme", Config{APIKey: "k", LinkHosts: []string{"https://link.example.com"}}, ErrLinkHostEntry{"https://link.example.com"}},
		{"link host with path", Config{APIKey: "k", LinkHosts: []string{"link.example.com/x"}}, ErrLinkHostEntry{"link.example.com/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if !errors.Is(err, tt.want) {
				t.Fatalf("New() error = %#v, want %#v", err, tt.want)
			}
			if strings.Contains(err.Error(), "X-Evil") {
				t.Fatalf("error %q quotes the key", err)
			}
		})
	}
}

func TestNewAcceptsConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantURL string
	}{
		{"defaults to Codat", Config{APIKey: "k"}, "https://api.codat.io"},
		{"trailing slash dropped", Config{APIKey: "k", BaseURL: "https://API.codat.io/"}, "https://api.codat.io"},
		{"path prefix kept", Config{APIKey: "k", BaseURL: "https://gateway.example.com/codat/"}, "https://gateway.example.com/codat"},
		{"http on loopback", Config{APIKey: "k", BaseURL: "http://127.0.0.1:8080"}, "http://127.0.0.1:8080"},
		{"http on localhost", Config{AuthHeader: "Basic abc=", BaseURL: "http://localhost:9"}, "http://localhost:9"},
		{"http on IPv6 loopback", Config{APIKey: "k", BaseURL: "http://[::1]:9"}, "http://[::1]:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if got := c.BaseURL(); got != tt.wantURL {
				t.Fatalf("BaseURL() = %q, want %q", got, tt.wantURL)
			}
		})
	}
}

func TestAuthorizationHeader(t *testing.T) {
	ready := base64.StdEncoding.EncodeToString([]byte("portal-key"))
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"raw key is base64 encoded", Config{APIKey: testKey}, testAuth},
		{"raw key wins over header", Config{APIKey: testKey, AuthHeader: "Basic other"}, testAuth},
		{"ready header used as is", Config{AuthHeader: "Basic " + ready}, "Basic " + ready},
		{"ready header scheme normalised", Config{AuthHeader: " basic " + ready + "\n"}, "Basic " + ready},
		{"header without scheme gets one", Config{AuthHeader: ready}, "Basic " + ready},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, 200, codatFixture(t, "company.json"))
			})
			tt.cfg.BaseURL = f.srv.URL
			c, _ := newTestClient(t, tt.cfg)
			if _, err := c.GetCompany(t.Context(), "x"); err != nil {
				t.Fatal(err)
			}
			if got := f.requests()[0].Auth; got != tt.want {
				t.Fatalf("Authorization = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRedirectToAnotherHostCarriesNoKey(t *testing.T) {
	elsewhere := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, 200, codatFixture(t, "company.json"))
	})
	// 127.0.0.1 and localhost are different hosts to the client.
	otherURL := strings.Replace(elsewhere.srv.URL, "127.0.0.1", "localhost", 1)
	codat := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+r.URL.Path, http.StatusFound)
	})
	c, _ := newTestClient(t, Config{BaseURL: codat.srv.URL})
	if _, err := c.GetCompany(t.Context(), "x"); err != nil {
		t.Fatal(err)
	}
	if got := codat.requests()[0].Auth; got != testAuth {
		t.Fatalf("configured host got Authorization %q, want the key", got)
	}
	reqs := elsewhere.requests()
	if len(reqs) != 1 {
		t.Fatalf("redirect target got %d requests, want 1", len(reqs))
	}
	if reqs[0].Auth != "" {
		t.Fatalf("redirect target got Authorization %q; the key must stay with the configured host", reqs[0].Auth)
	}
}

func TestCallerTransportNeverSeesKeyForOtherHosts(t *testing.T) {
	var got []string
	rt := transportFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.URL.Host+" "+r.Header.Get("Authorization"))
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Header: http.Header{}}, nil
	})
	c, _ := newTestClient(t, Config{BaseURL: "https://api.codat.io", HTTPClient: &http.Client{Transport: rt}})
	req, _ := http.NewRequestWithContext(t.Context(), "GET", "https://evil.example/x", nil)
	req.Header.Set("Authorization", "Basic smuggled")
	if _, err := c.hc.Do(req); err != nil {
		t.Fatal(err)
	}
	req2, _ := http.NewRequestWithContext(t.Context(), "GET", "http://api.codat.io/x", nil)
	if _, err := c.hc.Do(req2); err != nil {
		t.Fatal(err)
	}
	want := []string{"evil.example ", "api.codat.io "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("transport saw %q, want %q (no key off the https base host)", got, want)
	}
}

type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestCallsCountsEveryAttemptByTemplate(t *testing.T) {
	var getAttempts atomic.Int32
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/companies":
			replyJSON(w, 200, []byte(`{"results":[],"totalResults":0}`))
		case getAttempts.Add(1) == 1:
			replyJSON(w, 503, nil)
		default:
			replyJSON(w, 200, codatFixture(t, "company.json"))
		}
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if _, err := c.ListCompanies(t.Context(), ListCompaniesParams{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if _, err := c.GetCompany(t.Context(), "a"); err != nil {
		t.Fatal(err)
	}
	got := c.Calls()
	want := map[string]int{"GET /companies": 5, "GET /companies/{id}": 2}
	if got.Total != 7 || len(got.ByEndpoint) != len(want) {
		t.Fatalf("Calls() = %+v, want %v (total 7)", got, want)
	}
	for k, v := range want {
		if got.ByEndpoint[k] != v {
			t.Fatalf("Calls()[%q] = %d, want %d", k, got.ByEndpoint[k], v)
		}
	}
	got.ByEndpoint["GET /companies"] = 99 // a snapshot, not a view
	if c.Calls().ByEndpoint["GET /companies"] != 5 {
		t.Fatal("Calls() returned the client's own map")
	}
	c.ResetCalls()
	if got := c.Calls(); got.Total != 0 || len(got.ByEndpoint) != 0 {
		t.Fatalf("after ResetCalls, Calls() = %+v", got)
	}
}

func TestRequestsSendJSONHeaders(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/json" {
			t.Errorf("Accept = %q", r.Header.Get("Accept"))
		}
		if r.Method == http.MethodPost && r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
		}
		replyJSON(w, 200, codatFixture(t, "company.json"))
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	if _, err := c.CreateCompany(t.Context(), CompanyRequest{Name: "A"}); err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(f.requests()[0].Body, &body); err != nil || body["name"] != "A" {
		t.Fatalf("body %s (%v)", f.requests()[0].Body, err)
	}
}

// opCase is one API operation checked end to end: what goes over the wire
// and what comes back decoded.
type opCase struct {
	name    string
	status  int
	respond []byte
	call    func(ctx context.Context, c *Client) (any, error)
	method  string
	path    string // escaped
	query   string // raw, as encoded by the client
	body    string // JSON the request must carry; "" for none
	check   func(t *testing.T, got any)
}

func runOpCases(t *testing.T, cases []opCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, tt.status, tt.respond)
			})
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			got, err := tt.call(t.Context(), c)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.Path != tt.path || r.RawQuery != tt.query {
				t.Errorf("request %s %s?%s, want %s %s?%s", r.Method, r.Path, r.RawQuery, tt.method, tt.path, tt.query)
			}
			if r.Auth != testAuth {
				t.Errorf("Authorization = %q, want %q", r.Auth, testAuth)
			}
			switch {
			case tt.body == "" && len(r.Body) != 0:
				t.Errorf("request body %s, want none", r.Body)
			case tt.body != "":
				var gotBody, wantBody any
				if err := json.Unmarshal(r.Body, &gotBody); err != nil {
					t.Fatalf("request body %q: %v", r.Body, err)
				}
				_ = json.Unmarshal([]byte(tt.body), &wantBody)
				if !reflect.DeepEqual(gotBody, wantBody) {
					t.Errorf("request body %s, want %s", r.Body, tt.body)
				}
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
}

func mustParseTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
