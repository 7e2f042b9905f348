package cli

import (
	"net/url"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/store"
)

func TestInvitePrintsEachForm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		print  string
		prefix string
		want   []string
	}{
		{"text", "To: jane@firm.example\nSubject: ", []string{"Sam Lee", "/link/company/"}},
		{"mailto", "mailto:jane@firm.example?subject=", []string{"&body=", "%0D%0A"}},
		{"eml", "", []string{"X-Unsent: 1", "To: jane@firm.example", "Subject: "}},
	} {
		t.Run(tc.print, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
				h := newHarness(t, profile)
				r := h.run("", "invite", "--company", "A&B Ltd?", "--to", "jane@firm.example", "--from", "Sam Lee", "--print", tc.print)
				wantCode(t, r, exitOK)
				if !strings.HasPrefix(r.stdout, tc.prefix) {
					t.Errorf("stdout starts %q, want %q", r.stdout[:min(60, len(r.stdout))], tc.prefix)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.stdout, w) {
						t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
					}
				}
				if !strings.Contains(r.stderr, "Next: send the email from your own mail app") {
					t.Errorf("stderr lacks the next step:\n%s", r.stderr)
				}
				if tc.print == "mailto" {
					// A company name with & and ? must not add a field.
					u, err := url.Parse(strings.TrimSpace(r.stdout))
					if err != nil {
						t.Fatal(err)
					}
					q, err := url.ParseQuery(u.RawQuery)
					if err != nil || len(q) != 2 || !strings.Contains(q.Get("body"), "A&B Ltd?") {
						t.Errorf("mailto fields %v (%v), want exactly subject and body naming the company", q, err)
					}
				}
			})
		})
	}
}

func TestInviteJSONRemembersTheDelegation(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		r := h.run("", "invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--platform", "Plaid", "--json")
		wantCode(t, r, exitOK)
		res := decode[inviteResult](t, r)
		if res.CompanyName != "Acme Ltd" || res.To != "jane@firm.example" || res.Category != "banking" ||
			res.PlatformKey != "suuo" || !res.Remembered || res.MailtoTooLong || res.CopiedVia != "" {
			t.Errorf("got %+v", res)
		}
		if !strings.Contains(res.Body, res.LinkURL) || !strings.HasPrefix(res.Text, "To: jane@firm.example") ||
			!strings.HasPrefix(res.Mailto, "mailto:jane@firm.example?") || !strings.Contains(res.LinkURL, "/link/company/"+res.CompanyID) {
			t.Errorf("the forms of the invite disagree: %+v", res)
		}

		path, _ := storePath(func(k string) string { return h.env[k] })
		st, _, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		pending := st.Pending(h.sb.BaseURL())
		if len(pending) != 1 || pending[0].Path != store.PathDelegate || pending[0].Recipient != "jane@firm.example" ||
			pending[0].CompanyID != res.CompanyID || pending[0].HandedOnAt.IsZero() || pending[0].PlatformKey != "suuo" ||
			pending[0].HandedOn != "prepared" {
			t.Errorf("remembered %+v", pending)
		}
	})
}

// --copy copies what the journey's t copies: the invite's message alone,
// its To and Subject going in the mail app's own fields, and says so.
func TestInviteCopyPutsTheMessageOnTheClipboard(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		r := h.run("", "invite", "--company", "Acme Ltd", "--to", "jane@firm.example", "--copy", "--json")
		wantCode(t, r, exitOK)
		res := decode[inviteResult](t, r)
		if res.CopiedVia != "native" || len(h.copied) != 1 || h.copied[0] != res.Body {
			t.Errorf("copied_via %q, clipboard %q; want the message %q", res.CopiedVia, h.copied, res.Body)
		}
		if len(h.copied) == 1 && (strings.Contains(h.copied[0], "To: ") || strings.Contains(h.copied[0], "Subject: ")) {
			t.Errorf("the clipboard holds the To or Subject line: %q", h.copied[0])
		}
		if !strings.Contains(r.stderr, "Copied to the clipboard. Only the invite's message was copied") {
			t.Errorf("stderr: %s", r.stderr)
		}
	})
}

func TestInviteRejectsBadAddresses(t *testing.T) {
	t.Parallel()
	eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
		h := newHarness(t, profile)
		for _, tc := range []struct{ to, want string }{
			{"jane", "give one address like jane@firm.com"},
			{"Jane <jane@firm.example>", "without a name"},
			{"jane@firm.example?bcc=eve@evil.example", "give one address"},
			{"jane@firm.example,eve@evil.example", "give one address"},
			{" jane@firm.example", "remove the spaces"},
			{"jane@localhost", "after the @ give a domain name"},
			{"jane@xn--firm-.example", "starts with xn-- is not valid punycode"},
		} {
			r := h.run("", "invite", "--company", "Acme Ltd", "--to", tc.to)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
				t.Errorf("--to %q: exit %d, stderr %q; want 2 saying %q", tc.to, r.code, r.stderr, tc.want)
			}
		}
		if reqs := h.sb.Requests(); reqs["POST /companies"] != 0 {
			t.Errorf("a company was created for an invalid invite: %v", reqs)
		}
		r := h.run("", "invite", "--company", "Acme Ltd", "--to", "jane@xn--mller-kva.example", "--print", "text")
		wantCode(t, r, exitOK)
		if !strings.HasPrefix(r.stdout, "To: jane@xn--mller-kva.example\n") {
			t.Errorf("a valid punycode domain: stdout starts %q", r.stdout[:min(60, len(r.stdout))])
		}
	})
}

// TestRunInvite calls the run function with options: each form of the
// invite on stdout, and the refusals exiting 2 before Codat is asked.
func TestRunInvite(t *testing.T) {
	t.Parallel()
	base := inviteOptions{Company: "Acme Ltd", To: "jane@firm.example", From: "Sam Lee", Print: "text"}
	for _, tc := range []struct {
		name       string
		edit       func(*inviteOptions)
		wantCode   int
		wantStdout string
	}{
		{"text", func(*inviteOptions) {}, exitOK, "To: jane@firm.example"},
		{"mailto", func(o *inviteOptions) { o.Print = "mailto" }, exitOK, "mailto:jane@firm.example"},
		{"eml", func(o *inviteOptions) { o.Print = "eml" }, exitOK, "MIME-Version: 1.0"},
		{"json", func(o *inviteOptions) { o.JSON = true }, exitOK, `"to": "jane@firm.example"`},
		{"no address", func(o *inviteOptions) { o.To = "" }, exitUsage, ""},
		{"bad form", func(o *inviteOptions) { o.Print = "pdf" }, exitUsage, ""},
		{"bad category", func(o *inviteOptions) { o.Category = "payroll" }, exitUsage, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			eachProfile(t, sandbox.Options{}, func(t *testing.T, profile sandbox.Options) {
				h := newHarness(t, profile)
				d := h.direct("")
				opts := base
				opts.app = d.app
				tc.edit(&opts)
				r := d.result(runInvite(t.Context(), &opts))
				wantCode(t, r, tc.wantCode)
				if !strings.Contains(r.stdout, tc.wantStdout) {
					t.Errorf("stdout lacks %q:\n%s", tc.wantStdout, r.stdout)
				}
				if tc.wantCode != exitOK && r.stdout != "" {
					t.Errorf("a refused invite printed on stdout: %s", r.stdout)
				}
				if tc.wantCode == exitOK && !opts.JSON && !strings.Contains(r.stderr, "Next: ") {
					t.Errorf("stderr lacks the next step:\n%s", r.stderr)
				}
			})
		})
	}
}
