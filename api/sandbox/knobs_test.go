package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{RateLimit: 3, Now: clock.Now})
	for i, wantRemaining := range []string{"2", "1", "0"} {
		code, hdr, _ := h.do("GET", "/integrations", nil)
		if code != 200 || hdr.Get("X-Rate-Limit-Limit") != "3" || hdr.Get("X-Rate-Limit-Remaining") != wantRemaining || hdr.Get("X-Rate-Limit-Reset") == "" {
			t.Fatalf("request %d: %d limit %q remaining %q reset %q", i+1, code,
				hdr.Get("X-Rate-Limit-Limit"), hdr.Get("X-Rate-Limit-Remaining"), hdr.Get("X-Rate-Limit-Reset"))
		}
	}
	clock.Advance(20 * time.Second)
	code, hdr, body := h.do("GET", "/companies", nil)
	if code != 429 {
		t.Fatalf("fourth request: %d, want 429", code)
	}
	checkErrorBody(t, 429, body)
	if retry, err := strconv.Atoi(hdr.Get("Retry-After")); err != nil || retry != 40 {
		t.Errorf("Retry-After = %q, want 40 (seconds left in the minute)", hdr.Get("Retry-After"))
	}
	if hdr.Get("X-Rate-Limit-Remaining") != "0" {
		t.Errorf("remaining on 429: %q", hdr.Get("X-Rate-Limit-Remaining"))
	}
	if _, err := time.Parse(time.RFC3339, hdr.Get("X-Rate-Limit-Reset")); err != nil {
		t.Errorf("X-Rate-Limit-Reset: %v", err)
	}
	clock.Advance(41 * time.Second)
	if code, _, _ := h.do("GET", "/companies", nil); code != 200 {
		t.Errorf("after the minute: %d", code)
	}
	// Requests with a wrong key are refused before they use up the quota.
	if code, _, _ := h.doAuth("GET", "/companies", nil, "Basic bm9wZQ=="); code != 401 {
		t.Errorf("wrong key: %d", code)
	}
}

func TestFaultKnobs(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*Server)
		check func(*testing.T, *harness)
	}{
		{"FailNext on one route", func(s *Server) { s.FailNext("POST /companies", 2, 503) }, func(t *testing.T, h *harness) {
			if n := h.s.FaultsLeft("POST /companies"); n != 2 {
				t.Fatalf("FaultsLeft = %d before any request, want 2", n)
			}
			for range 2 {
				code, hdr, body := h.do("POST", "/companies", map[string]string{"name": "F"})
				if code != 503 || hdr.Get("Retry-After") == "" {
					t.Fatalf("got %d, want 503 with Retry-After", code)
				}
				checkErrorBody(t, 503, body)
			}
			if n := h.s.FaultsLeft("POST /companies"); n != 0 {
				t.Errorf("FaultsLeft = %d after both failures, want 0", n)
			}
			if code, _, _ := h.do("GET", "/companies", nil); code != 200 {
				t.Errorf("another route failed too: %d", code)
			}
			h.mustDo("POST", "/companies", map[string]string{"name": "F"}, 200, nil)
			var p pageJSON[companyJSON]
			h.mustDo("GET", "/companies", nil, 200, &p)
			if p.TotalResults != 1 {
				t.Errorf("failed requests created companies: %d", p.TotalResults)
			}
		}},
		{"FailNext on any route", func(s *Server) { s.FailNext("*", 1, 500) }, func(t *testing.T, h *harness) {
			if code, _, _ := h.do("GET", "/integrations/gbol", nil); code != 500 {
				t.Errorf("got %d, want 500", code)
			}
			h.mustDo("GET", "/integrations/gbol", nil, 200, nil)
		}},
		{"FailNext with a route template", func(s *Server) { s.FailNext("GET /companies/{companyId}", 1, 429) }, func(t *testing.T, h *harness) {
			c := h.createCompany("Templ", nil)
			if code, _, _ := h.do("GET", "/companies/"+c.ID, nil); code != 429 {
				t.Errorf("got %d, want 429", code)
			}
			h.mustDo("GET", "/companies/"+c.ID, nil, 200, nil)
		}},
		{"DropNext", func(s *Server) { s.DropNext("POST /companies", 1) }, func(t *testing.T, h *harness) {
			req, _ := http.NewRequestWithContext(t.Context(), "POST", h.ts.URL+"/companies", nil)
			req.Header.Set("Authorization", h.authHeader())
			if resp, err := h.ts.Client().Do(req); err == nil {
				resp.Body.Close()
				t.Fatalf("got a response (%d), want the connection dropped", resp.StatusCode)
			}
			if n := h.s.FaultsLeft("POST /companies"); n != 0 {
				t.Errorf("FaultsLeft = %d after the drop, want 0", n)
			}
			var p pageJSON[companyJSON]
			h.mustDo("GET", "/companies", nil, 200, &p)
			if p.TotalResults != 0 {
				t.Errorf("a dropped request created a company")
			}
		}},
		{"TruncateNext", func(s *Server) { s.TruncateNext("POST /companies", 1) }, func(t *testing.T, h *harness) {
			code, _, body := h.do("POST", "/companies", map[string]string{"name": "Half"})
			var c companyJSON
			if code != 200 || json.Unmarshal(body, &c) == nil {
				t.Fatalf("got %d and a body that decodes (%s), want a cut-off body", code, body)
			}
			var p pageJSON[companyJSON]
			h.mustDo("GET", "/companies", nil, 200, &p)
			if p.TotalResults != 1 {
				t.Errorf("the truncated request's change was not kept: %d companies", p.TotalResults)
			}
		}},
		{"ActThenFailNext answers 429 after the work", func(s *Server) { s.ActThenFailNext("POST /companies", 1, 429) }, func(t *testing.T, h *harness) {
			code, hdr, body := h.do("POST", "/companies", map[string]string{"name": "Done"})
			if code != 429 || hdr.Get("Retry-After") == "" {
				t.Fatalf("got %d, want 429 with Retry-After", code)
			}
			checkErrorBody(t, 429, body)
			if n := h.s.FaultsLeft("POST /companies"); n != 0 {
				t.Errorf("FaultsLeft = %d, want 0", n)
			}
			var p pageJSON[companyJSON]
			h.mustDo("GET", "/companies", nil, 200, &p)
			if p.TotalResults != 1 {
				t.Errorf("%d companies, want the one made before the 429", p.TotalResults)
			}
		}},
		{"ActThenFailNext holds the answer back", func(s *Server) { s.ActThenFailNext("POST /companies", 1, 0) }, func(t *testing.T, h *harness) {
			if err := h.postGivingUp(t, "/companies", `{"name":"Held"}`, 100*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want the client's deadline exceeded", err)
			}
			var p pageJSON[companyJSON]
			h.mustDo("GET", "/companies", nil, 200, &p)
			if p.TotalResults != 1 {
				t.Errorf("%d companies, want the one made before the answer was held", p.TotalResults)
			}
		}},
		{"ActLateNext acts after the client gave up", func(s *Server) { s.ActLateNext("POST /companies", 1, time.Second) }, func(t *testing.T, h *harness) {
			if err := h.postGivingUp(t, "/companies", `{"name":"Late"}`, 300*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want the client's deadline exceeded", err)
			}
			if n := h.s.FaultsLeft("POST /companies"); n != 0 {
				t.Fatalf("the request never reached the sandbox (%d faults left)", n)
			}
			var p pageJSON[companyJSON]
			h.mustDo("GET", "/companies", nil, 200, &p)
			if p.TotalResults != 0 {
				t.Fatalf("the company exists before the delay is over")
			}
			deadline := time.Now().Add(5 * time.Second)
			for p.TotalResults == 0 {
				if time.Now().After(deadline) {
					t.Fatal("the late create never happened")
				}
				time.Sleep(20 * time.Millisecond)
				h.mustDo("GET", "/companies", nil, 200, &p)
			}
		}},
		{"IgnoreNext answers with the connection unchanged", func(s *Server) {}, func(t *testing.T, h *harness) {
			c := h.createCompany("Ignored", nil)
			conn := h.createConnection(c.ID, "mqjo")
			if err := h.s.Authorize(c.ID, conn.ID); err != nil {
				t.Fatal(err)
			}
			route := "PATCH /companies/{companyId}/connections/{connectionId}"
			h.s.IgnoreNext(route, 1)
			var got connectionJSON
			h.mustDo("PATCH", "/companies/"+c.ID+"/connections/"+conn.ID, map[string]string{"status": "Unlinked"}, 200, &got)
			if got.Status != statusLinked || h.getConnection(c.ID, conn.ID).Status != statusLinked {
				t.Errorf("answered %q, now %q; want Linked both times", got.Status, h.getConnection(c.ID, conn.ID).Status)
			}
			if n := h.s.FaultsLeft(route); n != 0 {
				t.Errorf("FaultsLeft = %d, want 0", n)
			}
			h.s.IgnoreNext("DELETE /companies/{companyId}/connections/{connectionId}", 1)
			h.mustDo("DELETE", "/companies/"+c.ID+"/connections/"+conn.ID, nil, 200, nil)
			if h.getConnection(c.ID, conn.ID).ID != conn.ID {
				t.Error("an ignored delete removed the connection")
			}
		}},
		{"SetLatency", func(s *Server) { s.SetLatency("GET /integrations", 300*time.Millisecond) }, func(t *testing.T, h *harness) {
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", h.ts.URL+"/integrations", nil)
			req.Header.Set("Authorization", h.authHeader())
			resp, err := h.ts.Client().Do(req)
			if err == nil {
				resp.Body.Close()
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("a client that waits less than the latency got %v, want its deadline exceeded", err)
			}
			h.s.SetLatency("GET /integrations", 0)
			h.mustDo("GET", "/integrations", nil, 200, nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			tt.setup(h.s)
			tt.check(t, h)
		})
	}
}

// postGivingUp posts body to path and gives up after wait, returning the
// client's error (nil when an answer came in time).
func (h *harness) postGivingUp(t *testing.T, path, body string, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(t.Context(), wait)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", h.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", h.authHeader())
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.ts.Client().Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

func TestRequestCounts(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.createCompany("Count", nil)
	h.do("GET", "/companies/"+c.ID, nil)
	h.do("GET", "/companies/"+c.ID, nil)
	h.do("GET", "/companies/missing", nil)
	got := h.s.Requests()
	if got["POST /companies"] != 1 || got["GET /companies/{companyId}"] != 3 || got["GET /companies"] != 0 {
		t.Errorf("Requests() = %v", got)
	}
}
