package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestConnectionLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	hook := newConsumer(t, nil)
	h.register(hook, nil, nil)
	c := h.createCompany("Lifecycle Ltd", map[string]string{"region": "uk"})

	con := h.createConnection(c.ID, "gbol")
	wantLink := h.s.LinkBase() + "/companies/" + c.ID + "/connections/" + con.ID + "/start"
	if con.Status != "PendingAuth" || con.LinkURL != wantLink || con.PlatformName != "Xero" || con.SourceType != "Accounting" {
		t.Fatalf("created: %+v", con)
	}
	expectEvent(t, hook, "connection.created", c.ID, con.ID, "PendingAuth")

	if err := h.s.Cancel(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	got := h.getConnection(c.ID, con.ID)
	if got.Status != "PendingAuth" || len(got.DataConnectionErrors) != 1 {
		t.Fatalf("after cancel: %+v", got)
	}
	e := got.DataConnectionErrors[0]
	if e.StatusCode != "403" || e.StatusText != "User cancelled linking" || e.ErrorMessage != "User cancelled" || e.Status != "Active" || e.ErroredOnUtc == "" {
		t.Errorf("cancel error: %+v", e)
	}
	ev := expectEvent(t, hook, "connection.failed", c.ID, con.ID, "PendingAuth")
	if len(ev.Connection.DataConnectionErrors) != 1 {
		t.Errorf("connection.failed carries no error: %+v", ev.Connection)
	}

	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	got = h.getConnection(c.ID, con.ID)
	if got.Status != "Linked" || got.DataConnectionErrors[0].Status != "Resolved" || got.DataConnectionErrors[0].ResolvedOnUtc == "" {
		t.Fatalf("after authorize: %+v", got)
	}
	expectEvent(t, hook, "connection.connected", c.ID, con.ID, "Linked")
	if err := h.s.Authorize(c.ID, con.ID); !errors.Is(err, ErrAlreadyLinked) {
		t.Errorf("second authorize: %v", err)
	}

	// One active accounting connection per company; banking may be added.
	code, _, body := h.do("POST", "/companies/"+c.ID+"/connections", map[string]string{"platformKey": "qhyg"})
	if code != 403 || !strings.Contains(string(body), "only one") {
		t.Errorf("second accounting connection: %d %s", code, body)
	}
	bank := h.createConnection(c.ID, "suuo")
	expectEvent(t, hook, "connection.created", c.ID, bank.ID, "PendingAuth")

	var unlinked connectionJSON
	h.mustDo("PATCH", "/companies/"+c.ID+"/connections/"+con.ID, map[string]string{"status": "Unlinked"}, 200, &unlinked)
	if unlinked.Status != "Unlinked" || unlinked.ID != con.ID {
		t.Fatalf("unlink: %+v", unlinked)
	}
	expectEvent(t, hook, "connection.disconnected", c.ID, con.ID, "Unlinked")
	code, _, body = h.do("PATCH", "/companies/"+c.ID+"/connections/"+con.ID, map[string]string{"status": "Unlinked"})
	if code != 403 {
		t.Errorf("unlinking an Unlinked connection: %d", code)
	}
	checkErrorBody(t, 403, body)

	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	if got := h.getConnection(c.ID, con.ID); got.Status != "Linked" || got.ID != con.ID {
		t.Fatalf("reconnect: %+v", got)
	}
	expectEvent(t, hook, "connection.reconnected", c.ID, con.ID, "Linked")

	if err := h.s.Deauthorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	expectEvent(t, hook, "connection.disconnected", c.ID, con.ID, "Deauthorized")
	h.mustDo("DELETE", "/companies/"+c.ID+"/connections/"+bank.ID, nil, 200, nil)
	expectEvent(t, hook, "connection.deleted", c.ID, bank.ID, "PendingAuth")
	if code, _, _ := h.do("GET", "/companies/"+c.ID+"/connections/"+bank.ID, nil); code != 404 {
		t.Errorf("deleted connection: %d, want 404", code)
	}

	for key, want := range map[string]int{"pdvj": 403, "zzzz": 404, "": 404} {
		if code, _, _ := h.do("POST", "/companies/"+c.ID+"/connections", map[string]string{"platformKey": key}); code != want {
			t.Errorf("platformKey %q: %d, want %d", key, code, want)
		}
	}
	if err := h.s.Authorize(c.ID, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("authorize unknown: %v", err)
	}
}

// expectEvent waits for the next connection event of a type and checks it
// is about the right company and connection.
func expectEvent(t *testing.T, hook *testConsumer, eventType, companyID, connectionID, status string) connectionEventPayload {
	t.Helper()
	_, ev := hook.nextOfType(t, eventType)
	raw, _ := json.Marshal(ev.Payload)
	var p connectionEventPayload
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if p.ReferenceCompany.ID != companyID || p.Connection.ID != connectionID || p.Connection.Status != status {
		t.Errorf("%s: company %s connection %s status %s; want %s %s %s", eventType,
			p.ReferenceCompany.ID, p.Connection.ID, p.Connection.Status, companyID, connectionID, status)
	}
	return p
}

func TestCreatingTwoPendingConnectionsMirrorsCodat(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.createCompany("Twice", nil)
	a, b := h.createConnection(c.ID, "gbol"), h.createConnection(c.ID, "gbol")
	if a.ID == b.ID {
		t.Fatal("Codat creates a new connection each time; the sandbox reused one")
	}
	if err := h.s.Authorize(c.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.s.Authorize(c.ID, b.ID); !errors.Is(err, ErrAccountingTaken) {
		t.Errorf("authorizing a second accounting connection: %v", err)
	}
}

func TestDataStatusProgression(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now})
	hook := newConsumer(t, nil)
	h.register(hook, []string{"read.completed.initial", "read.completed"}, nil)
	c := h.createCompany("Data Co", nil)
	con := h.createConnection(c.ID, "mqjo")

	status := func() map[string]dataStatusJSON {
		var ds map[string]dataStatusJSON
		h.mustDo("GET", "/companies/"+c.ID+"/dataStatus", nil, 200, &ds)
		return ds
	}
	if ds := status(); len(ds) != 0 {
		t.Fatalf("before linking: %v", ds)
	}
	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	count := func(ds map[string]dataStatusJSON, want string) int {
		n := 0
		for key, d := range ds {
			if d.DataType != key || d.LatestSyncID == "" {
				t.Errorf("%s: %+v", key, d)
			}
			if d.CurrentStatus == want {
				n++
			}
		}
		return n
	}
	steps := []struct {
		advance   time.Duration
		status    string
		wantCount int
	}{
		{0, "Queued", len(accountingTypes)},
		{time.Second, "Fetching", len(accountingTypes)},
		{time.Second, "Complete", 3}, // at 2s: the first three have finished
		{10 * time.Second, "Complete", len(accountingTypes)},
	}
	for _, st := range steps {
		clock.Advance(st.advance)
		ds := status()
		if len(ds) != len(accountingTypes) || count(ds, st.status) != st.wantCount {
			t.Fatalf("after %v more: %d of %d %s: %+v", st.advance, count(ds, st.status), len(ds), st.status, ds)
		}
	}
	inv := status()["invoices"]
	if inv.LastSuccessfulSync == "" || inv.LatestSuccessfulSyncID != inv.LatestSyncID {
		t.Errorf("completed invoices: %+v", inv)
	}
	for _, want := range []string{"read.completed.initial", "read.completed"} {
		_, ev := hook.next(t)
		if ev.EventType != want {
			t.Fatalf("event %s, want %s", ev.EventType, want)
		}
		raw, _ := json.Marshal(ev.Payload)
		var p readEventPayload
		json.Unmarshal(raw, &p)
		if p.ReferenceCompany.ID != c.ID || len(p.DataTypes) != len(accountingTypes) || p.DataTypes[0].Status != "Complete" || p.DataTypes[0].ConnectionID != con.ID {
			t.Errorf("%s payload: %+v", want, p)
		}
	}
	var got companyJSON
	h.mustDo("GET", "/companies/"+c.ID, nil, 200, &got)
	if got.LastSync == "" || got.DataConnections[0].LastSync == "" {
		t.Errorf("lastSync not set after the read: %+v", got)
	}
	// A reconnect starts a new read; the earlier success stays visible.
	h.mustDo("PATCH", "/companies/"+c.ID+"/connections/"+con.ID, map[string]string{"status": "Unlinked"}, 200, nil)
	if err := h.s.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	again := status()["invoices"]
	if again.CurrentStatus != "Queued" || again.LastSuccessfulSync != inv.LastSuccessfulSync || again.LatestSyncID == inv.LatestSyncID {
		t.Errorf("after reconnect: %+v (before %+v)", again, inv)
	}
}

func TestAutoLink(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cancel bool // the presenter clicks Cancel on the sign-in page first
		want   string
	}{
		{name: "a pending connection links by itself", want: "Linked"},
		{name: "a cancelled connection waits for a person", cancel: true, want: "PendingAuth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			h := newHarness(t, Options{Now: clock.Now, AutoLink: 5 * time.Second})
			c := h.createCompany("Auto", nil)
			con := h.createConnection(c.ID, "aiwb")
			if tc.cancel {
				if err := h.s.Cancel(c.ID, con.ID); err != nil {
					t.Fatal(err)
				}
			}
			clock.Advance(4 * time.Second)
			if got := h.getConnection(c.ID, con.ID); got.Status != "PendingAuth" {
				t.Fatalf("before AutoLink: %s", got.Status)
			}
			clock.Advance(time.Second)
			if got := h.getConnection(c.ID, con.ID); got.Status != tc.want {
				t.Fatalf("after AutoLink: %s, want %s", got.Status, tc.want)
			}
		})
	}
}

func TestWebhookSignatureEnvelopeAndFilters(t *testing.T) {
	h := newHarness(t, Options{})
	all := newConsumer(t, nil)
	onlyConnected := newConsumer(t, nil)
	onlyUS := newConsumer(t, nil)
	disabled := newConsumer(t, nil)
	h.register(all, nil, nil)
	h.register(onlyConnected, []string{"connection.connected"}, nil)
	h.register(onlyUS, nil, []string{"region:us"})
	h.mustDo("POST", "/webhooks", map[string]any{"url": disabled.srv.URL, "disabled": true}, 201, nil)

	uk := h.createCompany("UK Co", map[string]string{"region": "uk"})
	us := h.createCompany("US Co", map[string]string{"region": "us"})
	ukCon := h.createConnection(uk.ID, "suuo")
	if err := h.s.Authorize(uk.ID, ukCon.ID); err != nil {
		t.Fatal(err)
	}
	usCon := h.createConnection(us.ID, "suuo")

	r, ev := all.next(t)
	verify(t, h.s.WebhookSecret(), r)
	if ev.EventType != "connection.created" || ev.ID == "" || ev.GeneratedDate == "" {
		t.Errorf("envelope: %+v", ev)
	}
	if !strings.HasPrefix(r.header.Get("webhook-id"), "msg_") || r.header.Get("webhook-timestamp") == "" ||
		!strings.HasPrefix(r.header.Get("webhook-signature"), "v1,") {
		t.Errorf("headers: %v", r.header)
	}
	var raw map[string]any
	json.Unmarshal(r.body, &raw)
	payload, _ := raw["payload"].(map[string]any)
	ref, _ := payload["referenceCompany"].(map[string]any)
	links, _ := ref["links"].(map[string]any)
	if ref["id"] != uk.ID || ref["name"] != "UK Co" || links["portal"] == "" || payload["connection"] == nil {
		t.Errorf("payload: %s", r.body)
	}
	// A tampered body or another secret must not verify.
	r.body = []byte(strings.Replace(string(r.body), "UK Co", "XX Co", 1))
	if err := verifyErr(h.s.WebhookSecret(), r); err == nil {
		t.Error("tampered body verified")
	}

	_, ev = onlyConnected.next(t)
	if ev.EventType != "connection.connected" {
		t.Errorf("eventTypes filter let through %s", ev.EventType)
	}
	_, ev = onlyUS.next(t)
	raw2, _ := json.Marshal(ev.Payload)
	if !strings.Contains(string(raw2), usCon.ID) {
		t.Errorf("companyTags filter let through %s", raw2)
	}
	// Nothing else for the filtered and disabled consumers: a later event to
	// "all" proves the earlier ones have been sent.
	all.nextOfType(t, "connection.created") // the US connection
	for name, c := range map[string]*testConsumer{"eventTypes": onlyConnected, "companyTags": onlyUS, "disabled": disabled} {
		select {
		case r := <-c.ch:
			t.Errorf("%s consumer got an extra event: %s", name, r.body)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func verifyErr(secret string, r received) error {
	wh, err := newSvix(secret)
	if err != nil {
		return err
	}
	return wh.Verify(r.body, r.header)
}

func TestWebhookRetries(t *testing.T) {
	h := newHarness(t, Options{})
	h.s.retryDelays = []time.Duration{0, 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}
	flaky := newConsumer(t, func(attempt int) bool { return attempt <= 2 })
	h.register(flaky, nil, nil)
	c := h.createCompany("Retry", nil)
	h.createConnection(c.ID, "mqjo")
	r, ev := flaky.next(t)
	verify(t, h.s.WebhookSecret(), r)
	if ev.EventType != "connection.created" {
		t.Fatalf("got %s", ev.EventType)
	}
	flaky.mu.Lock()
	tries, ids := flaky.tries, flaky.ids
	flaky.mu.Unlock()
	if tries != 3 {
		t.Errorf("delivered on try %d, want 3", tries)
	}
	for _, id := range ids {
		if id != r.header.Get("webhook-id") {
			t.Errorf("webhook-id changed between retries: %v", ids)
		}
	}

	// A consumer that always fails is given up on after the last retry.
	dead := newConsumer(t, func(int) bool { return true })
	h.register(dead, nil, nil)
	h.createConnection(c.ID, "aiwb")
	deadline := time.Now().Add(5 * time.Second)
	for {
		dead.mu.Lock()
		n := dead.tries
		dead.mu.Unlock()
		if n == len(h.s.retryDelays) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("failing consumer tried %d times, want %d", n, len(h.s.retryDelays))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCloseStopsRetries(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.SetBaseURL("http://127.0.0.1:1")
	dead := newConsumer(t, func(int) bool { return true })
	s.mu.Lock()
	s.st.Consumers = append(s.st.Consumers, &consumer{ID: "c", URL: dead.srv.URL})
	s.retryDelays = []time.Duration{0, time.Hour}
	c := &company{ID: "co", Name: "Close"}
	s.st.Companies = append(s.st.Companies, c)
	con, _, _ := s.createConnectionLocked(c, "mqjo")
	s.mu.Unlock()
	if con == nil {
		t.Fatal("no connection")
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		dead.mu.Lock()
		n := dead.tries
		dead.mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the consumer was never tried")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The worker now waits an hour to retry; Close must end it.
	done := make(chan error)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not stop a delivery waiting to retry")
	}
}

func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, Options{StateFile: filepath.Join(t.TempDir(), "state.json")})
	const n = 50
	var wg sync.WaitGroup
	ids := make(chan [2]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := h.createCompany(fmt.Sprintf("Concurrent %02d", i), map[string]string{"batch": "x"})
			con := h.createConnection(c.ID, []string{"mqjo", "suuo", "aiwb"}[i%3])
			if i%2 == 0 {
				if err := h.s.Authorize(c.ID, con.ID); err != nil {
					t.Error(err)
				}
			}
			h.do("GET", "/companies?pageSize=7", nil)
			ids <- [2]string{c.ID, con.ID}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for pair := range ids {
		for _, id := range pair {
			if seen[id] {
				t.Errorf("id %s handed out twice", id)
			}
			seen[id] = true
		}
	}
	var p pageJSON[companyJSON]
	h.mustDo("GET", "/companies?pageSize=1000", nil, 200, &p)
	linked := 0
	for _, c := range p.Results {
		if len(c.DataConnections) != 1 {
			t.Errorf("%s has %d connections", c.Name, len(c.DataConnections))
		}
		for _, con := range c.DataConnections {
			if con.Status == "Linked" {
				linked++
			}
		}
	}
	if p.TotalResults != n || len(p.Results) != n || linked != n/2 {
		t.Errorf("total %d, results %d, linked %d", p.TotalResults, len(p.Results), linked)
	}
	var last pageJSON[companyJSON]
	h.mustDo("GET", "/companies?page=8&pageSize=7", nil, 200, &last)
	if last.TotalResults != n || len(last.Results) != 1 {
		t.Errorf("last page of 7: total %d, %d results", last.TotalResults, len(last.Results))
	}
	// The saved state agrees with what was served.
	st, err := loadState(h.s.opts.StateFile)
	if err != nil || len(st.Companies) != n {
		t.Fatalf("state file: %v, %d companies", err, len(st.Companies))
	}
}

func TestStateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sandbox.json")
	s1, err := New(Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, s: s1}
	h.ts = newTestHTTP(t, s1)
	c := h.createCompany("Persisted (Ltd)", map[string]string{"uid": "42"})
	con := h.createConnection(c.ID, "gbol")
	if err := s1.Authorize(c.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	h.mustDo("POST", "/webhooks", map[string]any{"url": "https://example.com/h"}, 201, nil)
	key, secret := s1.APIKey(), s1.WebhookSecret()
	h.ts.Close()
	s1.Close()

	s2, err := New(Options{StateFile: path})
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	defer s2.Close()
	h2 := &harness{t: t, s: s2}
	h2.ts = newTestHTTP(t, s2)
	if s2.APIKey() != key || s2.WebhookSecret() != secret {
		t.Error("key or webhook secret changed across a restart")
	}
	var got companyJSON
	h2.mustDo("GET", "/companies/"+c.ID, nil, 200, &got)
	if got.Name != "Persisted Ltd" || got.Tags["uid"] != "42" || len(got.DataConnections) != 1 || got.DataConnections[0].Status != "Linked" {
		t.Errorf("after restart: %+v", got)
	}
	var hooks webhookConsumersJSON
	h2.mustDo("GET", "/webhooks", nil, 200, &hooks)
	if len(hooks.Results) != 1 {
		t.Errorf("webhook consumers after restart: %+v", hooks)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left beside the state file: %v", entries)
	}

	for name, content := range map[string]string{
		"truncated":     `{"version":1,"apiKey":"x","companies":[{"id":"a"`,
		"not json":      "hello",
		"empty":         "",
		"wrong version": `{"version":99}`,
		"unknown field": `{"version":1,"surprise":true}`,
		"duplicate ids": `{"version":1,"companies":[{"id":"a"},{"id":"a"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad.json")
			os.WriteFile(bad, []byte(content), 0o600)
			if _, err := New(Options{StateFile: bad}); err == nil || !strings.Contains(err.Error(), bad) {
				t.Fatalf("New with a %s state file: %v; want an error naming the file", name, err)
			}
			if after, _ := os.ReadFile(bad); string(after) != content {
				t.Error("a bad state file was overwritten")
			}
		})
	}
}

// TestServerErrorsStayOffTheTerminal: the demo runs the sandbox inside a
// full-screen program, where a line from the HTTP server would be drawn
// over the screen, so its errors go only where they are asked to.
func TestServerErrorsStayOffTheTerminal(t *testing.T) {
	quiet, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer quiet.Close()
	if w := quiet.httpServer.ErrorLog.Writer(); w != io.Discard {
		t.Errorf("with no ErrorLog the server logs to %T, want nowhere", w)
	}
	var buf bytes.Buffer
	told, err := Start(Options{ErrorLog: &buf})
	if err != nil {
		t.Fatal(err)
	}
	defer told.Close()
	told.httpServer.ErrorLog.Print("broken connection")
	if !strings.Contains(buf.String(), "broken connection") {
		t.Errorf("ErrorLog got %q, want the server's report", buf.String())
	}
}
