package webhook

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
)

var receiverNow = time.Unix(1_700_000_000, 0)

func newTestReceiver(t *testing.T, cfg ReceiverConfig) *Receiver {
	t.Helper()
	if cfg.Secret == "" {
		cfg.Secret = svixVectorSecret
	}
	if cfg.Now == nil {
		cfg.Now = fixedClock(receiverNow)
	}
	r, err := NewReceiver(cfg)
	if err != nil {
		t.Fatalf("NewReceiver: %v", err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

func connectedBody(eventID string) string {
	return fmt.Sprintf(`{"id":%q,"eventType":"connection.connected","generatedDate":"2024-08-08T17:10:34.015Z",`+
		`"payload":{"referenceCompany":{"id":"co-1","name":"Acme"},"connection":{"id":"conn-1","integrationKey":"gbol","status":"Linked"}}}`, eventID)
}

// signedRequest builds a delivery as Svix would send it to path.
func signedRequest(t *testing.T, path, msgID, body string) *http.Request {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, path, strings.NewReader(body))
	req.Header = webhookTestHeaders("webhook-", msgID, receiverNow.Unix(), mustSign(t, svixVectorSecret, msgID, receiverNow.Unix(), body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// serveOnce runs the handler, failing the test instead of hanging if it
// blocks.
func serveOnce(t *testing.T, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(rec, req)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the handler blocked")
	}
	return rec
}

func TestReceiverHandler(t *testing.T) {
	const path = DefaultPath
	tests := []struct {
		name      string
		req       func(t *testing.T) *http.Request
		wantCode  int
		delivered bool
	}{
		{"valid delivery", func(t *testing.T) *http.Request { return signedRequest(t, path, "msg_1", connectedBody("ev-1")) },
			http.StatusNoContent, true},
		{"svix headers", func(t *testing.T) *http.Request {
			req := signedRequest(t, path, "msg_1", connectedBody("ev-1"))
			for _, name := range []string{"id", "timestamp", "signature"} {
				req.Header.Set("svix-"+name, req.Header.Get("webhook-"+name))
				req.Header.Del("webhook-" + name)
			}
			return req
		}, http.StatusNoContent, true},
		{"GET", func(t *testing.T) *http.Request {
			return httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil)
		},
			http.StatusMethodNotAllowed, false},
		{"PUT, correctly signed", func(t *testing.T) *http.Request {
			req := signedRequest(t, path, "msg_1", connectedBody("ev-1"))
			req.Method = http.MethodPut
			return req
		}, http.StatusMethodNotAllowed, false},
		{"another path", func(t *testing.T) *http.Request { return signedRequest(t, "/other", "msg_1", connectedBody("ev-1")) },
			http.StatusNotFound, false},
		{"oversized body", func(t *testing.T) *http.Request {
			body := connectedBody(strings.Repeat("x", 2048))
			return signedRequest(t, path, "msg_1", body)
		}, http.StatusRequestEntityTooLarge, false},
		{"no signature headers", func(t *testing.T) *http.Request {
			return httptest.NewRequestWithContext(t.Context(), http.MethodPost, path, strings.NewReader(connectedBody("ev-1")))
		}, http.StatusBadRequest, false},
		{"wrong signature", func(t *testing.T) *http.Request {
			req := signedRequest(t, path, "msg_1", connectedBody("ev-1"))
			req.Header.Set("webhook-signature", "v1,"+strings.Repeat("A", 43)+"=")
			return req
		}, http.StatusUnauthorized, false},
		{"stale timestamp", func(t *testing.T) *http.Request {
			body := connectedBody("ev-1")
			ts := receiverNow.Add(-10 * time.Minute).Unix()
			req := signedRequest(t, path, "msg_1", body)
			req.Header = webhookTestHeaders("webhook-", "msg_1", ts, mustSign(t, svixVectorSecret, "msg_1", ts, body))
			return req
		}, http.StatusUnauthorized, false},
		{"signed but not an event", func(t *testing.T) *http.Request { return signedRequest(t, path, "msg_1", `{"hello":"world"}`) },
			http.StatusNoContent, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestReceiver(t, ReceiverConfig{MaxBody: 1024})
			rec := serveOnce(t, r.Handler(), tt.req(t))
			if rec.Code != tt.wantCode {
				t.Fatalf("status = %d, want %d (body %q)", rec.Code, tt.wantCode, rec.Body)
			}
			if rec.Code == http.StatusMethodNotAllowed && rec.Header().Get("Allow") != http.MethodPost {
				t.Errorf("Allow = %q", rec.Header().Get("Allow"))
			}
			if body := strings.ToLower(rec.Body.String()); strings.Contains(body, "signature") || strings.Contains(body, "timestamp") || strings.Contains(body, "secret") {
				t.Errorf("response explains the refusal: %q", body)
			}
			select {
			case ev := <-r.Events():
				if !tt.delivered {
					t.Fatalf("delivered %+v", ev)
				}
				if ev.EventType != EventConnectionConnected || ev.Connection == nil || ev.Connection.Status != api.Linked {
					t.Errorf("event = %+v", ev)
				}
			default:
				if tt.delivered {
					t.Fatal("nothing delivered")
				}
			}
			st := r.Stats()
			if tt.delivered != (st.Delivered == 1) {
				t.Errorf("stats = %+v", st)
			}
			if tt.name == "signed but not an event" && st.Undecodable != 1 {
				t.Errorf("undecodable delivery not counted: %+v", st)
			}
			if tt.wantCode >= 400 && st.Rejected != 1 {
				t.Errorf("refusal not counted: %+v", st)
			}
		})
	}
}

func TestReceiverReplayAcknowledgedOnce(t *testing.T) {
	r := newTestReceiver(t, ReceiverConfig{})
	for i := range 3 {
		rec := serveOnce(t, r.Handler(), signedRequest(t, DefaultPath, "msg_same", connectedBody("ev-1")))
		if rec.Code != http.StatusNoContent {
			t.Fatalf("delivery %d: status %d, want 204 so Svix stops retrying", i, rec.Code)
		}
	}
	if ev := <-r.Events(); ev.ID != "ev-1" {
		t.Fatalf("event = %+v", ev)
	}
	select {
	case ev := <-r.Events():
		t.Fatalf("replay delivered again: %+v", ev)
	default:
	}
	if st := r.Stats(); st.Delivered != 1 || st.Duplicates != 2 {
		t.Errorf("stats = %+v, want 1 delivered, 2 duplicates", st)
	}
}

// With nobody reading Events, deliveries are still answered, and the newest
// events are the ones kept.
func TestReceiverNeverWaitsForConsumer(t *testing.T) {
	r := newTestReceiver(t, ReceiverConfig{Buffer: 2})
	for i := range 5 {
		id := fmt.Sprintf("ev-%d", i)
		rec := serveOnce(t, r.Handler(), signedRequest(t, DefaultPath, "msg_"+id, connectedBody(id)))
		if rec.Code != http.StatusNoContent {
			t.Fatalf("delivery %d: status %d", i, rec.Code)
		}
	}
	if st := r.Stats(); st.Delivered != 5 || st.Dropped != 3 {
		t.Errorf("stats = %+v, want 5 delivered, 3 dropped", st)
	}
	for _, want := range []string{"ev-3", "ev-4"} {
		if ev := <-r.Events(); ev.ID != want {
			t.Errorf("kept %q, want %q", ev.ID, want)
		}
	}
}

func TestReceiverServesLoopback(t *testing.T) {
	r := newTestReceiver(t, ReceiverConfig{})
	if r.URL() != "" {
		t.Errorf("URL before Start = %q", r.URL())
	}
	if err := r.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if err := r.Start(); err == nil {
		t.Error("second Start succeeded")
	}
	u, err := url.Parse(r.URL())
	if err != nil {
		t.Fatalf("URL %q: %v", r.URL(), err)
	}
	host, port, _ := net.SplitHostPort(u.Host)
	if u.Scheme != "http" || host != "127.0.0.1" || port == "0" || u.Path != DefaultPath {
		t.Errorf("URL = %q, want http://127.0.0.1:<port>%s", r.URL(), DefaultPath)
	}

	body := connectedBody("ev-net")
	req := signedRequest(t, r.URL(), "msg_net", body)
	req.RequestURI = ""
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if ev := <-r.Events(); ev.ID != "ev-net" {
		t.Errorf("event = %+v", ev)
	}

	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, ok := <-r.Events(); ok {
		t.Error("Events still open after Close")
	}
	if resp, err := http.Post(r.URL(), "application/json", bytes.NewReader([]byte(body))); err == nil {
		_ = resp.Body.Close()
		t.Error("still serving after Close")
	}
	if err := r.Start(); err == nil {
		t.Error("Start after Close succeeded")
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// A handler finishing after Close must not panic on the closed channel.
	if rec := serveOnce(t, r.Handler(), signedRequest(t, DefaultPath, "msg_late", connectedBody("ev-late"))); rec.Code != http.StatusNoContent {
		t.Errorf("late delivery status %d", rec.Code)
	}
}

func TestNewReceiverRefusesBadConfig(t *testing.T) {
	for name, cfg := range map[string]ReceiverConfig{
		"no secret":     {},
		"short secret":  {Secret: "whsec_c2hvcnQ="},
		"relative path": {Secret: svixVectorSecret, Path: "webhooks"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := NewReceiver(cfg); err == nil {
				t.Error("accepted")
			}
		})
	}
}

// TestReceiverErrorsStayOffTheTerminal: the receiver runs beside the
// full-screen journey, so its HTTP server logs nowhere unless told where.
func TestReceiverErrorsStayOffTheTerminal(t *testing.T) {
	quiet := newTestReceiver(t, ReceiverConfig{})
	if err := quiet.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if w := quiet.srv.ErrorLog.Writer(); w != io.Discard {
		t.Errorf("with no ErrorLog the receiver logs to %T, want nowhere", w)
	}
	var buf bytes.Buffer
	told := newTestReceiver(t, ReceiverConfig{ErrorLog: &buf})
	if err := told.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	told.srv.ErrorLog.Print("broken connection")
	if !strings.Contains(buf.String(), "broken connection") {
		t.Errorf("ErrorLog got %q, want the server's report", buf.String())
	}
}

// A delivery signed with another secret is counted and offered on
// BadSignatures, so the person can be told; other refusals are not.
func TestReceiverCountsBadSignatures(t *testing.T) {
	r := newTestReceiver(t, ReceiverConfig{})
	h := r.Handler()
	body := connectedBody("ev-1")
	wrong := httptest.NewRequestWithContext(t.Context(), http.MethodPost, DefaultPath, strings.NewReader(body))
	other := "whsec_" + strings.Repeat("QUJD", 8)
	wrong.Header = webhookTestHeaders("webhook-", "msg_1", receiverNow.Unix(), mustSign(t, other, "msg_1", receiverNow.Unix(), body))
	if rec := serveOnce(t, h, wrong); rec.Code != http.StatusUnauthorized {
		t.Fatalf("wrong secret: %d", rec.Code)
	}
	noHeaders := httptest.NewRequestWithContext(t.Context(), http.MethodPost, DefaultPath, strings.NewReader(body))
	serveOnce(t, h, noHeaders)
	select {
	case n := <-r.BadSignatures():
		if n != 1 {
			t.Errorf("BadSignatures gave %d, want 1", n)
		}
	default:
		t.Fatal("nothing on BadSignatures")
	}
	if st := r.Stats(); st.BadSigned != 1 || st.Rejected != 2 {
		t.Errorf("stats %+v, want 1 bad signature of 2 rejected", st)
	}
	if rec := serveOnce(t, h, signedRequest(t, DefaultPath, "msg_2", connectedBody("ev-2"))); rec.Code != http.StatusNoContent {
		t.Errorf("a good delivery after a bad one: %d", rec.Code)
	}
}

// A receiver given a listener serves on it, at the address known before.
func TestReceiverOnAGivenListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := newTestReceiver(t, ReceiverConfig{Listener: ln})
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	if want := "http://" + ln.Addr().String() + DefaultPath; r.URL() != want {
		t.Errorf("URL %s, want %s", r.URL(), want)
	}
	resp, err := http.Get(r.URL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET answered %d, want 405 from the receiver", resp.StatusCode)
	}
}
