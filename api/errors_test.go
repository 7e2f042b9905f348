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
	"slices"
	"strings"
	"testing"
	"time"
)

// TestErrorFieldsFromEachStatus reads what Codat said from each kind of
// error answer; package explain's tests read the same answers as a person
// would.
func TestErrorFieldsFromEachStatus(t *testing.T) {
	tests := []struct {
		name, body             string
		status                 int
		message, correlationID string
		validation             []string
	}{
		{"401", `{"statusCode":401,"error":"Unauthorized"}`, 401, "Unauthorized", "", nil},
		{"403", `{"statusCode":403,"error":"You do not have permission."}`, 403, "You do not have permission.", "", nil},
		{"402", `{"error":"Your trial has expired"}`, 402, "Your trial has expired", "", nil},
		{"404 from the fixture", string(codatFixtureBytes("error_404.json")), 404,
			"No company was found with ID 11111111-2222-3333-4444-555555555555", "9f2c4e1a7b3d", nil},
		{"400 with validation, body status ignored", string(codatFixtureBytes("error_400_validation.json")), 400,
			"The request was not valid.", "c0ffee", []string{"Tags cannot have more than 10 entries."}},
		{"409 without a body", ``, 409, "", "", nil},
		{"501 with an HTML page", `<html><body>Bad gateway</body></html>`, 501, "", "", nil},
		{"5xx with a correlation id", `{"error":"Boom","correlationId":"0a40c2f3"}`, 501, "Boom", "0a40c2f3", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, tt.status, []byte(tt.body))
			})
			c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
			_, err := c.GetCompany(t.Context(), "c")
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.status || e.Op != OpGetCompany {
				t.Fatalf("error %#v, want status %d", err, tt.status)
			}
			if e.Message != tt.message || e.CorrelationID != tt.correlationID || !slices.Equal(e.Validation, tt.validation) {
				t.Fatalf("got message %q, correlation id %q, validation %q", e.Message, e.CorrelationID, e.Validation)
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
	want := Error{Op: OpGetConnection, Status: 404, Message: "No company was found with ID 11111111-2222-3333-4444-555555555555",
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

// TestErrorIsTerse checks the form kept for logs: the operation's id, the
// status and the correlation id, or the underlying error; never a sentence.
func TestErrorIsTerse(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"status", &Error{Op: OpGetCompany, Status: 404, Message: "Company not found"}, "codat get-company: status 404"},
		{"status and correlation id", &Error{Op: OpCreateCompany, Status: 429, CorrelationID: "X", RetryAt: time.Now().Add(time.Hour)},
			"codat create-company: status 429 (correlation id X)"},
		{"cancelled", &Error{Op: OpListCompanies, Err: context.Canceled}, "codat list-companies: context canceled"},
		{"deadline", &Error{Op: OpListCompanies, Err: context.DeadlineExceeded}, "codat list-companies: context deadline exceeded"},
		{"unknown host", &Error{Op: OpGetCompany, Err: &net.DNSError{Err: "no such host", Name: "api.codat.example"}},
			"codat get-company: lookup api.codat.example: no such host"},
		{"unreadable answer", &Error{Op: OpGetCompany, Status: 200, Err: ErrWantStringOrNumber},
			"codat get-company: status 200 decode: want string/number"},
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

func TestRefusedConnectionIsReported(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {})
	url := f.srv.URL
	f.srv.Close()
	c, _ := newTestClient(t, Config{BaseURL: url, MaxAttempts: 2})
	_, err := c.GetCompany(t.Context(), "c")
	var e *Error
	var dial *net.OpError
	if !errors.As(err, &e) || e.Status != 0 || e.Op != OpGetCompany || !errors.As(err, &dial) || dial.Op != "dial" {
		t.Fatalf("error %#v, want a refused dial for get-company", err)
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
