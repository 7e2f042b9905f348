package api

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestErrorMessagesReadWell(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   []string // in order
	}{
		{"401", 401, `{"statusCode":401,"error":"Unauthorized"}`,
			[]string{"Codat rejected the API key (401). Check CODAT_API_KEY or CODAT_AUTH_HEADER."}},
		{"403", 403, `{"statusCode":403,"error":"You do not have permission."}`,
			[]string{"Could not get company: this API key is not allowed to do that (403).", "Codat said: You do not have permission."}},
		{"402", 402, `{"error":"Your trial has expired"}`,
			[]string{"Could not get company: Codat requires payment", "Codat said: Your trial has expired."}},
		{"404 from the fixture", 404, string(codatFixtureBytes("error_404.json")),
			[]string{"Could not get company: Codat has no such record (404)", "No company was found with ID 11111111-2222-3333-4444-555555555555."}},
		{"400 with validation, body status ignored", 400, string(codatFixtureBytes("error_400_validation.json")),
			[]string{"Could not get company: Codat rejected the request (400).", "Codat said: The request was not valid.", "Tags cannot have more than 10 entries."}},
		{"409 without a body", 409, ``,
			[]string{"Could not get company: Codat rejected the request (409)."}},
		{"501 with an HTML page", 501, `<html><body>Bad gateway</body></html>`,
			[]string{"Could not get company: Codat had a problem on its side (501). Try again in a minute."}},
		{"5xx names the correlation id", 501, `{"error":"Boom","correlationId":"0a40c2f3"}`,
			[]string{"(501)", "Codat said: Boom.", "(Codat correlation id 0a40c2f3.)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, tt.status, []byte(tt.body))
			})
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			_, err := c.GetCompany(t.Context(), "c")
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.status {
				t.Fatalf("error %#v, want status %d", err, tt.status)
			}
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message %q lacks %q (in order)", msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func codatFixtureBytes(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return b
}

func TestErrorFieldsFromCodatsBody(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, 404, codatFixture(t, "error_404.json"))
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	_, err := c.GetConnection(t.Context(), "c", "k")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	want := Error{Op: "get connection", Status: 404, Message: "No company was found with ID 11111111-2222-3333-4444-555555555555",
		Service: "ClientsApi", CorrelationID: "9f2c4e1a7b3d"}
	if e.Op != want.Op || e.Status != want.Status || e.Message != want.Message || e.Service != want.Service ||
		e.CorrelationID != want.CorrelationID || e.Validation != nil || e.Err != nil {
		t.Fatalf("got %+v\nwant %+v", *e, want)
	}
	if !IsNotFound(err) || IsUnauthorized(err) {
		t.Fatal("IsNotFound/IsUnauthorized disagree with 404")
	}
}

func TestErrorClassifiers(t *testing.T) {
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name                 string
		err                  error
		notFound, unauth, rl bool
	}{
		{"404", &Error{Status: 404}, true, false, false},
		{"wrapped 404", fmt.Errorf("reuse: %w", &Error{Status: 404}), true, false, false},
		{"401", &Error{Status: 401}, false, true, false},
		{"403", &Error{Status: 403}, false, true, false},
		{"429", &Error{Status: 429, RetryAt: at}, false, false, true},
		{"503", &Error{Status: 503, RetryAt: at}, false, false, false},
		{"plain error", errors.New("x"), false, false, false},
		{"nil", nil, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			until, rl := RateLimited(tt.err)
			if IsNotFound(tt.err) != tt.notFound || IsUnauthorized(tt.err) != tt.unauth || rl != tt.rl {
				t.Fatalf("IsNotFound=%v IsUnauthorized=%v RateLimited=%v", IsNotFound(tt.err), IsUnauthorized(tt.err), rl)
			}
			if rl && !until.Equal(at) {
				t.Fatalf("RateLimited until %v, want %v", until, at)
			}
		})
	}
}

func TestErrorsWithoutAnAnswer(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"cancelled", &Error{Op: "list companies", Err: context.Canceled},
			"Stopped before Codat answered: list companies was cancelled."},
		{"deadline", &Error{Op: "list companies", Err: context.DeadlineExceeded},
			"Could not list companies: Codat did not answer in time. Check your network and try again."},
		{"unknown host", &Error{Op: "get company", Err: &net.DNSError{Err: "no such host", Name: "api.codat.example"}},
			"Could not get company: no answer from Codat (the host name could not be found). Check your network and CODAT_BASE_URL."},
		{"refused", &Error{Op: "get company", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}},
			"Could not get company: no answer from Codat (the connection was refused). Check your network and CODAT_BASE_URL."},
		{"no op", &Error{Status: 404}, "Could not reach Codat: Codat has no such record (404); it may have been deleted."},
		{"rate limited, time unknown", &Error{Op: "list companies", Status: 429},
			"Could not list companies: Codat's rate limit was reached (429). Try again later."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
			if tt.err.Err != nil && !errors.Is(tt.err, tt.err.Err) {
				t.Fatal("Unwrap does not reach the cause")
			}
		})
	}
}

func TestRateLimitMessageCountsDown(t *testing.T) {
	at := time.Now().Add(90*time.Minute + 20*time.Second)
	msg := (&Error{Op: "list companies", Status: 429, RetryAt: at}).Error()
	want := "Try again after " + at.UTC().Format("15:04:05 UTC") + " (in 1h30m)."
	if !strings.Contains(msg, want) {
		t.Fatalf("message %q lacks %q", msg, want)
	}
}

func TestRefusedConnectionIsReported(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {})
	url := f.srv.URL
	f.srv.Close()
	c, _ := newTestClient(t, Config{BaseURL: url, MaxAttempts: 2})
	_, err := c.GetCompany(t.Context(), "c")
	var e *Error
	if !errors.As(err, &e) || e.Status != 0 || e.Err == nil {
		t.Fatalf("error %#v", err)
	}
	if msg := err.Error(); msg != "Could not get company: no answer from Codat (the connection was refused). Check your network and CODAT_BASE_URL." {
		t.Fatalf("message %q", msg)
	}
}

func TestErrorsNeverContainTheKey(t *testing.T) {
	encoded := base64.StdEncoding.EncodeToString([]byte(testKey))
	// A misbehaving server echoes the credentials everywhere it can.
	echo := fmt.Sprintf(`{"error":"bad key %[1]s (%[2]s)","service":"%[1]s","correlationId":"%[2]s",
		"validation":{"errors":[{"message":"Authorization: Basic %[2]s"}]}}`, testKey, encoded)
	for _, status := range []int{400, 401, 403, 404, 409, 429, 500, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, status, []byte(echo))
			})
			for _, cfg := range []Config{
				{BaseURL: f.srv.URL, APIKey: testKey, MaxAttempts: 1},
				{BaseURL: f.srv.URL, AuthHeader: "Basic " + encoded, MaxAttempts: 1},
			} {
				c, _ := newTestClient(t, cfg)
				_, err := c.CreateCompany(t.Context(), CompanyRequest{Name: "Acme"})
				if err == nil {
					t.Fatal("no error")
				}
				var e *Error
				errors.As(err, &e)
				for _, text := range append([]string{err.Error(), fmt.Sprintf("%+v", *e), e.Message, e.Service, e.CorrelationID}, e.Validation...) {
					if strings.Contains(text, testKey) || strings.Contains(text, encoded) {
						t.Fatalf("error text %q contains the key", text)
					}
				}
			}
		})
	}
}
