package explain

import (
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/webhook"
)

// These tests read what a real client reports, against a stand-in Codat on
// loopback, the way a person reads it.

const key = "sk-test-Q9v7yT3s"

// fakeCodat answers every request with handle.
func fakeCodat(t *testing.T, handle http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(handle)
	t.Cleanup(srv.Close)
	return srv
}

func client(t *testing.T, base string) *api.Client {
	t.Helper()
	c, err := api.New(api.Config{BaseURL: base, APIKey: key, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "api", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// inOrder fails unless msg holds each of want, in order.
func inOrder(t *testing.T, msg string, want ...string) {
	t.Helper()
	rest := msg
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("message %q lacks %q (in order)", msg, w)
		}
		rest = rest[i+len(w):]
	}
}

func TestConfigErrorsReadWell(t *testing.T) {
	tests := []struct {
		name string
		cfg  api.Config
		want string
	}{
		{"no key", api.Config{}, "CODAT_API_KEY"},
		{"blank key", api.Config{APIKey: "  \t"}, "CODAT_API_KEY"},
		{"key with newline", api.Config{APIKey: "abc\r\nX-Evil: 1"}, "control characters"},
		{"header with only scheme", api.Config{AuthHeader: "Basic "}, "Basic <base64 key>"},
		{"relative base URL", api.Config{APIKey: "k", BaseURL: "api.codat.io"}, "absolute URL"},
		{"ftp base URL", api.Config{APIKey: "k", BaseURL: "ftp://api.codat.io"}, "https://"},
		{"plain http off this machine", api.Config{APIKey: "k", BaseURL: "http://api.codat.io"}, "plain http"},
		{"user info in base URL", api.Config{APIKey: "k", BaseURL: "https://me:pw@api.codat.io"}, "user name or password"},
		{"query in base URL", api.Config{APIKey: "k", BaseURL: "https://api.codat.io/?x=1"}, "query"},
		{"link host with scheme", api.Config{APIKey: "k", LinkHosts: []string{"https://link.example.com"}}, "host name"},
		{"link host with path", api.Config{APIKey: "k", LinkHosts: []string{"link.example.com/x"}}, "host name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := api.New(tt.cfg)
			msg := Explain(err, clock)
			if err == nil || !strings.Contains(msg, tt.want) {
				t.Fatalf("New() error %v reads %q, want it to mention %q", err, msg, tt.want)
			}
			if strings.Contains(msg, "X-Evil") || strings.Contains(msg, "pw") {
				t.Fatalf("%q quotes the key or the password", msg)
			}
		})
	}
}

func TestCodatAnswersReadWell(t *testing.T) {
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
		{"404 from the fixture", 404, fixture(t, "error_404.json"),
			[]string{"Could not get company: Codat has no such record (404)", "No company was found with ID 11111111-2222-3333-4444-555555555555."}},
		{"400 with validation, body status ignored", 400, fixture(t, "error_400_validation.json"),
			[]string{"Could not get company: Codat rejected the request (400).", "Codat said: The request was not valid.", "Tags cannot have more than 10 entries."}},
		{"409 without a body", 409, ``,
			[]string{"Could not get company: Codat rejected the request (409)."}},
		{"501 with an HTML page", 501, `<html><body>Bad gateway</body></html>`,
			[]string{"Could not get company: Codat had a problem on its side (501). Try again in a minute."}},
		{"5xx names the correlation id", 501, `{"error":"Boom","correlationId":"0a40c2f3"}`,
			[]string{"(501)", "Codat said: Boom.", "(Codat correlation id 0a40c2f3.)"}},
		{"truncated JSON", 200, `{"id":"c-1","name":"Acme`, []string{"Could not get company: Codat's answer could not be read"}},
		{"empty body", 200, ``, []string{"Could not get company: Codat's answer could not be read"}},
		{"HTML page", 200, `<html>Bad gateway</html>`, []string{"Could not get company: Codat's answer could not be read"}},
		{"wrong shape", 200, `{"name":["Acme"]}`, []string{"Could not get company: Codat's answer could not be read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeCodat(t, reply(tt.status, tt.body))
			_, err := client(t, srv.URL).GetCompany(t.Context(), "c")
			inOrder(t, Explain(err, time.Now()), tt.want...)
		})
	}
}

func TestNoAnswerReadsWell(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		srv := fakeCodat(t, func(http.ResponseWriter, *http.Request) {})
		srv.Close()
		_, err := client(t, srv.URL).GetCompany(t.Context(), "c")
		want := "Could not get company: no answer from Codat (the connection was refused). Check your network and CODAT_BASE_URL."
		if got := Explain(err, time.Now()); got != want {
			t.Fatalf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("no answer in time", func(t *testing.T) {
		release := make(chan struct{})
		srv := fakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		})
		defer close(release)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := client(t, srv.URL).ListCompanies(ctx, api.ListCompaniesParams{})
		inOrder(t, Explain(err, time.Now()), "Could not list companies:", "did not answer in time")
	})
	t.Run("a connection broken mid-answer", func(t *testing.T) {
		srv := fakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			defer conn.Close()
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n{\"results\":[{\"id\":\"c-1\",\"na")
			_ = buf.Flush()
		})
		_, err := client(t, srv.URL).ListConnections(t.Context(), "c-1")
		inOrder(t, Explain(err, time.Now()), "Could not list connections: no answer from Codat", "Check your network")
	})
}

func TestLongRateLimitSaysWhen(t *testing.T) {
	reset := time.Now().Add(30 * time.Hour).UTC().Truncate(time.Second)
	srv := fakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", reset.Format(http.TimeFormat))
		reply(429, `{"error":"Too many requests"}`)(w, r)
	})
	_, err := client(t, srv.URL).ListCompanies(t.Context(), api.ListCompaniesParams{})
	inOrder(t, Explain(err, time.Now()), "Could not list companies: Codat's rate limit was reached (429).",
		"Try again after "+reset.Format("Mon 2 Jan 15:04 UTC")+" (in ", "h", "). Codat said: Too many requests.")
}

func TestLinksAndNamesReadWell(t *testing.T) {
	t.Run("a missing company", func(t *testing.T) {
		srv := fakeCodat(t, reply(404, fixture(t, "error_404.json")))
		_, err := client(t, srv.URL).HostedLink(t.Context(), "gone")
		inOrder(t, Explain(err, clock), "Could not get the company's Hosted Link: Codat has no such record")
	})
	t.Run("a redirect off Codat", func(t *testing.T) {
		srv := fakeCodat(t, reply(200, `{"id":"c-1","redirect":"https://evil.example/c-1"}`))
		_, err := client(t, srv.URL).HostedLink(t.Context(), "c-1")
		want := "get the company's Hosted Link: the link goes to evil.example, which is not a Codat link host"
		if got := Explain(err, clock); got != want {
			t.Fatalf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("a next page elsewhere", func(t *testing.T) {
		srv := fakeCodat(t, reply(200, `{"results":[{"id":"c-1"}],"_links":{"next":{"href":"//evil.example/companies?page=2"}}}`))
		_, err := client(t, srv.URL).ListCompanies(t.Context(), api.ListCompaniesParams{})
		inOrder(t, Explain(err, clock), "list companies: refusing Codat's next-page link to evil.example: it is not 127.0.0.1:")
	})
	t.Run("a name with nothing Codat accepts", func(t *testing.T) {
		c := client(t, "http://127.0.0.1:1")
		_, _, err := c.FindOrCreateCompany(t.Context(), "（株）", "")
		inOrder(t, Explain(err, clock), `find or create company: the name "（株）" has no letters or digits Codat accepts`)
	})
	t.Run("a create Codat refuses", func(t *testing.T) {
		srv := fakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				reply(400, fixture(t, "error_400_validation.json"))(w, r)
				return
			}
			reply(200, `{"results":[]}`)(w, r)
		})
		_, _, err := client(t, srv.URL).FindOrCreateCompany(t.Context(), "Acme", "")
		inOrder(t, Explain(err, clock), "Could not create company: Codat rejected the request (400).", "Tags cannot have more than 10 entries.")
	})
}

func TestWebhookSecretsReadWell(t *testing.T) {
	short := "whsec_" + base64.StdEncoding.EncodeToString([]byte("only-15-bytes!!"))
	tests := []struct{ name, secret, want string }{
		{"empty", "", "empty"},
		{"blank", " \n", "empty"},
		{"no prefix", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_"},
		{"prefix only", "whsec_", "too short"},
		{"not base64", "whsec_MfKQ9r8GKYqr!!!TwjUPD8ILPZIo2La", "base64"},
		{"short key", short, "too short (15 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := webhook.NewVerifier(tt.secret)
			msg := Explain(err, clock)
			if err == nil || !strings.Contains(msg, tt.want) {
				t.Fatalf("error %v reads %q, want it to say %q", err, msg, tt.want)
			}
			if body := strings.TrimPrefix(strings.TrimSpace(tt.secret), "whsec_"); len(body) > 4 && strings.Contains(msg, body) {
				t.Errorf("%q repeats the secret", msg)
			}
			_, err = webhook.NewReceiver(webhook.ReceiverConfig{Secret: tt.secret})
			if msg := Explain(err, clock); !strings.HasPrefix(msg, "webhook receiver: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("the receiver's refusal reads %q, want it to say %q", msg, tt.want)
			}
		})
	}
}

func TestWordsNeverContainTheKey(t *testing.T) {
	encoded := base64.StdEncoding.EncodeToString([]byte(key))
	// A misbehaving server echoes the credentials everywhere it can.
	echo := fmt.Sprintf(`{"error":"bad key %[1]s (%[2]s)","service":"%[1]s","correlationId":"%[2]s",
		"validation":{"errors":[{"message":"Authorization: Basic %[2]s"}]}}`, key, encoded)
	for _, status := range []int{400, 401, 403, 404, 409, 429, 500, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := fakeCodat(t, reply(status, echo))
			_, err := client(t, srv.URL).CreateCompany(t.Context(), api.CompanyRequest{Name: "Acme"})
			if msg := Explain(err, time.Now()); err == nil || strings.Contains(msg, key) || strings.Contains(msg, encoded) {
				t.Fatalf("%q contains the key (or there was no error)", msg)
			}
		})
	}
	t.Run("a transport error that quotes it", func(t *testing.T) {
		c, err := api.New(api.Config{BaseURL: "http://127.0.0.1:1", APIKey: key, MaxAttempts: 1, HTTPClient: &http.Client{
			Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
				return nil, &net.OpError{Op: "read", Net: "tcp", Err: fmt.Errorf("peer said %s", encoded)}
			}),
		}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetCompany(t.Context(), "c")
		if msg := Explain(err, time.Now()); strings.Contains(msg, encoded) || !strings.Contains(msg, "no answer from Codat") {
			t.Fatalf("%q", msg)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
