package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Each behaviour of the strict profile, checked against the default profile
// so that a test fails if the two stop differing.

func TestStrictNamesAreCaseSensitive(t *testing.T) {
	for _, tc := range []struct {
		query            string
		default_, strict int
	}{
		{"name~acme", 1, 0},
		{"name~Acme", 1, 1},
		{"name=acme ltd", 1, 0},
		{"name=Acme Ltd", 1, 1},
		{"name!=acme ltd", 0, 1},
	} {
		for _, strict := range []bool{false, true} {
			h := newHarness(t, Options{Strict: strict})
			h.createCompany("Acme Ltd", nil)
			want := tc.default_
			if strict {
				want = tc.strict
			}
			var page pageJSON[companyJSON]
			h.mustDo("GET", "/companies?query="+url.QueryEscape(tc.query), nil, 200, &page)
			if page.TotalResults != want {
				t.Errorf("%s, %s: %d companies, want %d", profileName(strict), tc.query, page.TotalResults, want)
			}
		}
	}
}

func TestStrictConnectionsLackIntegrationKey(t *testing.T) {
	for _, strict := range []bool{false, true} {
		h := newHarness(t, Options{Strict: strict})
		c := h.createCompany("Keyless", nil)
		con := h.createConnection(c.ID, "gbol")
		for _, path := range []string{
			"/companies/" + c.ID + "/connections/" + con.ID,
			"/companies/" + c.ID + "/connections",
			"/companies/" + c.ID,
		} {
			_, _, raw := h.do("GET", path, nil)
			has := strings.Contains(string(raw), `"integrationKey"`)
			if has == strict {
				t.Errorf("%s: GET %s has integrationKey: %v", profileName(strict), path, has)
			}
			for _, field := range []string{`"integrationId"`, `"sourceId"`, `"platformName":"Xero"`, `"sourceType":"Accounting"`} {
				if !strings.Contains(string(raw), field) {
					t.Errorf("%s: GET %s lacks %s", profileName(strict), path, field)
				}
			}
		}
	}
}

func TestStrictIgnoresQueryOnIntegrations(t *testing.T) {
	for _, strict := range []bool{false, true} {
		h := newHarness(t, Options{Strict: strict})
		var page pageJSON[integrationJSON]
		h.mustDo("GET", "/integrations?query="+url.QueryEscape("sourceType=Banking"), nil, 200, &page)
		want := 2 // Plaid and TrueLayer
		if strict {
			want = len(catalogue)
		}
		if page.TotalResults != want {
			t.Errorf("%s: %d integrations for sourceType=Banking, want %d", profileName(strict), page.TotalResults, want)
		}
	}
}

func TestStrictRefusesTheTagsFilter(t *testing.T) {
	for _, strict := range []bool{false, true} {
		h := newHarness(t, Options{Strict: strict})
		h.createCompany("Tagged", map[string]string{"uid": "42"})
		code, _, body := h.do("GET", "/companies?tags="+url.QueryEscape("uid=42"), nil)
		want := 200
		if strict {
			want = 400
		}
		if code != want {
			t.Errorf("%s: tags=uid=42 answered %d, want %d: %s", profileName(strict), code, want, body)
		}
		if strict {
			checkErrorBody(t, 400, body)
		}
	}
}

// sessionClient is a browser-like client: it keeps cookies and shows
// redirects instead of following them.
func sessionClient(t *testing.T, h *harness) *http.Client {
	t.Helper()
	c := browserish(h)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Jar = jar
	return c
}

func TestStrictHostedLinksWorkOnce(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Strict: true, Now: clock.Now})
	c := h.createCompany("Once Only", nil)
	con := h.createConnection(c.ID, "mqjo")

	var fetched companyJSON
	h.mustDo("GET", "/companies/"+c.ID, nil, 200, &fetched)
	if !strings.HasPrefix(fetched.Redirect, h.s.LinkBase()+"/company/"+c.ID+"?link.otp=") || fetched.Redirect == c.Redirect {
		t.Fatalf("redirect %q (after %q): want a new one-time link on each fetch", fetched.Redirect, c.Redirect)
	}
	fresh := h.getConnection(c.ID, con.ID)
	if !strings.Contains(fresh.LinkURL, "/start?otp=") || fresh.LinkURL == con.LinkURL {
		t.Fatalf("linkUrl %q (after %q): want a new one-time link on each fetch", fresh.LinkURL, con.LinkURL)
	}

	for name, link := range map[string]string{"company redirect": fetched.Redirect, "connection linkUrl": fresh.LinkURL} {
		first := sessionClient(t, h)
		if code, body := getPage(t, first, link); code != 200 {
			t.Errorf("%s, first use: %d\n%s", name, code, body)
		}
		second := sessionClient(t, h)
		code, body := getPage(t, second, link)
		if code != http.StatusGone || !strings.Contains(body, "This link has expired") {
			t.Errorf("%s, second use: %d, want the expired page\n%s", name, code, body)
		}
		// The same browser opening it again is a second use too.
		if code, _ := getPage(t, first, link); code != http.StatusGone {
			t.Errorf("%s, second use in the same browser: %d, want 410", name, code)
		}
	}

	// A link nobody used expires after a day.
	h.mustDo("GET", "/companies/"+c.ID, nil, 200, &fetched)
	clock.Advance(24*time.Hour + time.Second)
	if code, _ := getPage(t, sessionClient(t, h), fetched.Redirect); code != http.StatusGone {
		t.Errorf("a day-old link: %d, want 410", code)
	}
	// Without a code, or with a code for another company, nothing opens.
	other := h.createCompany("Someone Else", nil)
	for name, link := range map[string]string{
		"no code":                    h.s.LinkBase() + "/company/" + c.ID,
		"empty code":                 h.s.LinkBase() + "/company/" + c.ID + "?link.otp=",
		"another's code":             h.s.LinkBase() + "/company/" + c.ID + "?" + strings.SplitN(other.Redirect, "?", 2)[1],
		"company code on connection": fresh.LinkURL[:strings.Index(fresh.LinkURL, "?")] + "?otp=" + strings.SplitN(other.Redirect, "=", 2)[1],
	} {
		if code, _ := getPage(t, sessionClient(t, h), link); code != http.StatusGone {
			t.Errorf("%s: %d, want 410", name, code)
		}
	}
}

// TestStrictHostedLinkClickThrough: the browser that opened a one-time link
// goes on through the pages after it, and a browser without that session
// cannot.
func TestStrictHostedLinkClickThrough(t *testing.T) {
	h := newHarness(t, Options{Strict: true})
	c := h.createCompany("Click Through", nil)
	browser := sessionClient(t, h)
	if code, _ := getPage(t, browser, c.Redirect); code != 200 {
		t.Fatalf("opening the link: %d", code)
	}
	categories := h.s.LinkBase() + "/company/" + c.ID + "?category=accounting"
	code, body := getPage(t, browser, categories)
	if code != 200 || !strings.Contains(body, "Codat Sandbox") {
		t.Fatalf("platforms page in the same browser: %d", code)
	}
	if code, _ := getPage(t, sessionClient(t, h), categories); code != http.StatusGone {
		t.Errorf("platforms page in another browser: %d, want 410", code)
	}
	token := tokenField.FindStringSubmatch(body)[1]
	form := url.Values{"platformKey": {"mqjo"}, "token": {token}}
	if resp := postForm(t, sessionClient(t, h), h.s.LinkBase()+"/company/"+c.ID, form, ""); resp.StatusCode != http.StatusGone {
		t.Errorf("picking a platform from another browser: %d, want 410", resp.StatusCode)
	}
	resp := postForm(t, browser, h.s.LinkBase()+"/company/"+c.ID, form, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("picking a platform: %d", resp.StatusCode)
	}
	code, body = getPage(t, browser, h.ts.URL+resp.Header.Get("Location"))
	if code != 200 || !strings.Contains(body, "Sign in to Codat Sandbox") {
		t.Fatalf("sign-in page: %d", code)
	}
	decide := tokenField.FindStringSubmatch(body)[1]
	var got companyJSON
	h.mustDo("GET", "/companies/"+c.ID, nil, 200, &got)
	con := got.DataConnections[0]
	start := con.LinkURL[:strings.Index(con.LinkURL, "?")]
	resp = postForm(t, browser, start, url.Values{"action": {"authorize"}, "token": {decide}}, "")
	done, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(done), "Connected.") {
		t.Fatalf("authorize: %d %s", resp.StatusCode, done)
	}
	if got := h.getConnection(c.ID, con.ID); got.Status != "Linked" {
		t.Errorf("after authorizing: %s", got.Status)
	}
}

func TestDefaultHostedLinksWorkAgain(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.createCompany("Reusable", nil)
	client := browserish(h)
	for i := range 2 {
		if code, _ := getPage(t, client, c.Redirect); code != 200 {
			t.Errorf("use %d of the default profile's link: %d", i+1, code)
		}
	}
}

func TestStrictDataStatusHasNullAndNeverReadEntries(t *testing.T) {
	clock := newFakeClock()
	for _, strict := range []bool{false, true} {
		h := newHarness(t, Options{Strict: strict, Now: clock.Now})
		c := h.createCompany("Statuses", nil)
		con := h.createConnection(c.ID, "mqjo")
		raw := func() map[string]json.RawMessage {
			var out map[string]json.RawMessage
			h.mustDo("GET", "/companies/"+c.ID+"/dataStatus", nil, 200, &out)
			return out
		}
		pending := raw()
		if !strict {
			if len(pending) != 0 {
				t.Errorf("default, nothing read: %d entries, want none", len(pending))
			}
			continue
		}
		if got := string(pending["banking-accounts"]); got != "null" {
			t.Errorf("strict: a type no connection reads is %s, want null", got)
		}
		if got := string(pending["invoices"]); got != `{"dataType":"invoices"}` {
			t.Errorf("strict: a type not read yet is %s, want only its dataType", got)
		}
		if err := h.s.Authorize(c.ID, con.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		var read map[string]*dataStatusJSON
		h.mustDo("GET", "/companies/"+c.ID+"/dataStatus", nil, 200, &read)
		if ds := read["invoices"]; ds == nil || ds.CurrentStatus != "Complete" || ds.LastSuccessfulSync == "" {
			t.Errorf("strict, after the read: invoices %+v", ds)
		}
		if read["commerce-orders"] != nil {
			t.Errorf("strict, after the read: commerce-orders %+v, want null", read["commerce-orders"])
		}
	}
}

func TestStrictRateLimitHeadersOnEveryAnswer(t *testing.T) {
	clock := newFakeClock() // 09:00 UTC
	h := newHarness(t, Options{Strict: true, Now: clock.Now})
	h.s.FailNext("GET /integrations/{platformKey}", 1, 503)
	wantReset := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	for _, tc := range []struct {
		name, method, path, auth string
		status                   int
		remaining                string
	}{
		{"ok", "GET", "/companies", h.authHeader(), 200, "999"},
		{"not found", "GET", "/companies/00000000-0000-4000-8000-000000000000", h.authHeader(), 404, "998"},
		{"wrong key", "GET", "/companies", "Basic bm9wZQ==", 401, "998"},
		{"fault", "GET", "/integrations/gbol", h.authHeader(), 503, "998"},
		{"no such route", "GET", "/nowhere", h.authHeader(), 404, "997"},
	} {
		code, hdr, _ := h.doAuth(tc.method, tc.path, nil, tc.auth)
		if code != tc.status || hdr.Get("X-Rate-Limit-Limit") != "1000" || hdr.Get("X-Rate-Limit-Remaining") != tc.remaining ||
			hdr.Get("X-Rate-Limit-Reset") != wantReset {
			t.Errorf("%s: %d limit %q remaining %q reset %q; want %d 1000 %s %s", tc.name, code,
				hdr.Get("X-Rate-Limit-Limit"), hdr.Get("X-Rate-Limit-Remaining"), hdr.Get("X-Rate-Limit-Reset"),
				tc.status, tc.remaining, wantReset)
		}
	}
	// A linked company adds a thousand a day.
	c := h.createCompany("Active", nil)
	con := h.createConnection(c.ID, "mqjo")
	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	_, hdr, _ := h.do("GET", "/companies", nil)
	if hdr.Get("X-Rate-Limit-Limit") != "2000" {
		t.Errorf("with one active company the limit is %q, want 2000", hdr.Get("X-Rate-Limit-Limit"))
	}
	used, _ := strconv.Atoi(hdr.Get("X-Rate-Limit-Remaining"))
	for range used {
		h.do("GET", "/integrations/mqjo", nil)
	}
	code, hdr, body := h.do("GET", "/companies", nil)
	if code != 429 || hdr.Get("X-Rate-Limit-Remaining") != "0" {
		t.Fatalf("quota used up: %d remaining %q", code, hdr.Get("X-Rate-Limit-Remaining"))
	}
	checkErrorBody(t, 429, body)
	if wait, _ := strconv.Atoi(hdr.Get("Retry-After")); wait != 15*3600 {
		t.Errorf("Retry-After = %q, want the seconds to midnight UTC (54000)", hdr.Get("Retry-After"))
	}
	clock.Advance(15 * time.Hour)
	if code, hdr, _ := h.do("GET", "/companies", nil); code != 200 || hdr.Get("X-Rate-Limit-Remaining") != "1999" {
		t.Errorf("the next day: %d remaining %q", code, hdr.Get("X-Rate-Limit-Remaining"))
	}

	// The default profile without a rate limit sends none of them.
	d := newHarness(t, Options{})
	if _, hdr, _ := d.do("GET", "/companies", nil); hdr.Get("X-Rate-Limit-Limit") != "" {
		t.Errorf("default profile: X-Rate-Limit-Limit %q", hdr.Get("X-Rate-Limit-Limit"))
	}
}

func TestSandboxHeaderOnEveryAnswer(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.createCompany("Marked", nil)
	for _, tc := range []struct{ name, path, auth string }{
		{"API", "/companies", h.authHeader()},
		{"wrong key", "/companies", "Basic bm9wZQ=="},
		{"no such route", "/nowhere", h.authHeader()},
		{"Link page", "/link/company/" + c.ID, ""},
		{"Portal page", "/portal/webhooks", ""},
	} {
		if _, hdr, _ := h.doAuth("GET", tc.path, nil, tc.auth); hdr.Get(SandboxHeader) != "1" {
			t.Errorf("%s: %s = %q, want 1", tc.name, SandboxHeader, hdr.Get(SandboxHeader))
		}
	}
}

func TestDeauthorizeAfter(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{DeauthorizeAfter: 10 * time.Minute, Now: clock.Now})
	hook := newConsumer(t, nil)
	h.register(hook, []string{"connection.disconnected"}, nil)
	c := h.createCompany("Revoked Later", nil)
	con := h.createConnection(c.ID, "mqjo")
	clock.Advance(time.Hour) // no deauthorizing before it is linked
	if got := h.getConnection(c.ID, con.ID); got.Status != "PendingAuth" {
		t.Fatalf("before linking: %s", got.Status)
	}
	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(10*time.Minute - time.Second)
	if got := h.getConnection(c.ID, con.ID); got.Status != "Linked" {
		t.Fatalf("just before the time: %s", got.Status)
	}
	clock.Advance(time.Second)
	got := h.getConnection(c.ID, con.ID)
	if got.Status != "Deauthorized" || len(got.DataConnectionErrors) == 0 || got.DataConnectionErrors[len(got.DataConnectionErrors)-1].StatusCode != "401" {
		t.Fatalf("after the time: %+v", got)
	}
	expectEvent(t, hook, "connection.disconnected", c.ID, con.ID, "Deauthorized")
	// Linked again, it is revoked again after the same time.
	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(10 * time.Minute)
	if got := h.getConnection(c.ID, con.ID); got.Status != "Deauthorized" {
		t.Errorf("after relinking and waiting: %s", got.Status)
	}
	if _, err := New(Options{DeauthorizeAfter: -time.Second}); err == nil {
		t.Error("a negative DeauthorizeAfter was accepted")
	}
}

// In the strict profile a new read shows in dataStatus only once picked
// up: right after a reconnect the last read's Complete entries still show.
func TestStrictReadIsPickedUpAfterAReconnect(t *testing.T) {
	clk := newFakeClock()
	h := newHarness(t, Options{Strict: true, Now: clk.Now})
	c := h.createCompany("Acme Ltd", nil)
	con := h.createConnection(c.ID, "gbol")
	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if err := h.s.Deauthorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	status := func() (current string, last string) {
		var out map[string]*dataStatusJSON
		h.mustDo("GET", "/companies/"+c.ID+"/dataStatus", nil, 200, &out)
		ds := out["invoices"]
		if ds == nil {
			t.Fatalf("no invoices in %v", out)
		}
		return ds.CurrentStatus, ds.LastSuccessfulSync
	}
	if cur, last := status(); cur != "Complete" || last == "" {
		t.Errorf("right after the reconnect: %s (last %s), want the last read's Complete", cur, last)
	}
	clk.Advance(strictReadPickup)
	if cur, _ := status(); cur == "Complete" {
		t.Errorf("after the pickup: still %s, want the new read", cur)
	}
}
