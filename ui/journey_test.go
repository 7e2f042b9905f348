package ui

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/ui/share"
)

// snapshot is what the test goroutine may read of the running model.
type snapshot struct {
	st   flow.State
	view string
}

// spy records a snapshot after every update, so tests wait on state rather
// than on bytes of a diffing renderer.
type spy struct {
	Model
	last *atomic.Value
}

func (s spy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := s.Model.Update(msg)
	mm := m.(Model)
	s.last.Store(snapshot{st: mm.st, view: plain(mm.render())})
	return spy{mm, s.last}, cmd
}

// clipboardSpy records what was copied.
type clipboardSpy struct {
	mu   sync.Mutex
	text []string
}

func (c *clipboardSpy) write(s string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text = append(c.text, s)
	return nil
}

func (c *clipboardSpy) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.text...)
}

type harness struct {
	t    *testing.T
	tm   *teatest.TestModel
	last *atomic.Value
	sb   *sandbox.Server
	api  *api.Client
	clip *clipboardSpy
}

func newHarness(t *testing.T, w, h int, webhooks bool) *harness {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	u, _ := url.Parse(sb.BaseURL())
	client, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey(), LinkHosts: []string{u.Host}})
	if err != nil {
		t.Fatal(err)
	}
	var events <-chan api.Event
	if webhooks {
		rcv, err := api.NewWebhookReceiver(api.ReceiverConfig{Secret: sb.WebhookSecret()})
		if err != nil {
			t.Fatal(err)
		}
		if err := rcv.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rcv.Close() })
		if _, err := client.CreateWebhookConsumer(t.Context(), api.WebhookConsumer{URL: rcv.URL()}); err != nil {
			t.Fatal(err)
		}
		events = rcv.Events()
	}
	clip := &clipboardSpy{}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := New(ctx, Options{Deps: Deps{
		API: client, Webhooks: events, Env: share.Env{Display: true},
		Clipboard: clip.write, Browser: func(string) error { return nil },
		SaveDir: t.TempDir(), LinkHost: u.Host, Demo: true,
	}, Banner: "Demo: no Codat key set, using the built-in sandbox"})
	last := &atomic.Value{}
	last.Store(snapshot{st: m.st})
	tm := teatest.NewTestModel(t, spy{m, last},
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.ASCII),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		),
	)
	t.Cleanup(func() { _ = tm.Quit() })
	return &harness{t: t, tm: tm, last: last, sb: sb, api: client, clip: clip}
}

func (h *harness) snap() snapshot { return h.last.Load().(snapshot) }

// waitFor polls the model's snapshot until cond holds.
func (h *harness) waitFor(what string, cond func(snapshot) bool) snapshot {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s := h.snap(); cond(s) {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	s := h.snap()
	h.t.Fatalf("timed out waiting for %s; step=%v busy=%q problem=%+v\n%s", what, s.st.Step, s.st.Busy, s.st.Problem, s.view)
	return s
}

func (h *harness) key(code rune) { h.tm.Send(tea.KeyPressMsg{Code: code}) }
func (h *harness) text(s string) { h.tm.Type(s) }

// toSignIn walks from the company screen to "can you sign in?" for the
// Codat Sandbox accounting platform.
func (h *harness) toSignIn(company string) {
	h.waitFor("the company screen", func(s snapshot) bool { return strings.Contains(s.view, "Which business") })
	h.text(company)
	h.waitFor("the search to answer", func(s snapshot) bool { return s.st.SearchedFor == company && !s.st.Searching })
	h.key(tea.KeyEnter)
	h.waitFor("consent", func(s snapshot) bool { return s.st.Step == flow.StepConsent })
	h.key(tea.KeyEnter)
	h.waitFor("category", func(s snapshot) bool { return s.st.Step == flow.StepCategory })
	h.key(tea.KeyEnter) // accounting
	h.waitFor("platforms", func(s snapshot) bool { return s.st.Step == flow.StepPlatform && len(s.st.Platforms) > 0 })
	h.text("codat sandbox")
	h.waitFor("the filter", func(s snapshot) bool { return strings.Contains(s.view, "Filter: codat sandbox") })
	h.key(tea.KeyEnter)
	h.waitFor("the sign-in question", func(s snapshot) bool { return s.st.Step == flow.StepSignIn })
}

func TestDemoWalksToTheAuthorizeLink(t *testing.T) {
	h := newHarness(t, 100, 30, true)
	h.toSignIn("Acme Ltd")
	s := h.snap()
	if s.st.Platform.Key != "mqjo" || !strings.Contains(s.view, "Can you sign in to Codat Sandbox yourself?") {
		t.Fatalf("platform=%+v\n%s", s.st.Platform, s.view)
	}
	h.text("y")
	s = h.waitFor("the link", func(s snapshot) bool { return s.st.Connection.LinkURL != "" })
	if !strings.Contains(strings.ReplaceAll(s.view, "\n", ""), s.st.Connection.LinkURL) {
		t.Fatalf("the link is not on screen:\n%s", s.view)
	}
	h.text("c")
	h.waitFor("the copy report", func(s snapshot) bool { return s.st.Notice != nil })
	if got := h.clip.all(); len(got) != 1 || got[0] != s.st.Connection.LinkURL {
		t.Fatalf("copied %q, want the link", got)
	}
	// Authorizing on the sandbox's Link page links it; the webhook says so.
	if err := h.sb.Authorize(s.st.Company.ID, s.st.Connection.ID); err != nil {
		t.Fatal(err)
	}
	s = h.waitFor("linked", func(s snapshot) bool { return s.st.Watch.Status == flow.StatusLinked })
	if s.st.Watch.Via != "webhook" {
		t.Fatalf("linked via %q, want webhook", s.st.Watch.Via)
	}
	if !strings.Contains(s.view, "Codat Sandbox is linked") {
		t.Fatalf("no success view:\n%s", s.view)
	}
	if n := h.api.Calls().ByEndpoint["GET /companies/{companyId}/connections/{connectionId}"]; n != 0 {
		t.Fatalf("%d status polls with webhooks on, want 0", n)
	}
}

func TestDemoWalksToTheDelegateLink(t *testing.T) {
	h := newHarness(t, 100, 30, false)
	h.toSignIn("Beta Bakery")
	h.text("n")
	s := h.waitFor("the Hosted Link", func(s snapshot) bool { return s.st.HostedLink != "" })
	if !strings.Contains(s.st.HostedLink, "/company/"+s.st.Company.ID) {
		t.Fatalf("hosted link %q is not the company's", s.st.HostedLink)
	}
	if !strings.Contains(strings.ReplaceAll(s.view, "\n", ""), s.st.HostedLink) {
		t.Fatalf("the link is not on screen:\n%s", s.view)
	}
}

func TestSecondRunReusesTheCompany(t *testing.T) {
	h := newHarness(t, 100, 30, false)
	ctx := t.Context()
	first, err := h.api.CreateCompany(ctx, api.CompanyRequest{Name: "Gamma Goods"})
	if err != nil {
		t.Fatal(err)
	}
	h.waitFor("the company screen", func(s snapshot) bool { return strings.Contains(s.view, "Which business") })
	h.text("Gamma Goods")
	h.waitFor("the match", func(s snapshot) bool { return len(s.st.Matches) == 1 && !s.st.Searching })
	h.key(tea.KeyEnter)
	s := h.waitFor("consent", func(s snapshot) bool { return s.st.Step == flow.StepConsent })
	if s.st.Company.ID != first.ID || !s.st.Reused {
		t.Fatalf("company %q reused=%v, want %q reused", s.st.Company.ID, s.st.Reused, first.ID)
	}
	all, err := h.api.ListCompanies(ctx, api.ListCompaniesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("%d companies, want 1", len(all))
	}
}
