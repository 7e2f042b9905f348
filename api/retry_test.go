package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onboardcli/onboard/internal/clock"
)

// fixedNow is the client's clock in retry tests. It is near the real time
// because error text counts down to RetryAt from the real clock.
var fixedNow = time.Now().UTC().Truncate(time.Second)

// statusSequence answers each request with the next scripted reply; the
// last one repeats.
func statusSequence(t *testing.T, replies ...func(w http.ResponseWriter)) (http.HandlerFunc, *atomic.Int32) {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		replies[min(i, len(replies)-1)](w)
	}, &n
}

func reply(status int, headers ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		body := []byte(`{"statusCode":` + fmt.Sprint(status) + `,"error":"scripted","correlationId":"corr-1"}`)
		if status == 200 {
			body = []byte(`{"id":"c-1","name":"Acme","results":[]}`)
		}
		replyJSON(w, status, body)
	}
}

func TestRetries(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name       string
		replies    []func(w http.ResponseWriter)
		do         func(ctx context.Context, c *Client) error
		wantCalls  int
		wantWaits  []time.Duration
		wantStatus int // 0 for success
	}{
		{
			name:    "429 with Retry-After seconds",
			replies: []func(http.ResponseWriter){reply(429, "Retry-After", "2"), reply(200)},
			do:      getCompany, wantCalls: 2, wantWaits: []time.Duration{2 * time.Second},
		},
		{
			name:    "429 with Retry-After as an HTTP date",
			replies: []func(http.ResponseWriter){reply(429, "Retry-After", fixedNow.Add(5*time.Second).Format(http.TimeFormat)), reply(200)},
			do:      getCompany, wantCalls: 2, wantWaits: []time.Duration{5 * time.Second},
		},
		{
			name:    "429 with a date already past retries at once",
			replies: []func(http.ResponseWriter){reply(429, "Retry-After", fixedNow.Add(-time.Hour).Format(http.TimeFormat)), reply(200)},
			do:      getCompany, wantCalls: 2, wantWaits: []time.Duration{0},
		},
		{
			name:    "429 without Retry-After backs off",
			replies: []func(http.ResponseWriter){reply(429), reply(429), reply(200)},
			do:      getCompany, wantCalls: 3, wantWaits: []time.Duration{300 * ms, 600 * ms},
		},
		{
			name:    "429 on a create is sent once: Codat may have acted before it",
			replies: []func(http.ResponseWriter){reply(429, "Retry-After", "1"), reply(200)},
			do:      createCompany, wantCalls: 1, wantStatus: 429,
		},
		{
			name:    "429 on an unlink is retried: setting a status twice is setting it once",
			replies: []func(http.ResponseWriter){reply(429, "Retry-After", "1"), reply(200)},
			do: func(ctx context.Context, c *Client) error {
				_, err := c.UnlinkConnection(ctx, "c", "k")
				return err
			},
			wantCalls: 2, wantWaits: []time.Duration{time.Second},
		},
		{
			name:    "503 then 200 on a GET",
			replies: []func(http.ResponseWriter){reply(503), reply(200)},
			do:      getCompany, wantCalls: 2, wantWaits: []time.Duration{300 * ms},
		},
		{
			name:    "503 honours Retry-After",
			replies: []func(http.ResponseWriter){reply(503, "Retry-After", "3"), reply(200)},
			do:      getCompany, wantCalls: 2, wantWaits: []time.Duration{3 * time.Second},
		},
		{
			name:    "502 and 504 on a GET",
			replies: []func(http.ResponseWriter){reply(502), reply(504), reply(200)},
			do:      getCompany, wantCalls: 3, wantWaits: []time.Duration{300 * ms, 600 * ms},
		},
		{
			name:    "500 on a GET",
			replies: []func(http.ResponseWriter){reply(500), reply(200)},
			do:      getCompany, wantCalls: 2, wantWaits: []time.Duration{300 * ms},
		},
		{
			name:    "503 forever gives up after four attempts",
			replies: []func(http.ResponseWriter){reply(503)},
			do:      getCompany, wantCalls: 4, wantWaits: []time.Duration{300 * ms, 600 * ms, 1200 * ms}, wantStatus: 503,
		},
		{
			name:    "503 on a create is sent once",
			replies: []func(http.ResponseWriter){reply(503), reply(200)},
			do:      createCompany, wantCalls: 1, wantStatus: 503,
		},
		{
			name:    "500 on a create is sent once",
			replies: []func(http.ResponseWriter){reply(500), reply(200)},
			do:      createCompany, wantCalls: 1, wantStatus: 500,
		},
		{
			name:    "503 on an unlink is sent once",
			replies: []func(http.ResponseWriter){reply(503), reply(200)},
			do: func(ctx context.Context, c *Client) error {
				_, err := c.UnlinkConnection(ctx, "c", "k")
				return err
			},
			wantCalls: 1, wantStatus: 503,
		},
		{
			name:    "501 is not retried",
			replies: []func(http.ResponseWriter){reply(501), reply(200)},
			do:      getCompany, wantCalls: 1, wantStatus: 501,
		},
		{
			name:    "404 is not retried",
			replies: []func(http.ResponseWriter){reply(404), reply(200)},
			do:      getCompany, wantCalls: 1, wantStatus: 404,
		},
		{
			name:    "a delete whose first answer was lost and then is gone succeeded",
			replies: []func(http.ResponseWriter){reply(503), reply(404)},
			do: func(ctx context.Context, c *Client) error {
				return c.DeleteCompany(ctx, "c")
			},
			wantCalls: 2, wantWaits: []time.Duration{300 * ms},
		},
		{
			name:    "a delete of something already gone is not found",
			replies: []func(http.ResponseWriter){reply(404)},
			do: func(ctx context.Context, c *Client) error {
				return c.DeleteConnection(ctx, "c", "k")
			},
			wantCalls: 1, wantStatus: 404,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, calls := statusSequence(t, tt.replies...)
			f := newFakeCodat(t, h)
			c, w := newTestClient(t, Config{BaseURL: f.srv.URL})
			c.now = func() time.Time { return fixedNow }
			err := tt.do(t.Context(), c)
			if tt.wantStatus == 0 && err != nil {
				t.Fatalf("error: %v", err)
			}
			if tt.wantStatus != 0 {
				var e *Error
				if !errors.As(err, &e) || e.Status != tt.wantStatus {
					t.Fatalf("error %v, want status %d", err, tt.wantStatus)
				}
			}
			if got := int(calls.Load()); got != tt.wantCalls {
				t.Fatalf("%d requests, want %d", got, tt.wantCalls)
			}
			if got := w.all(); !reflect.DeepEqual(got, tt.wantWaits) && (len(got) != 0 || len(tt.wantWaits) != 0) {
				t.Fatalf("waits %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

func getCompany(ctx context.Context, c *Client) error {
	_, err := c.GetCompany(ctx, "c-1")
	return err
}

func createCompany(ctx context.Context, c *Client) error {
	_, err := c.CreateCompany(ctx, CompanyRequest{Name: "Acme"})
	return err
}

func TestLongRateLimitIsReportedNotSlept(t *testing.T) {
	reset := fixedNow.Add(30 * time.Hour)
	tests := []struct {
		name    string
		headers []string
		want    time.Time
	}{
		{"Retry-After beyond MaxWait", []string{"Retry-After", "86400"}, fixedNow.Add(24 * time.Hour)},
		{"HTTP date beyond MaxWait", []string{"Retry-After", reset.Format(http.TimeFormat)}, reset},
		{"quota reset header when Retry-After is missing", []string{"X-Rate-Limit-Reset", reset.Format(time.RFC3339)}, reset},
		{"quota reset as Unix time", []string{"X-Rate-Limit-Reset", fmt.Sprint(reset.Unix())}, reset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, calls := statusSequence(t, reply(429, tt.headers...), reply(200))
			f := newFakeCodat(t, h)
			c, w := newTestClient(t, Config{BaseURL: f.srv.URL, MaxWait: 30 * time.Second})
			c.now = func() time.Time { return fixedNow }
			_, err := c.ListCompanies(t.Context(), ListCompaniesParams{})
			until, ok := RateLimited(err)
			if !ok || !until.Equal(tt.want) {
				t.Fatalf("RateLimited(%v) = %v, %v; want %v", err, until, ok, tt.want)
			}
			if calls.Load() != 1 || len(w.all()) != 0 {
				t.Fatalf("%d requests and waits %v; a long limit must be reported at once", calls.Load(), w.all())
			}
		})
	}
}

func TestRetryWaitLongerThanTheDeadlineIsReportedAtOnce(t *testing.T) {
	h, calls := statusSequence(t, reply(429, "Retry-After", "20"), reply(200))
	f := newFakeCodat(t, h)
	c, w := newTestClient(t, Config{BaseURL: f.srv.URL})
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	err := getCompany(ctx, c)
	if until, ok := RateLimited(err); !ok || until.IsZero() {
		t.Fatalf("error %v, want rate limited with a time", err)
	}
	if calls.Load() != 1 || len(w.all()) != 0 {
		t.Fatalf("%d requests, waits %v", calls.Load(), w.all())
	}
}

func TestRetryWaitIsCancelledWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "25")
		replyJSON(w, 429, nil)
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	c.sleep = func(ctx context.Context, d time.Duration) error {
		if d != 25*time.Second {
			t.Errorf("wait %v, want 25s", d)
		}
		cancel() // the person quits while Codat asks us to wait
		return clock.Sleep(ctx, d)
	}
	err := getCompany(ctx, c)
	// Status 0: the person is told the call was cancelled, not rate limited.
	if e, ok := errors.AsType[*Error](err); !ok || !errors.Is(err, context.Canceled) || e.Status != 0 {
		t.Fatalf("error %#v, want cancelled", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests", n)
	}
}

func TestHungServerStopsAtTheDeadline(t *testing.T) {
	release := make(chan struct{})
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.ListCompanies(ctx, ListCompaniesParams{})
	if e, ok := errors.AsType[*Error](err); !ok || !errors.Is(err, context.DeadlineExceeded) || e.Status != 0 {
		t.Fatalf("error %#v, want the deadline", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests; nothing is retried after the deadline", n)
	}
}

// resetMidBody promises a body and closes the connection halfway through.
func resetMidBody(t *testing.T) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"results\":[{\"id\":\"c-1\",\"na")
		_ = buf.Flush()
	}
}

func TestConnectionResetMidBody(t *testing.T) {
	t.Run("a GET is retried", func(t *testing.T) {
		h, calls := statusSequence(t, resetMidBody(t), reply(200))
		f := newFakeCodat(t, h)
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
		if _, err := c.GetCompany(t.Context(), "c-1"); err != nil {
			t.Fatal(err)
		}
		if calls.Load() != 2 {
			t.Fatalf("%d requests, want 2", calls.Load())
		}
	})
	t.Run("a GET that keeps failing reports the network", func(t *testing.T) {
		h, calls := statusSequence(t, resetMidBody(t))
		f := newFakeCodat(t, h)
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL, MaxAttempts: 3})
		_, err := c.ListConnections(t.Context(), "c-1")
		var e *Error
		if !errors.As(err, &e) || e.Status != 0 || e.Op != OpListConnections || e.Err == nil || calls.Load() != 3 {
			t.Fatalf("error %#v after %d requests", err, calls.Load())
		}
	})
	t.Run("a create is not retried", func(t *testing.T) {
		h, calls := statusSequence(t, resetMidBody(t), reply(200))
		f := newFakeCodat(t, h)
		c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
		if err := createCompany(t.Context(), c); err == nil || calls.Load() != 1 {
			t.Fatalf("error %v after %d requests", err, calls.Load())
		}
	})
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	c, _ := newTestClient(t, Config{BaseURL: "https://api.codat.io"})
	ms := time.Millisecond
	want := []time.Duration{300 * ms, 600 * ms, 1200 * ms, 2400 * ms, 4800 * ms, 9600 * ms, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := c.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := c.backoff(200); got != backoffCap {
		t.Errorf("backoff(200) = %v, want the cap", got)
	}
}

func TestFullJitterStaysWithinTheCeiling(t *testing.T) {
	var low, high bool
	for range 2000 {
		d := fullJitter(time.Second)
		if d < 0 || d > time.Second {
			t.Fatalf("fullJitter(1s) = %v", d)
		}
		low = low || d < 250*time.Millisecond
		high = high || d > 750*time.Millisecond
	}
	if !low || !high {
		t.Fatal("fullJitter does not spread over the range")
	}
	if fullJitter(0) != 0 {
		t.Fatal("fullJitter(0) != 0")
	}
}

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"0", fixedNow, true},
		{"120", fixedNow.Add(2 * time.Minute), true},
		{fixedNow.Add(time.Hour).Format(http.TimeFormat), fixedNow.Add(time.Hour), true},
		{fixedNow.Add(time.Hour).Format("Monday, 02-Jan-06 15:04:05 GMT"), fixedNow.Add(time.Hour), true}, // RFC 850, still valid
		{"99999999999", fixedNow.Add(maxRetryAfterSeconds * time.Second), true},
		{"-5", time.Time{}, false},
		{"soon", time.Time{}, false},
		{"1.5", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseRetryAfter(tt.in, fixedNow)
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Fatalf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "Tue, 04 Mar 2025 13:00:00 GMT", "-1", "9999999999999999999", "1e3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{}
		h.Set("Retry-After", v)
		h.Set("X-Rate-Limit-Reset", v)
		at, ok := retryAfter(h, http.StatusTooManyRequests, fixedNow)
		if ok && at.IsZero() {
			t.Fatalf("retryAfter(%q) claims a time but gives none", v)
		}
		if at, ok := parseRetryAfter(v, fixedNow); ok && v != "" && strings.Trim(v, "0123456789") == "" && at.Before(fixedNow) {
			t.Fatalf("parseRetryAfter(%q) = %v: a number of seconds never points into the past", v, at)
		}
	})
}
