package api

import (
	"errors"
	"net/http"
	"testing"
)

func TestValidateLink(t *testing.T) {
	c, _ := newTestClient(t, Config{
		BaseURL:       "https://api.codat.io",
		LinkHosts:     []string{"Link.Partner.example", "127.0.0.1:8080", "demo.example:8443"},
		HTTPLinkHosts: []string{"192.168.1.20:7878"},
	})
	tests := []struct {
		name, in, want string
		wantErr        error // the typed error, equal by value
	}{
		{"company link", "https://link.codat.io/company/7c1b6e4a", "https://link.codat.io/company/7c1b6e4a", nil},
		{"one-time link keeps its query", "https://link.codat.io/company/7c1b?link.otp=OTP123", "https://link.codat.io/company/7c1b?link.otp=OTP123", nil},
		{"connection start link", "https://link-api.codat.io/companies/c/connections/k/start?otp=742271", "https://link-api.codat.io/companies/c/connections/k/start?otp=742271", nil},
		{"scheme and host normalised", "HTTPS://LINK.codat.io/company/AbC", "https://link.codat.io/company/AbC", nil},
		{"configured host", "https://link.partner.example/x", "https://link.partner.example/x", nil},
		{"the API host itself", "https://api.codat.io/x", "https://api.codat.io/x", nil},
		{"loopback host over http", "http://127.0.0.1:8080/link/company/c", "http://127.0.0.1:8080/link/company/c", nil},
		{"non-ASCII path is escaped", "https://link.codat.io/company/é", "https://link.codat.io/company/%C3%A9", nil},
		{"configured non-loopback host over http", "http://demo.example:8443/x", "", ErrLinkScheme{"http"}},
		{"Codat host over http", "http://link.codat.io/company/c", "", ErrLinkScheme{"http"}},
		{"a host allowed plain http", "http://192.168.1.20:7878/link/company/c", "http://192.168.1.20:7878/link/company/c", nil},
		{"another port of that host", "http://192.168.1.20:8080/link/company/c", "", ErrLinkHost{"192.168.1.20:8080"}},
		{"another host", "https://evil.example/company/c", "", ErrLinkHost{"evil.example"}},
		{"look-alike host", "https://link.codat.io.evil.example/company/c", "", ErrLinkHost{"link.codat.io.evil.example"}},
		{"unexpected port", "https://link.codat.io:8443/company/c", "", ErrLinkHost{"link.codat.io:8443"}},
		{"port not configured", "http://127.0.0.1:9090/x", "", ErrLinkHost{"127.0.0.1:9090"}},
		{"user info", "https://link.codat.io@evil.example/", "", ErrLinkUserinfo},
		{"user info on a Codat host", "https://me@link.codat.io/company/c", "", ErrLinkUserinfo},
		{"javascript", "javascript:alert(1)", "", ErrLinkNotAbsolute},
		{"relative", "/company/c", "", ErrLinkNotAbsolute},
		{"space", "https://link.codat.io/company/c d", "", ErrLinkUnsafe},
		{"newline runs in a shell", "https://link.codat.io/company/c\nrm -rf ~", "", ErrLinkUnsafe},
		{"escape sequence", "https://link.codat.io/\x1b]52;c;?\x07", "", ErrLinkUnsafe},
		{"bidi override", "https://link.codat.io/company/\u202ec", "", ErrLinkUnsafe},
		{"zero width", "https://link.codat\u200b.io/company/c", "", ErrLinkUnsafe},
		{"invalid UTF-8", "https://link.codat.io/\xff", "", ErrLinkNotText},
		{"empty", "", "", ErrNoLink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ValidateLink(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ValidateLink(%q) = %q, %#v; want %#v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ValidateLink(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestHostedLink(t *testing.T) {
	tests := []struct {
		name     string
		company  string
		want     string
		wantErr  error // wrapped in an *OpError for OpHostedLink
		linkHost string
	}{
		{"the redirect field", `{"id":"c-1","redirect":"https://link.codat.io/company/c-1?link.otp=1"}`, "https://link.codat.io/company/c-1?link.otp=1", nil, ""},
		{"built when missing", `{"id":"c 1","redirect":""}`, "https://link.codat.io/company/c%201", nil, ""},
		{"built when absent", `{"id":"c-2"}`, "https://link.codat.io/company/c-2", nil, ""},
		{"a sandbox host that is configured", `{"id":"c-1","redirect":"http://127.0.0.1:7/link/c-1"}`, "http://127.0.0.1:7/link/c-1", nil, "127.0.0.1:7"},
		{"a redirect off Codat is refused", `{"id":"c-1","redirect":"https://evil.example/c-1"}`, "", ErrLinkHost{"evil.example"}, ""},
		{"a redirect carrying a sequence is refused, not repaired", `{"id":"c-1","redirect":"https://evil.example\u001b[2J/"}`, "", ErrLinkHost{"evil.example"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
				replyJSON(w, 200, []byte(tt.company))
			})
			cfg := Config{BaseURL: f.srv.URL}
			if tt.linkHost != "" {
				cfg.LinkHosts = []string{tt.linkHost}
			}
			c, _ := newTestClient(t, cfg)
			for range 2 { // fetched fresh every time, never cached
				got, err := c.HostedLink(t.Context(), "c-1")
				if tt.wantErr != nil {
					if op, ok := errors.AsType[*OpError](err); !ok || op.Op != OpHostedLink || !errors.Is(err, tt.wantErr) || got != "" {
						t.Fatalf("HostedLink = %q, %#v; want %#v for %s", got, err, tt.wantErr, OpHostedLink)
					}
				} else if err != nil || got != tt.want {
					t.Fatalf("HostedLink = %q, %v; want %q", got, err, tt.want)
				}
			}
			reqs := f.requests()
			if len(reqs) != 2 || reqs[0].Method != "GET" || reqs[0].Path != "/companies/c-1" {
				t.Fatalf("requests %+v, want two GET /companies/c-1", reqs)
			}
		})
	}
}

func TestHostedLinkReportsAMissingCompany(t *testing.T) {
	f := newFakeCodat(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, 404, codatFixture(t, "error_404.json"))
	})
	c, _ := newTestClient(t, Config{BaseURL: f.srv.URL})
	_, err := c.HostedLink(t.Context(), "gone")
	if e, ok := errors.AsType[*Error](err); !ok || !IsNotFound(err) || e.Op != OpHostedLink {
		t.Fatalf("error %#v, want a 404 for %s", err, OpHostedLink)
	}
}
