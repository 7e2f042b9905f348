package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/onboardcli/onboard/steps"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
	"github.com/onboardcli/onboard/store"
)

// hostile is a name as an attacker would register it: escape sequences
// (colour, OSC 8 link, OSC 52 clipboard, title), a carriage return that would
// overwrite the label, bidi overrides, C1 CSI, BEL and backspace.
const hostile = "Acme\x1b[31m Ltd\r\u202eevil\u202c\x07\x08\u009b2J" +
	"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x1b]52;c;ZXZpbA==\x07\x1b]2;title\x07"

// errUnavailable is an error as the client words it, in a sentence.
var errUnavailable = sentenceError("Codat is unavailable right now (503). Try again in a minute.")

type sentenceError string

func (e sentenceError) Error() string { return string(e) }

var fixedNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// screen builds a model at a given size and background, with no IO: events
// are fed straight to the model, as the effect runner would.
func screen(w, h int, dark bool) Model {
	m := New(context.Background(), Options{
		Deps:   Deps{Env: share.Env{Display: true}, LinkHost: "link.codat.io"},
		Banner: "Demo: no Codat key set, using the built-in sandbox",
		Now:    func() time.Time { return fixedNow },
	})
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = next.(Model)
	m.styles = NewStyles(dark)
	return m
}

func feed(m Model, events ...flow.Event) Model {
	for _, ev := range events {
		m, _ = m.apply(ev)
	}
	return m
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		default:
			msg = tea.KeyPressMsg{Code: rune(k[0]), Text: k}
		}
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// Hostile records as Codat might send them, converted the way the effect
// runner converts API results.
var (
	hostileCompany = steps.CompanyOf(api.Company{ID: "c-1", Name: hostile, DataConnections: []api.Connection{
		{ID: "conn-x", IntegrationKey: "gbol", PlatformName: "Xero\x1b[5m", SourceType: api.Accounting, Status: api.Linked},
	}})
	plainCompany = steps.CompanyOf(api.Company{ID: "c-2", Name: "Acme Trading Ltd"})
	platforms    = platformsOf([]api.Integration{
		{Key: "gbol", Name: "Xero", Enabled: true},
		{Key: "qhyg", Name: "QuickBooks Online", Enabled: true},
		{Key: "mqjo", Name: "Codat Sandbox", Enabled: true},
		{Key: "pqsw", Name: "QuickBooks Desktop", Enabled: true, IsOfflineConnector: true},
		{Key: "zzzz", Name: "Evil\r\u202eCorp\x1b]8;;https://evil.example\x07", Enabled: true},
		{Key: "off1", Name: "Disabled One", Enabled: false},
	}, flow.Accounting)
	pendingConn = flow.Connection{ID: "conn-1", PlatformKey: "mqjo", PlatformName: "Codat Sandbox", Category: flow.Accounting,
		Status: flow.StatusPendingAuth, LinkURL: "https://link-api.codat.io/companies/c-1/connections/conn-1/start"}
	hostedLink = "https://link.codat.io/company/c-1"
)

// platformsOf lists the enabled integrations as platforms of cat.
func platformsOf(ints []api.Integration, cat flow.Category) []flow.Platform {
	var out []flow.Platform
	for _, in := range ints {
		if in.Enabled {
			p := steps.PlatformOf(in)
			p.Category = cat
			out = append(out, p)
		}
	}
	return out
}

func atConsent(m Model) Model {
	return feed(m, flow.QueryChanged{Query: "Acme"},
		flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{hostileCompany, plainCompany}},
		flow.CompanyChosen{ID: "c-1"})
}

func atSignIn(m Model) Model {
	m = feed(atConsent(m), flow.ConsentAccepted{}, flow.UnlinkRequested{ConnectionID: "conn-x"},
		flow.ConnectionChanged{Connection: flow.Connection{ID: "conn-x", PlatformKey: "gbol", PlatformName: "Xero", Category: flow.Accounting, Status: flow.StatusUnlinked}},
		flow.CategoryChosen{Category: flow.Accounting},
		flow.PlatformsLoaded{Category: flow.Accounting, Platforms: platforms})
	m = press(m, "down", "down")
	return press(m, "enter")
}

func atAuthorize(m Model) Model {
	return feed(atSignIn(m), flow.SignInAnswered{Yes: true}, flow.ConnectionReady{Connection: pendingConn})
}

func atDelegate(m Model) Model {
	return feed(atSignIn(m), flow.SignInAnswered{Yes: false}, flow.HostedLinkReady{URL: hostedLink})
}

var screens = []struct {
	name string
	make func(Model) Model
}{
	{"company-empty", func(m Model) Model { return m }},
	{"resume", func(m Model) Model {
		// Read back through the store, as a new session would, from a file
		// someone has edited to hold a hostile name.
		return feed(m, flow.PendingLoaded{Items: pendingFromStore([]store.Entry{
			{ID: "p3", CompanyID: "c-3", CompanyName: "Gamma Goods", Category: "commerce", Path: "delegate", StartedAt: fixedNow.Add(-30 * time.Second)},
			{ID: "p2", CompanyID: "c-2", CompanyName: "Beta Bakery", Category: "banking", PlatformName: "Plaid", Path: "authorize", StartedAt: fixedNow.Add(-10 * time.Minute), Status: flow.StatusLinked, CheckedAt: fixedNow},
			{ID: "p1", CompanyID: "c-1", CompanyName: hostile, Category: "accounting", PlatformName: "Xero", Path: "delegate", Recipient: "jane@firm.example", HandedOn: string(flow.HandedOnPrepared), HandedOnAt: fixedNow.Add(-50 * time.Hour), StartedAt: fixedNow.Add(-50 * time.Hour), Status: flow.StatusPendingAuth, CheckedAt: fixedNow.Add(-3 * time.Hour)},
		})})
	}},
	{"company-matches", func(m Model) Model {
		m.input.SetValue("Acme")
		return feed(m, flow.QueryChanged{Query: "Acme"}, flow.CompaniesFound{Seq: 1, Query: "Acme", Companies: []flow.Company{hostileCompany, plainCompany}})
	}},
	{"company-confirm-create", func(m Model) Model {
		m.input.SetValue("Acme (Trading)")
		m = feed(m, flow.QueryChanged{Query: "Acme (Trading)"}, flow.CompaniesFound{Seq: 1, Query: "Acme (Trading)", Companies: []flow.Company{plainCompany}})
		m = press(m, "down")
		return press(m, "enter")
	}},
	{"consent-with-connections", atConsent},
	{"consent-reader", func(m Model) Model {
		return feed(atConsent(m), flow.ReaderLoaded{Reader: flow.Reader{Client: "Bob's Burgers",
			DataTypes: []string{"company", "chartOfAccounts", "invoices", "bills", "bankAccounts", "balanceSheet", "profitAndLoss", "banking-transactions"}, Months: 24}})
	}},
	{"consent-confirm-unlink", func(m Model) Model { return press(atConsent(m), "u") }},
	{"category", func(m Model) Model { return feed(atConsent(m), flow.ConsentAccepted{}) }},
	{"category-accounting-taken", func(m Model) Model {
		return feed(atConsent(m), flow.ConsentAccepted{}, flow.CategoryChosen{Category: flow.Accounting})
	}},
	{"platform", func(m Model) Model {
		m = feed(atConsent(m), flow.ConsentAccepted{}, flow.UnlinkRequested{ConnectionID: "conn-x"},
			flow.ConnectionChanged{Connection: flow.Connection{ID: "conn-x", PlatformName: "Xero", Category: flow.Accounting, Status: flow.StatusUnlinked}},
			flow.CategoryChosen{Category: flow.Accounting}, flow.PlatformsLoaded{Category: flow.Accounting, Platforms: platforms})
		return m
	}},
	{"platform-filtered", func(m Model) Model {
		m = feed(atConsent(m), flow.ConsentAccepted{}, flow.UnlinkRequested{ConnectionID: "conn-x"},
			flow.ConnectionChanged{Connection: flow.Connection{ID: "conn-x", PlatformName: "Xero", Category: flow.Accounting, Status: flow.StatusUnlinked}},
			flow.CategoryChosen{Category: flow.Accounting}, flow.PlatformsLoaded{Category: flow.Accounting, Platforms: platforms})
		return press(m, "q", "u", "i")
	}},
	{"signin", atSignIn},
	{"authorize-waiting-webhook", func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "webhook", CheckedAt: fixedNow})
	}},
	{"authorize-first-check", func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "poll", NextCheck: fixedNow.Add(9 * time.Second)})
	}},
	{"authorize-waiting-poll", func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "poll", CheckedAt: fixedNow.Add(-4 * time.Second), NextCheck: fixedNow.Add(6 * time.Second)})
	}},
	{"authorize-webhook-refused", func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "poll", CheckedAt: fixedNow, NextCheck: fixedNow.Add(3 * time.Second),
			Refused: flow.WebhookRefusal{Count: 1, At: fixedNow, EndpointID: "7f3c2a", EndpointURL: "https://relay.example/webhooks/codat"}})
	}},
	{"authorize-linked", func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusLinked, Via: "webhook", DataReady: []string{"invoices"}, DataPending: []string{"bills", "customers"}})
	}},
	{"authorize-linked-blocked", func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusLinked, Via: "webhook", DataReady: []string{"bills", "invoices"},
			DataBlocked: []string{"banking-transactions"}, Final: true})
	}},
	{"authorize-failed", func(m Model) Model {
		return feed(atAuthorize(m), flow.ConnectionUpdated{Status: flow.StatusPendingAuth, Via: "webhook", Failed: true, Reason: api.Sanitize("User cancelled\x1b[2J\r"), Final: true})
	}},
	{"authorize-qr", func(m Model) Model { return press(atAuthorize(m), "q") }},
	{"delegate", atDelegate},
	{"delegate-invite-form", func(m Model) Model { return press(atDelegate(m), "i") }},
	{"delegate-invite-ready", func(m Model) Model {
		return feed(atDelegate(m), flow.InviteSubmitted{Invite: flow.Invite{To: "jane@firm.example", FromName: "Sam", Subject: "Please connect Codat Sandbox for Acme", Body: "Hi Jane,\n\nCould you connect our books?\n\n" + hostedLink + "\n\nThanks,\nSam"}}, flow.Sent{Way: flow.WayText})
	}},
	{"done", func(m Model) Model { return feed(atDelegate(m), flow.Finish{}) }},
	{"help", func(m Model) Model { return press(atDelegate(m), "?") }},
	{"problem", func(m Model) Model {
		return feed(atSignIn(m), flow.SignInAnswered{Yes: false}, flow.Failed{Doing: "doing.hostedlink", Err: errUnavailable, Retry: flow.FetchHostedLink{CompanyID: "c-1"}})
	}},
}

// pendingFromStore writes entries to a store in a scratch directory and
// reads them back through the adapter the TUI uses, newest first.
func pendingFromStore(entries []store.Entry) []flow.PendingItem {
	dir, err := os.MkdirTemp("", "onboard-screens-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	st, _, err := store.Open(filepath.Join(dir, "onboardings.json"))
	if err != nil {
		panic(err)
	}
	const base = "https://api.codat.io"
	for _, e := range entries {
		e.BaseURL = base
		if _, err := st.Upsert(e); err != nil {
			panic(err)
		}
	}
	items, err := StoreAdapter{Store: st, BaseURL: base}.Pending()
	if err != nil {
		panic(err)
	}
	return items
}

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// TestScreens goldens the final frame of every screen at two sizes on light
// and dark backgrounds, with hostile names in play.
func TestScreens(t *testing.T) {
	for _, sc := range screens {
		for _, size := range sizes {
			for _, dark := range []bool{false, true} {
				bg := "light"
				if dark {
					bg = "dark"
				}
				t.Run(fmt.Sprintf("%s/%dx%d/%s", sc.name, size.w, size.h, bg), func(t *testing.T) {
					m := sc.make(screen(size.w, size.h, dark))
					frame := m.render()
					assertClean(t, frame)
					assertFits(t, frame, size.w, size.h)
					golden.RequireEqual(t, frame)
				})
			}
		}
	}
}

// assertClean checks that nothing of the hostile input reaches the frame:
// once our own styling is stripped, no control or bidi character is left,
// and no hyperlink points anywhere but at our own links.
func assertClean(t *testing.T, frame string) {
	t.Helper()
	text := ansi.Strip(frame)
	for _, r := range text {
		if r == '\n' {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			t.Fatalf("control or bidi rune %U reached the frame:\n%q", r, text)
		}
	}
	for _, bad := range []string{"evil.example", "]52;", "]2;", "ZXZpbA=="} {
		if strings.Contains(frame, bad) {
			t.Fatalf("%q reached the frame", bad)
		}
	}
}

func assertFits(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		t.Errorf("frame is %d lines, window %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d wide, window %d: %q", i, n, w, ansi.Strip(l))
		}
	}
}

func TestTooSmall(t *testing.T) {
	m := screen(50, 14, true)
	got := ansi.Strip(m.render())
	if !strings.Contains(got, "Make the window larger") || !strings.Contains(got, "50x14") {
		t.Fatalf("got %q", got)
	}
}

func TestResizeReflows(t *testing.T) {
	m := atConsent(screen(120, 40, true))
	wide := ansi.Strip(m.render())
	next, _ := m.Update(tea.WindowSizeMsg{Width: 70, Height: 30})
	narrow := ansi.Strip(next.(Model).render())
	if wide == narrow {
		t.Fatal("frame did not change with the window")
	}
	assertFits(t, next.(Model).render(), 70, 30)
}

func TestSummaryKeepsTheLink(t *testing.T) {
	m := feed(atDelegate(screen(80, 24, true)), flow.Finish{})
	sum := Summary(m.st)
	if !strings.Contains(sum, "\n"+hostedLink+"\n") || !strings.Contains(sum, "Accounting: Codat Sandbox, waiting on") {
		t.Fatalf("summary:\n%s", sum)
	}
	if strings.ContainsRune(sum, '\x1b') {
		t.Fatalf("summary has escapes: %q", sum)
	}
	if Summary(screen(80, 24, true).st) != "" {
		t.Fatal("summary before anything started")
	}
	// The demo's link dies with the demo's sandbox: the summary says so
	// rather than print it.
	m.st.Demo = true
	if sum := Summary(m.st); strings.Contains(sum, hostedLink) || !strings.Contains(sum, "stopped with the demo") {
		t.Fatalf("demo summary:\n%s", sum)
	}
}

// TestConfirmations: an "are you sure?" acts only on y, and any other key
// keeps things as they were.
func TestConfirmations(t *testing.T) {
	unlinking := func(m Model) bool { return m.st.Busy != nil }
	kept := press(atConsent(screen(80, 24, true)), "u", "n")
	if unlinking(kept) || kept.confirm != "" {
		t.Fatalf("n unlinked or left the question open: busy=%+v confirm=%q", kept.st.Busy, kept.confirm)
	}
	unlinked := press(atConsent(screen(80, 24, true)), "u", "y")
	if !unlinking(unlinked) || unlinked.confirm != "" {
		t.Fatalf("y did not unlink: busy=%+v confirm=%q", unlinked.st.Busy, unlinked.confirm)
	}

	pending := func() Model {
		return feed(screen(80, 24, true), flow.PendingLoaded{Items: []flow.PendingItem{
			{ID: "p1", CompanyName: "Beta Bakery", Category: flow.Banking, Path: "delegate"},
			{ID: "p2", CompanyName: "Gamma Goods", Category: flow.Commerce, Path: "delegate"},
		}})
	}
	if m := press(pending(), "x", "q"); len(m.st.Pending) != 2 {
		t.Fatalf("q forgot an item: %d left", len(m.st.Pending))
	}
	if m := press(pending(), "down", "x", "y"); len(m.st.Pending) != 1 || m.st.Pending[0].ID != "p1" {
		t.Fatalf("y did not forget the chosen item: %+v", m.st.Pending)
	}
}

// TestHelpOverAProblemSaysHowToCloseIt: help opened while a problem shows
// takes the next key, so its footer says so rather than offering "r".
func TestHelpOverAProblemSaysHowToCloseIt(t *testing.T) {
	m := feed(atConsent(screen(80, 30, true)), flow.Failed{Doing: "doing.unlink", Err: context.DeadlineExceeded, Retry: flow.Unlink{CompanyID: "c-2", ConnectionID: "conn-x"}})
	if got := ansi.Strip(m.render()); !strings.Contains(got, "r: try again") {
		t.Fatalf("the problem does not offer to try again:\n%s", got)
	}
	m = press(m, "?")
	got := ansi.Strip(m.render())
	if !strings.Contains(got, "any key: close help") || strings.Contains(got, "r: try again") {
		t.Fatalf("help over a problem:\n%s", got)
	}
	if m = press(m, "r"); m.showHelp || m.st.Problem == nil {
		t.Fatalf("a key in help did more than close it: help=%v problem=%+v", m.showHelp, m.st.Problem)
	}
}

// TestTooSmallSaysItWhole: in a window too small for the journey, the words
// asking for a larger one are never cut: the long sentence, else a short
// one, else none, with the link on offer whole above them.
func TestTooSmallSaysItWhole(t *testing.T) {
	shown := 0
	for w := 20; w < minWidth; w += 3 {
		for h := 1; h < minHeight; h++ {
			m := atDelegate(screen(80, 24, true))
			next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
			frame := ansi.Strip(next.(Model).render())
			assertFits(t, next.(Model).render(), w, h)
			flat := strings.Join(strings.Fields(frame), " ")
			long := fmt.Sprintf("Make the window larger: onboard needs at least %dx%d (this one is %dx%d).", minWidth, minHeight, w, h)
			short := fmt.Sprintf("Window too small: needs %dx%d.", minWidth, minHeight)
			switch {
			case strings.Contains(flat, long), strings.Contains(flat, short):
				shown++
			case strings.Contains(flat, "Make the") || strings.Contains(flat, "Window too"):
				t.Errorf("%dx%d: the words are cut:\n%s", w, h, frame)
			}
			if strings.Contains(frame, "…") {
				t.Errorf("%dx%d: something is cut:\n%s", w, h, frame)
			}
		}
	}
	if shown == 0 {
		t.Fatal("no size showed the words")
	}
}
