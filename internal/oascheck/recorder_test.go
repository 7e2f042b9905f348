package oascheck

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// echoServer answers every request with its method, path and body, after
// sending /old to /new with a body-preserving redirect.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.Path, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRecorderRecordsAndForwards(t *testing.T) {
	srv := echoServer(t)
	tests := []struct {
		name     string
		method   string
		target   string
		body     string
		wantBody string // what the caller reads back
		want     []Exchange
	}{
		{"get with query", "GET", "/companies?page=2&tags=uid%3D1", "", "GET /companies ",
			[]Exchange{{Method: "GET", Path: "/companies", Query: map[string][]string{"page": {"2"}, "tags": {"uid=1"}},
				Status: 201, ResponseBody: []byte("GET /companies ")}}},
		{"post with body", "POST", "/companies", `{"name":"Acme"}`, `POST /companies {"name":"Acme"}`,
			[]Exchange{{Method: "POST", Path: "/companies", Query: map[string][]string{}, RequestBody: []byte(`{"name":"Acme"}`),
				Status: 201, ResponseBody: []byte(`POST /companies {"name":"Acme"}`)}}},
		{"redirect resends the recorded body", "POST", "/old", `{"a":1}`, `POST /new {"a":1}`,
			[]Exchange{
				{Method: "POST", Path: "/old", Query: map[string][]string{}, RequestBody: []byte(`{"a":1}`),
					Status: 307, ResponseBody: []byte("")},
				{Method: "POST", Path: "/new", Query: map[string][]string{}, RequestBody: []byte(`{"a":1}`),
					Status: 201, ResponseBody: []byte(`POST /new {"a":1}`)},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &Recorder{Next: srv.Client().Transport}
			client := &http.Client{Transport: rec}
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequestWithContext(t.Context(), tt.method, srv.URL+tt.target, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.wantBody {
				t.Errorf("caller read %q, want %q", got, tt.wantBody)
			}
			exchanges := rec.Exchanges()
			if len(exchanges) != len(tt.want) {
				t.Fatalf("recorded %d exchanges, want %d: %v", len(exchanges), len(tt.want), exchanges)
			}
			for i, w := range tt.want {
				e := exchanges[i]
				if e.Method != w.Method || e.Path != w.Path || e.Status != w.Status ||
					string(e.RequestBody) != string(w.RequestBody) || string(e.ResponseBody) != string(w.ResponseBody) ||
					fmt.Sprint(e.Query) != fmt.Sprint(w.Query) || e.Err != nil {
					t.Errorf("exchange %d = %+v\nwant %+v", i, e, w)
				}
				if e.RequestContentType != "application/json" {
					t.Errorf("exchange %d: request content type %q", i, e.RequestContentType)
				}
				if wantType := "text/plain; charset=utf-8"; e.Status == 201 && e.ResponseContentType != wantType {
					t.Errorf("exchange %d: response content type %q, want %q", i, e.ResponseContentType, wantType)
				}
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRecorderKeepsTransportErrors(t *testing.T) {
	refused := errors.New("connection refused")
	rec := &Recorder{Next: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, refused })}
	req, err := http.NewRequestWithContext(t.Context(), "DELETE", "http://127.0.0.1:1/webhooks/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&http.Client{Transport: rec}).Do(req); !errors.Is(err, refused) {
		t.Fatalf("want the transport's error, got %v", err)
	}
	got := rec.Exchanges()
	if len(got) != 1 || got[0].Status != 0 || !errors.Is(got[0].Err, refused) || got[0].Path != "/webhooks/x" {
		t.Fatalf("recorded %+v", got)
	}
}

func TestRecorderConcurrent(t *testing.T) {
	srv := echoServer(t)
	rec := &Recorder{Next: srv.Client().Transport}
	client := &http.Client{Transport: rec}
	const n = 16
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req, err := http.NewRequestWithContext(t.Context(), "POST", srv.URL+"/c", strings.NewReader(fmt.Sprint(i)))
			if err != nil {
				t.Error(err)
				return
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, e := range rec.Exchanges() {
		seen[string(e.RequestBody)] = true
	}
	if len(seen) != n {
		t.Fatalf("recorded %d distinct requests, want %d", len(seen), n)
	}
}

func TestValidateExchange(t *testing.T) {
	s := thingsForTest(t)
	tests := []struct {
		name string
		e    Exchange
		want []string
	}{
		{"both halves valid", Exchange{Method: "GET", Path: "/v2/things", Query: map[string][]string{"limit": {"1"}},
			Status: 200, ResponseContentType: "application/json; charset=utf-8", ResponseBody: []byte(`{"kind":"thing"}`)}, nil},
		{"both halves broken", Exchange{Method: "GET", Path: "/v2/things", Query: map[string][]string{"limit": {"0"}},
			Status: 200, ResponseContentType: "application/json", ResponseBody: []byte(`{"kind":"thing","size":9}`)},
			[]string{"GET /things (list-things) request: query.limit: 0 is less than the minimum 1",
				"GET /things (list-things) 200 response: $.size: 9 is greater than the maximum 5"}},
		{"bodies must be labelled JSON", Exchange{Method: "POST", Path: "/v2/things", RequestBody: []byte(`{"kind":"thing"}`),
			Status: 201, ResponseContentType: "text/plain", ResponseBody: []byte(`{"kind":"thing"}`)},
			[]string{`POST /v2/things request: Content-Type: "", want application/json`,
				`POST /v2/things 201 response: Content-Type: "text/plain", want application/json`}},
		{"an empty body needs no label", Exchange{Method: "GET", Path: "/v2/things/special", Status: 204}, nil},
		{"transport error checks the request only", Exchange{Method: "POST", Path: "/v2/things",
			RequestContentType: "application/json", RequestBody: []byte(`{}`), Err: errors.New("reset")},
			[]string{"POST /things (create-thing) request: $.kind: required property is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ValidateExchange(tt.e)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want errors %q, got none", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if got := strings.Count(err.Error(), "\n") + 1; got != len(tt.want) {
				t.Errorf("want %d errors, got %d:\n%v", len(tt.want), got, err)
			}
		})
	}
}

// stopTest is how fakeTB ends a helper early, as Skip and Fatal do.
type stopTest struct{}

// fakeTB records what LoadForTest asked of the test.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	panic(stopTest{})
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	panic(stopTest{})
}
func (f *fakeTB) Fatal(args ...any) {
	f.failed = fmt.Sprint(args...)
	panic(stopTest{})
}

func loadWithFake(tb *fakeTB) (s *Spec) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopTest); !ok {
				panic(r)
			}
		}
	}()
	return LoadForTest(tb)
}

func TestLoadForTest(t *testing.T) {
	// A throwaway checkout: work/repo/go.mod with work/shared/codat beside it.
	work := t.TempDir()
	pkg := filepath.Join(work, "repo", "internal", "pkg")
	contract := filepath.Join(work, "shared", "codat", "Codat-Platform.yaml")
	lonely := filepath.Join(t.TempDir(), "repo")
	for _, dir := range []string{pkg, filepath.Dir(contract), lonely} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for path, text := range map[string]string{
		filepath.Join(work, "repo", "go.mod"): "module example.test/repo\n",
		filepath.Join(lonely, "go.mod"):       "module example.test/lonely\n",
		contract:                              thingsSpec,
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name        string
		env         string
		ci          string
		dir         string
		wantLoaded  bool
		wantSkipped string
		wantFailed  string
	}{
		{"found beside the module root", "", "", pkg, true, "", ""},
		{"found in CI", "", "true", pkg, true, "", ""},
		{"environment overrides", contract, "", lonely, true, "", ""},
		{"absent contract skips", "", "", lonely, false,
			"Codat OpenAPI contract not found at " + filepath.Join(filepath.Dir(lonely), "shared", "codat", "Codat-Platform.yaml"), ""},
		{"absent contract fails in CI", "", "true", lonely, false, "",
			"Codat OpenAPI contract not found at " + filepath.Join(filepath.Dir(lonely), "shared", "codat", "Codat-Platform.yaml")},
		{"missing file named by the environment fails", filepath.Join(work, "nope.yaml"), "", pkg, false, "", SpecEnv + "="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(SpecEnv, tt.env)
			t.Setenv("CI", tt.ci)
			t.Chdir(tt.dir)
			tb := &fakeTB{TB: t}
			s := loadWithFake(tb)
			if got := s != nil; got != tt.wantLoaded {
				t.Errorf("loaded = %v, want %v", got, tt.wantLoaded)
			}
			if s != nil {
				if err := s.ValidateSchema("#/components/schemas/Thing", []byte(`{"kind":"thing"}`)); err != nil {
					t.Errorf("loaded the wrong document: %v", err)
				}
			}
			if !strings.Contains(tb.skipped, tt.wantSkipped) || (tt.wantSkipped == "") != (tb.skipped == "") {
				t.Errorf("skipped with %q, want %q", tb.skipped, tt.wantSkipped)
			}
			if !strings.Contains(tb.failed, tt.wantFailed) || (tt.wantFailed == "") != (tb.failed == "") {
				t.Errorf("failed with %q, want %q", tb.failed, tt.wantFailed)
			}
		})
	}
}
