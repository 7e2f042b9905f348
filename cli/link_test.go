package cli

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/store"
)

func TestLink(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		args       []string
		wantName   string
		wantStatus string
		wantPath   string // in link_url
		wantConn   bool
		wantStderr string
	}{
		{"hosted link", []string{"--company", "Acme Ltd"}, "Acme Ltd", "PendingAuth", "/link/company/", false, "Company: Acme Ltd (created"},
		{"platform by key", []string{"--company", "Acme Ltd", "--platform", "gbol"}, "Acme Ltd", "PendingAuth", "/connections/", true, "Platform: Xero (gbol), new connection"},
		{"platform by name", []string{"--company", "Acme Ltd", "--platform", "xero"}, "Acme Ltd", "PendingAuth", "/connections/", true, "Xero (gbol)"},
		{"name Codat strips", []string{"--company", "Acme* Ltd™"}, "Acme Ltd", "PendingAuth", "/link/company/", false, `Codat will store the name as "Acme Ltd"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
				h := newHarness(t, profile)
				r := h.run("", append([]string{"link", "--json"}, tc.args...)...)
				wantCode(t, r, exitOK)
				res := decode[linkResult](t, r)
				if res.CompanyName != tc.wantName || res.CompanyReused || res.Status != tc.wantStatus || res.CompanyID == "" {
					t.Errorf("got %+v", res)
				}
				u, err := url.Parse(res.LinkURL)
				if err != nil || u.Host != strings.TrimPrefix(h.sb.BaseURL(), "http://") || !strings.Contains(u.Path, tc.wantPath) || !strings.Contains(u.Path, res.CompanyID) {
					t.Errorf("link_url %q: want the sandbox's %s link for the company", res.LinkURL, tc.wantPath)
				}
				if (res.ConnectionID != "") != tc.wantConn {
					t.Errorf("connection_id %q, want one: %v", res.ConnectionID, tc.wantConn)
				}
				if res.NextStep == "" || !strings.Contains(r.stderr, tc.wantStderr) {
					t.Errorf("next_step %q; stderr lacks %q:\n%s", res.NextStep, tc.wantStderr, r.stderr)
				}
				if strings.Contains(r.stderr, "Demo:") || res.Demo {
					t.Errorf("with a key set, the demo must not be used:\n%s", r.stderr)
				}
			})
		})
	}
}

func TestLinkPrintsTheLinkAloneOnStdout(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		r := h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol")
		wantCode(t, r, exitOK)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], h.sb.BaseURL()+"/link/") {
			t.Fatalf("stdout should be the link on its own line, got %q", r.stdout)
		}
		if !strings.Contains(r.stderr, "Next: open the link and sign in to Xero") {
			t.Errorf("stderr lacks the next step:\n%s", r.stderr)
		}
	})
}

func TestLinkTwiceReusesTheCompanyAndThePendingConnection(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		first := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
		r := h.run("", "link", "--company", "acme  ltd", "--platform", "gbol", "--json")
		wantCode(t, r, exitOK)
		second := decode[linkResult](t, r)
		if !second.CompanyReused || second.CompanyID != first.CompanyID {
			t.Errorf("second link: company_reused=%v id %s, want true and %s", second.CompanyReused, second.CompanyID, first.CompanyID)
		}
		if !second.ConnectionReused || second.ConnectionID != first.ConnectionID {
			t.Errorf("second link: connection_reused=%v id %s, want the pending %s", second.ConnectionReused, second.ConnectionID, first.ConnectionID)
		}
		cos, err := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{})
		if err != nil {
			t.Fatal(err)
		}
		if len(cos) != 1 {
			t.Errorf("the sandbox holds %d companies, want 1", len(cos))
		}
		conns, err := h.client().ListConnections(t.Context(), first.CompanyID)
		if err != nil || len(conns) != 1 {
			t.Errorf("the company has %d connections (%v), want 1", len(conns), err)
		}

		// Once linked, a third run says so and prints no link.
		if err := h.sb.Authorize(first.CompanyID, first.ConnectionID); err != nil {
			t.Fatal(err)
		}
		third := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
		if third.Status != "Linked" || third.LinkURL != "" || !strings.Contains(third.NextStep, "already linked") {
			t.Errorf("after linking: %+v", third)
		}
	})
}

func TestLinkRemembersForStatus(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		res := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
		path, err := storePath(func(k string) string { return h.env[k] })
		if err != nil {
			t.Fatal(err)
		}
		st, _, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		pending := st.Pending(h.sb.BaseURL())
		if len(pending) != 1 || pending[0].CompanyID != res.CompanyID || pending[0].Path != store.PathAuthorize ||
			pending[0].Category != "accounting" || pending[0].ConnectionID != res.ConnectionID {
			t.Errorf("remembered %+v", pending)
		}
	})
}

func TestLinkUnknownPlatformListsCloseMatches(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		for _, tc := range []struct {
			arg  string
			want []string
		}{
			{"xeroo", []string{"gbol (Xero)"}},
			{"gbo", []string{"gbol (Xero)"}},
			{"sage", []string{"tgff (Sage Accounting)", "knfz (Sage Intacct)"}},
			{"quickbooks", []string{"qhyg (QuickBooks Online)", "pqsw (QuickBooks Desktop)"}},
			{"zzzzzzzz", []string{"Keys are four letters"}},
		} {
			r := h.run("", "link", "--company", "Acme Ltd", "--platform", tc.arg)
			if r.code != exitUsage {
				t.Errorf("--platform %s: exit %d, want 2; stderr %s", tc.arg, r.code, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("--platform %s: stderr lacks %q:\n%s", tc.arg, w, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("--platform %s: stdout %q, want nothing", tc.arg, r.stdout)
			}
		}
		// Nothing was created for a mistyped platform.
		cos, err := h.client().ListCompanies(t.Context(), api.ListCompaniesParams{})
		if err != nil || len(cos) != 0 {
			t.Errorf("companies after failed links: %d (%v), want 0", len(cos), err)
		}
	})
}

func TestLinkDisabledPlatform(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		r := h.run("", "link", "--company", "Acme Ltd", "--platform", "pdvj")
		wantCode(t, r, exitError)
		if !strings.Contains(r.stderr, "MYOB Business (pdvj) is not enabled") {
			t.Errorf("stderr: %s", r.stderr)
		}
	})
}

func TestLinkWrongKey(t *testing.T) {
	t.Parallel()
	const wrong = "not-the-sandbox-key-0123456789"
	for _, env := range []string{"CODAT_API_KEY", "CODAT_AUTH_HEADER"} {
		t.Run(env, func(t *testing.T) {
			eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
				h := newHarness(t, profile)
				delete(h.env, "CODAT_API_KEY")
				h.env[env] = wrong
				if env == "CODAT_AUTH_HEADER" {
					h.env[env] = basicHeader(wrong)
				}
				r := h.run("", "link", "--company", "Acme Ltd", "--json")
				wantCode(t, r, exitAuth)
				if !strings.Contains(r.stderr, "CODAT_API_KEY") {
					t.Errorf("%s: stderr should name CODAT_API_KEY:\n%s", env, r.stderr)
				}
				if strings.Contains(r.stderr+r.stdout, wrong) || strings.Contains(r.stderr+r.stdout, basicHeader(wrong)[6:]) {
					t.Errorf("%s: the key appears in the output:\n%s", env, r.stderr)
				}
			})
		})
	}
}

func TestLinkRateLimited(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{RateLimit: 1}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		r := h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json")
		wantCode(t, r, exitRateLimited)
		if !strings.Contains(r.stderr, "rate limit") || !strings.Contains(r.stderr, "Try again after") {
			t.Errorf("stderr should say when to try again:\n%s", r.stderr)
		}
		// A script reads the retry time from stdout, as one JSON object.
		res := decode[jsonErrorResult](t, r)
		at, err := time.Parse(time.RFC3339, res.RetryAt)
		if res.Code != "rate_limited" || res.ExitCode != exitRateLimited || err != nil || !at.After(time.Now().Add(-time.Second)) ||
			res.RetryAfterSeconds <= 0 || !strings.Contains(res.Error, "rate limit") {
			t.Errorf("stdout %q, want a rate_limited error with when to retry", r.stdout)
		}
	})
}

func TestLinkDemoWithoutKey(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		delete(h.env, "CODAT_API_KEY")
		delete(h.env, "CODAT_BASE_URL")
		r := h.run("", "link", "--company", "Acme Ltd", "--json")
		wantCode(t, r, exitOK)
		if !strings.Contains(r.stderr, "Demo: no Codat key set, using the built-in sandbox") {
			t.Errorf("stderr lacks the demo banner:\n%s", r.stderr)
		}
		if res := decode[linkResult](t, r); !res.Demo || res.LinkURL == "" {
			t.Errorf("demo link: %+v", res)
		}
	})
}

func TestShellQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Acme": "Acme", "Acme Ltd": "'Acme Ltd'", "O'Brien & Co": `'O'\''Brien & Co'`, "": "''"} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLinkReconnectsAnUnlinkedConnection(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		first := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
		if err := h.sb.Authorize(first.CompanyID, first.ConnectionID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.client().UnlinkConnection(t.Context(), first.CompanyID, first.ConnectionID); err != nil {
			t.Fatal(err)
		}
		again := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
		if again.ConnectionID != first.ConnectionID || !again.ConnectionReused || again.LinkURL == "" {
			t.Fatalf("relink gave %+v, want the unlinked connection %s again", again, first.ConnectionID)
		}
		if err := h.sb.Authorize(first.CompanyID, again.ConnectionID); err != nil {
			t.Fatal(err)
		}
		conns, err := h.client().ListConnections(t.Context(), first.CompanyID)
		if err != nil || len(conns) != 1 || conns[0].Status != api.Linked {
			t.Fatalf("connections after relinking: %+v (%v), want the one, Linked", conns, err)
		}
	})
}

// A request Codat refuses (403: here a second accounting platform) is the
// request's failure, said with Codat's reason, not a refused key.
func TestLinkRefusedRequestIsNotAKeyProblem(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		xero := decode[linkResult](t, h.run("", "link", "--company", "Acme Ltd", "--platform", "gbol", "--json"))
		if err := h.sb.Authorize(xero.CompanyID, xero.ConnectionID); err != nil {
			t.Fatal(err)
		}
		r := h.run("", "link", "--company", "Acme Ltd", "--platform", "qhyg", "--json")
		wantCode(t, r, exitError)
		if !strings.Contains(r.stderr, "(403)") || !strings.Contains(r.stderr, "accounting connection") || strings.Contains(r.stderr, "CODAT_API_KEY") {
			t.Errorf("stderr should give Codat's reason, not blame the key:\n%s", r.stderr)
		}
	})
}

// TestRunLink calls the run function with options, as a script's flags
// would fill them: JSON on stdout, the choices on stderr, usage errors
// exiting 2.
func TestRunLink(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		opts       linkOptions
		wantCode   int
		wantStderr string
	}{
		{"with a platform", linkOptions{Company: "Acme Ltd", Platform: "gbol", JSON: true}, exitOK, "Platform: Xero (gbol), new connection"},
		{"no company", linkOptions{Platform: "gbol", JSON: true}, exitUsage, ""},
		{"unknown platform", linkOptions{Company: "Acme Ltd", Platform: "nosuch", JSON: true}, exitUsage, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
				h := newHarness(t, profile)
				d := h.direct("")
				opts := tc.opts
				opts.app = d.app
				r := d.result(runLink(t.Context(), &opts))
				wantCode(t, r, tc.wantCode)
				if tc.wantCode != exitOK {
					if r.stdout != "" {
						t.Errorf("a refused link printed on stdout: %s", r.stdout)
					}
					return
				}
				res := decode[linkResult](t, r)
				if res.CompanyName != "Acme Ltd" || res.PlatformKey != "gbol" || res.ConnectionID == "" || res.LinkURL == "" {
					t.Errorf("got %+v", res)
				}
				if !strings.Contains(r.stderr, tc.wantStderr) {
					t.Errorf("stderr lacks %q:\n%s", tc.wantStderr, r.stderr)
				}
			})
		})
	}
}
