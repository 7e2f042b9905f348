package api

import (
	"net/http"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
)

// newSandboxPair serves a fresh sandbox and returns it with a client for it
// that waits for real.
func newSandboxPair(t *testing.T) (*Client, *sandbox.Server) {
	t.Helper()
	return newSandboxClientWith(t, sandbox.Options{}, func(h http.Handler) http.Handler { return h })
}

// TestCreatesLookBeforeSendingAgain injects the faults after which a create
// may or may not have happened, and checks that each leaves one company and
// one connection, and that the create was sent again only when the look
// found nothing.
func TestCreatesLookBeforeSendingAgain(t *testing.T) {
	const companies, connections = "POST /companies", "POST /companies/{companyId}/connections"
	tests := []struct {
		name      string
		route     string
		fault     func(sb *sandbox.Server, route string)
		timeout   time.Duration // the caller's deadline; none when 0
		wantPosts int
	}{
		{"company: 429 after Codat acted", companies,
			func(sb *sandbox.Server, r string) { sb.ActThenFailNext(r, 1, 429) }, 0, 1},
		{"company: 429 before Codat acted", companies,
			func(sb *sandbox.Server, r string) { sb.FailNext(r, 1, 429) }, 0, 2},
		{"company: 503 after Codat acted", companies,
			func(sb *sandbox.Server, r string) { sb.ActThenFailNext(r, 1, 503) }, 0, 1},
		{"company: answer held past the caller's deadline", companies,
			func(sb *sandbox.Server, r string) { sb.ActThenFailNext(r, 1, 0) }, 300 * time.Millisecond, 1},
		{"company: made after the caller's deadline", companies,
			func(sb *sandbox.Server, r string) { sb.ActLateNext(r, 1, time.Second) }, 300 * time.Millisecond, 1},
		{"connection: 429 after Codat acted", connections,
			func(sb *sandbox.Server, r string) { sb.ActThenFailNext(r, 1, 429) }, 0, 1},
		{"connection: 429 before Codat acted", connections,
			func(sb *sandbox.Server, r string) { sb.FailNext(r, 1, 429) }, 0, 2},
		{"connection: made after the caller's deadline", connections,
			func(sb *sandbox.Server, r string) { sb.ActLateNext(r, 1, time.Second) }, 300 * time.Millisecond, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, sb := newSandboxPair(t)
			ctx := t.Context()
			var co Company
			if tt.route == connections {
				var err error
				if co, _, err = c.FindOrCreateCompany(ctx, "Acme", "u1"); err != nil {
					t.Fatal(err)
				}
			}
			tt.fault(sb, tt.route)
			callCtx := contextWithTimeout(t, tt.timeout)
			if tt.route == companies {
				got, reused, err := c.FindOrCreateCompany(callCtx, "Acme", "u1")
				if err != nil || got.ID == "" || reused {
					t.Fatalf("got %+v reused=%v err=%v, want the company this call made", got, reused, err)
				}
			} else {
				got, err := c.CreateConnectionOrFind(callCtx, co.ID, "mqjo", pendingByKey("mqjo"))
				if err != nil || got.ID == "" || got.Status != PendingAuth {
					t.Fatalf("got %+v err=%v, want the pending connection this call made", got, err)
				}
			}
			if n := sb.FaultsLeft(tt.route); n != 0 {
				t.Fatalf("the fault was not served (%d left)", n)
			}
			if n := sb.Requests()[tt.route]; n != tt.wantPosts {
				t.Errorf("%d creates sent, want %d", n, tt.wantPosts)
			}
			// Once the dust settles (a late create has landed), and after a
			// second run, there is still one of each.
			if tt.route == companies {
				again, reused, err := c.FindOrCreateCompany(ctx, "Acme", "u1")
				if err != nil || !reused {
					t.Fatalf("a second run: reused=%v err=%v, want the first company", reused, err)
				}
				all, err := c.ListCompanies(ctx, ListCompaniesParams{})
				if err != nil || len(all) != 1 || all[0].ID != again.ID {
					t.Fatalf("%d companies (%v), want 1", len(all), err)
				}
				return
			}
			conns, err := c.ListConnections(ctx, co.ID)
			if err != nil || len(conns) != 1 {
				t.Fatalf("%d connections (%v), want 1", len(conns), err)
			}
		})
	}
}

// TestACreateWithNoAnswerIsNotSentAgain checks that a create which got no
// answer, and whose looks found nothing, is reported rather than re-sent.
func TestACreateWithNoAnswerIsNotSentAgain(t *testing.T) {
	c, sb := newSandboxPair(t)
	sb.DropNext("POST /companies", 1)
	start := time.Now()
	_, _, err := c.FindOrCreateCompany(t.Context(), "Acme", "")
	if err == nil {
		t.Fatal("a dropped create reported success")
	}
	if n := sb.Requests()["POST /companies"]; n != 1 {
		t.Errorf("%d creates sent, want 1", n)
	}
	// It looked more than once, over a few seconds, before giving up.
	if looks := sb.Requests()["GET /companies"]; looks != 1+1+len(settleWaits) {
		t.Errorf("%d searches, want one before the create and %d after", looks, 1+len(settleWaits))
	}
	if took := time.Since(start); took > recheckTimeout {
		t.Errorf("took %s, longer than the look's own limit", took)
	}
}

// TestEveryCreateKeepsTheNameAsTyped: whichever create makes the company,
// Codat gets the name it accepts and the description keeps the name as
// typed, which screens, emails and later searches use.
func TestEveryCreateKeepsTheNameAsTyped(t *testing.T) {
	c, _ := newSandboxPair(t)
	ctx := t.Context()
	const typed = "Müller & Söhne GmbH"
	creates := map[string]func(name, uid string) (Company, error){
		"FindOrCreateCompany":   func(n, u string) (Company, error) { co, _, err := c.FindOrCreateCompany(ctx, n, u); return co, err },
		"CreateCompanyOnce":     func(n, u string) (Company, error) { return c.CreateCompanyOnce(ctx, n, u) },
		"CreateTaggedCompany":   func(n, u string) (Company, error) { return c.CreateTaggedCompany(ctx, n, u) },
		"CreateCompanyNotFound": func(n, u string) (Company, error) { return c.CreateCompanyNotFound(ctx, n, u) },
	}
	for name, create := range creates {
		co, err := create(typed, "uid-"+name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if co.Name != "Mueller & Soehne GmbH" || co.Description != typed {
			t.Errorf("%s made name %q, description %q", name, co.Name, co.Description)
		}
	}
}

// pendingByKey is a finder for these tests, where the sandbox gives every
// connection its integrationKey: the newest pending one with key.
func pendingByKey(key string) ConnectionFinder {
	return func(conns []Connection) (Connection, bool) {
		var newest Connection
		for _, c := range conns {
			if c.Status == PendingAuth && c.IntegrationKey == key && (newest.ID == "" || c.Created.After(newest.Created.Time)) {
				newest = c
			}
		}
		return newest, newest.ID != ""
	}
}
