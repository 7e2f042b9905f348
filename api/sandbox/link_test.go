package sandbox

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// browserish is a client that keeps redirects visible, like a test of what
// a browser is told to do.
func browserish(h *harness) *http.Client {
	c := *h.ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values, origin string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestLinkPagesOverHTTP(t *testing.T) {
	h := newHarness(t, Options{})
	client := browserish(h)
	c := h.createCompany("Pages & Co", nil)

	code, body := getPage(t, client, c.Redirect)
	if code != 200 || !strings.Contains(body, "Pages &amp; Co") || !strings.Contains(body, "Sandbox — no real data") {
		t.Fatalf("company page: %d\n%s", code, body)
	}
	for _, cat := range []string{"Accounting", "Banking", "Commerce"} {
		if !strings.Contains(body, ">"+cat) {
			t.Errorf("company page lacks the %s category", cat)
		}
	}
	code, body = getPage(t, client, c.Redirect+"?category=accounting")
	if code != 200 || !strings.Contains(body, "Codat Sandbox") || strings.Contains(body, "MYOB") {
		t.Fatalf("accounting platforms (MYOB is disabled): %d\n%s", code, body)
	}
	token := tokenField.FindStringSubmatch(body)[1]

	// Without the page's token, or from another site, nothing happens.
	for name, tc := range map[string]struct {
		form   url.Values
		origin string
	}{
		"no token":      {url.Values{"platformKey": {"mqjo"}}, ""},
		"forged token":  {url.Values{"platformKey": {"mqjo"}, "token": {"9999999999.AAAA"}}, ""},
		"other website": {url.Values{"platformKey": {"mqjo"}, "token": {token}}, "http://evil.example"},
	} {
		if resp := postForm(t, client, c.Redirect, tc.form, tc.origin); resp.StatusCode != 403 {
			t.Errorf("%s: %d, want 403", name, resp.StatusCode)
		}
	}
	var after companyJSON
	h.mustDo("GET", "/companies/"+c.ID, nil, 200, &after)
	if len(after.DataConnections) != 0 {
		t.Fatal("a refused form created a connection")
	}

	resp := postForm(t, client, c.Redirect, url.Values{"platformKey": {"mqjo"}, "token": {token}}, h.ts.URL)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pick platform: %d", resp.StatusCode)
	}
	h.mustDo("GET", "/companies/"+c.ID, nil, 200, &after)
	if len(after.DataConnections) != 1 || after.DataConnections[0].Status != "PendingAuth" {
		t.Fatalf("picking a platform should create a pending connection: %+v", after.DataConnections)
	}
	con := after.DataConnections[0]
	start, _ := url.Parse(resp.Header.Get("Location"))
	if h.ts.URL+start.Path != con.LinkURL {
		t.Errorf("redirected to %s, want the connection's linkUrl %s", start, con.LinkURL)
	}
	// Picking the same platform again reuses the pending connection.
	resp = postForm(t, client, c.Redirect, url.Values{"platformKey": {"mqjo"}, "token": {token}}, "")
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, con.ID) {
		t.Errorf("second pick went to %s, want the same connection", loc)
	}

	code, body = getPage(t, client, con.LinkURL)
	if code != 200 || !strings.Contains(body, "Sign in to Codat Sandbox") {
		t.Fatalf("sign-in page: %d\n%s", code, body)
	}
	decide := tokenField.FindStringSubmatch(body)[1]
	resp = postForm(t, client, con.LinkURL, url.Values{"action": {"cancel"}, "token": {decide}}, "")
	cancelled, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(cancelled), "Cancelled") {
		t.Fatalf("cancel: %d %s", resp.StatusCode, cancelled)
	}
	if got := h.getConnection(c.ID, con.ID); got.Status != "PendingAuth" || len(got.DataConnectionErrors) != 1 {
		t.Fatalf("after cancel on the page: %+v", got)
	}
	// A token for one connection does not work for another page's form.
	if resp := postForm(t, client, c.Redirect, url.Values{"platformKey": {"aiwb"}, "token": {decide}}, ""); resp.StatusCode != 403 {
		t.Errorf("token reused on another form: %d", resp.StatusCode)
	}
	resp = postForm(t, client, con.LinkURL, url.Values{"action": {"authorize"}, "token": {decide}}, "")
	done, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(done), "Connected. You can close this tab.") {
		t.Fatalf("authorize: %d %s", resp.StatusCode, done)
	}
	if got := h.getConnection(c.ID, con.ID); got.Status != "Linked" {
		t.Fatalf("after authorize on the page: %s", got.Status)
	}
	if _, body := getPage(t, client, con.LinkURL); !strings.Contains(body, "Already connected") {
		t.Error("the linkUrl of a linked connection should say it is already connected")
	}
	_, body = getPage(t, client, c.Redirect)
	if !strings.Contains(body, "Connected: Codat Sandbox") {
		t.Error("company page does not show the linked accounting platform")
	}
	resp = postForm(t, client, c.Redirect, url.Values{"platformKey": {"gbol"}, "token": {token}}, "")
	taken, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(taken), "already shares accounting data from Codat Sandbox") {
		t.Errorf("second accounting platform: %d %s", resp.StatusCode, taken)
	}
	if code, _ := getPage(t, client, h.s.LinkBase()+"/company/unknown"); code != 404 {
		t.Errorf("unknown company page: %d", code)
	}
	if hdr := resp.Header.Get("Content-Security-Policy"); !strings.Contains(hdr, "default-src 'none'") {
		t.Errorf("CSP = %q", hdr)
	}
}

// TestLinkPageInBrowser clicks through the stand-in Link page in a real
// headless Chromium, in both profiles (the strict one's one-time link keeps
// a browser session), and checks the connection links and a webhook signed
// with the endpoint's own secret arrives.
func TestLinkPageInBrowser(t *testing.T) {
	bin, ok := launcher.LookPath()
	if !ok {
		t.Skip("no Chromium or Chrome found (install Debian's chromium package to run this test)")
	}
	for _, strict := range []bool{false, true} {
		t.Run(profileName(strict), func(t *testing.T) { clickThroughInBrowser(t, bin, strict) })
	}
}

func clickThroughInBrowser(t *testing.T, bin string, strict bool) {
	s, err := Start(Options{Strict: strict})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	h := &harness{t: t, s: s}
	h.ts = newTestHTTP(t, s) // API calls through httptest; the browser uses the real port
	s.SetBaseURL("http://" + s.listener.Addr().String())
	hook := newConsumer(t, nil)
	endpoint := h.register(hook, []string{"connection.connected"}, nil)
	c := h.createCompany("Browser Bakery", nil)
	l := launcher.New().Bin(bin).Headless(true).Leakless(false).
		Set("disable-gpu").Set("disable-quic").Set("no-first-run").
		Set("disable-background-networking").Set("disable-component-update").Set("disable-sync")
	if os.Geteuid() == 0 {
		l = l.NoSandbox(true)
	}
	controlURL, err := l.Launch()
	if err != nil {
		t.Fatalf("launch %s: %v", bin, err)
	}
	t.Cleanup(l.Cleanup)
	t.Cleanup(l.Kill)
	browser := rod.New().ControlURL(controlURL).Timeout(20 * time.Second)
	if err := browser.Connect(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { browser.Close() })

	page, err := browser.Page(proto.TargetCreateTarget{URL: c.Redirect})
	if err != nil {
		t.Fatal(err)
	}
	// Each click loads the next page. Looking for an element while the old
	// one goes away fails ("target navigated"), so a click waits for the
	// new page to load.
	click := func(selector, text string) {
		t.Helper()
		el, err := page.ElementR(selector, text)
		if err != nil {
			t.Fatalf("find %s %q: %v", selector, text, err)
		}
		loaded := page.WaitNavigation(proto.PageLifecycleEventNameLoad)
		if err := el.Click(proto.InputMouseButtonLeft, 1); err != nil {
			t.Fatalf("click %s %q: %v", selector, text, err)
		}
		loaded()
	}
	click("a.choice", "Accounting")
	click("button", "Codat Sandbox")
	click("#authorize", "Authorize")
	result, err := page.ElementR("h1", "Connected")
	if err != nil {
		t.Fatalf("no done page: %v", err)
	}
	if text, _ := result.Text(); text != "Connected. You can close this tab." {
		t.Errorf("done page heading %q", text)
	}

	var got companyJSON
	h.mustDo("GET", "/companies/"+c.ID, nil, 200, &got)
	if len(got.DataConnections) != 1 || got.DataConnections[0].Status != "Linked" || got.DataConnections[0].PlatformName != "Codat Sandbox" {
		t.Fatalf("after clicking Authorize: %+v", got.DataConnections)
	}
	r, ev := hook.next(t)
	secret, _ := s.EndpointSecret(endpoint.ID)
	verify(t, secret, r)
	if ev.EventType != "connection.connected" {
		t.Errorf("webhook %s", ev.EventType)
	}
}

// TestEveryLinkPageParses: the pages are parsed when first opened, so a
// page that does not parse is caught here rather than by a person.
func TestEveryLinkPageParses(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range pageNames {
		if pages[name] == nil || pages[name].Lookup("layout") == nil {
			t.Errorf("link page %q has no layout", name)
		}
	}
}
