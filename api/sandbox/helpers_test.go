package sandbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	svix "github.com/svix/svix-webhooks/go"
)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness is a sandbox served by httptest, with a client that sends the key.
type harness struct {
	t  *testing.T
	s  *Server
	ts *httptest.Server
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	s.SetBaseURL(ts.URL)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return &harness{t: t, s: s, ts: ts}
}

func (h *harness) authHeader() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(h.s.APIKey()))
}

// do sends a request with the right key and returns status, headers, body.
func (h *harness) do(method, path string, body any) (int, http.Header, []byte) {
	h.t.Helper()
	return h.doAuth(method, path, body, h.authHeader())
}

func (h *harness) doAuth(method, path string, body any, auth string) (int, http.Header, []byte) {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = bytes.NewBufferString(s)
		} else {
			data, err := json.Marshal(body)
			if err != nil {
				h.t.Fatal(err)
			}
			rd = bytes.NewReader(data)
		}
	}
	req, err := http.NewRequestWithContext(h.t.Context(), method, h.ts.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, data
}

// mustDo is do that expects a status and decodes the body into out.
func (h *harness) mustDo(method, path string, body any, want int, out any) {
	h.t.Helper()
	got, _, data := h.do(method, path, body)
	if got != want {
		h.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, got, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			h.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

func (h *harness) createCompany(name string, tags map[string]string) companyJSON {
	h.t.Helper()
	var c companyJSON
	h.mustDo("POST", "/companies", map[string]any{"name": name, "tags": tags}, 200, &c)
	return c
}

func (h *harness) createConnection(companyID, key string) connectionJSON {
	h.t.Helper()
	var c connectionJSON
	h.mustDo("POST", "/companies/"+companyID+"/connections", map[string]string{"platformKey": key}, 200, &c)
	return c
}

func (h *harness) getConnection(companyID, connectionID string) connectionJSON {
	h.t.Helper()
	var c connectionJSON
	h.mustDo("GET", "/companies/"+companyID+"/connections/"+connectionID, nil, 200, &c)
	return c
}

var correlationID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// checkErrorBody asserts Codat's ErrorMessage shape and returns it.
func checkErrorBody(t *testing.T, status int, data []byte) map[string]any {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(data, &body); err != nil {
		t.Fatalf("error body is not JSON: %s", data)
	}
	if got, ok := body["statusCode"].(float64); !ok || int(got) != status {
		t.Errorf("statusCode = %v, want %d", body["statusCode"], status)
	}
	for _, field := range []string{"service", "error", "canBeRetried"} {
		if v, ok := body[field].(string); !ok || v == "" {
			t.Errorf("%s = %#v, want a non-empty string", field, body[field])
		}
	}
	if id, _ := body["correlationId"].(string); !correlationID.MatchString(id) {
		t.Errorf("correlationId = %q, want 32 hex digits", id)
	}
	return body
}

// received is one webhook request as a consumer saw it.
type received struct {
	header http.Header
	body   []byte
}

// consumer is a webhook endpoint that records what arrives. fail decides,
// per attempt number (from 1), whether to answer 500.
type testConsumer struct {
	mu    sync.Mutex
	got   []received
	tries int
	ids   []string // webhook-id of every attempt, failed ones included
	fail  func(attempt int) bool
	ch    chan received
	srv   *httptest.Server
}

func newConsumer(t *testing.T, fail func(int) bool) *testConsumer {
	c := &testConsumer{fail: fail, ch: make(chan received, 100)}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.tries++
		c.ids = append(c.ids, r.Header.Get("webhook-id"))
		n := c.tries
		c.mu.Unlock()
		if c.fail != nil && c.fail(n) {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		rec := received{r.Header.Clone(), body}
		c.mu.Lock()
		c.got = append(c.got, rec)
		c.mu.Unlock()
		c.ch <- rec
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// next waits for the next delivered event.
func (c *testConsumer) next(t *testing.T) (received, eventJSON) {
	t.Helper()
	select {
	case r := <-c.ch:
		var ev eventJSON
		if err := json.Unmarshal(r.body, &ev); err != nil {
			t.Fatalf("webhook body is not JSON: %s", r.body)
		}
		return r, ev
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook arrived")
	}
	panic("unreachable")
}

// nextOfType skips events until one of the given type arrives.
func (c *testConsumer) nextOfType(t *testing.T, eventType string) (received, eventJSON) {
	t.Helper()
	for {
		r, ev := c.next(t)
		if ev.EventType == eventType {
			return r, ev
		}
	}
}

func (h *harness) register(c *testConsumer, eventTypes, companyTags []string) webhookConsumerJSON {
	h.t.Helper()
	var out webhookConsumerJSON
	h.mustDo("POST", "/webhooks", map[string]any{"url": c.srv.URL, "eventTypes": eventTypes, "companyTags": companyTags}, 201, &out)
	return out
}

// verify checks a webhook's signature with the svix library.
func verify(t *testing.T, secret string, r received) {
	t.Helper()
	wh, err := svix.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(r.body, r.header); err != nil {
		t.Fatalf("signature does not verify: %v (headers %v)", err, r.header)
	}
}

func newSvix(secret string) (*svix.Webhook, error) { return svix.NewWebhook(secret) }

// newTestHTTP serves s with httptest and points its base URL there.
func newTestHTTP(t *testing.T, s *Server) *httptest.Server {
	ts := httptest.NewServer(s.Handler())
	s.SetBaseURL(ts.URL)
	t.Cleanup(ts.Close)
	return ts
}
