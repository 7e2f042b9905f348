package cli

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api/sandbox"
)

func TestLoopbackListen(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "127.1.2.3:9": true, "[::1]:9": true, "localhost:9": true,
		":8080": false, "0.0.0.0:80": false, "[::]:80": false, "10.0.0.5:80": false,
		"192.168.1.2:80": false, "receiver.example:80": false, "no-port": false,
	} {
		if got := loopbackListen(addr); got != want {
			t.Errorf("loopbackListen(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestWebhookListenBeyondLoopbackWarns starts the receiver as the wait and
// the journey do: a loopback address says nothing, any other says it is
// reachable from the network and why that matters. (192.0.2.1 is a
// documentation address: binding it fails here, after the warning, so the
// test never listens beyond this computer.)
func TestWebhookListenBeyondLoopbackWarns(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	h.env["CODAT_WEBHOOK_SECRET"] = h.sb.WebhookSecret()
	getenv := func(k string) string { return h.env[k] }
	a := &app{sys: system{getenv: getenv, now: time.Now}}
	for _, tc := range []struct {
		listen string
		warns  bool
	}{
		{"127.0.0.1:0", false},
		{"localhost:0", false},
		{"192.0.2.1:0", true},
	} {
		b, err := a.connect(t.Context(), false)
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		hk := b.webhooks(t.Context(), globalFlags{webhookListen: tc.listen}, getenv, &stderr)
		stop, why := hk.stop, hk.why
		stop()
		b.close()
		warned := strings.Contains(stderr.String(), "takes connections from other computers on the network")
		if warned != tc.warns {
			t.Errorf("--webhook-listen %s: warned %v, want %v:\n%s", tc.listen, warned, tc.warns, stderr.String())
		}
		if tc.warns && !strings.Contains(stderr.String(), "listen on 127.0.0.1:PORT") {
			t.Errorf("the warning does not say what to do instead:\n%s", stderr.String())
		}
		if !tc.warns && why != "" {
			t.Errorf("--webhook-listen %s: webhooks off (%s)", tc.listen, why)
		}
	}
	// The receiver remembers message ids in the state directory.
	if _, err := os.Stat(filepath.Join(h.env["ONBOARD_STATE_DIR"], webhookIDsFile)); err != nil {
		t.Errorf("no webhook id journal in the state directory: %v", err)
	}
}

// TestASessionConsumerWhoseCreateWasLostIsRemoved: on a sandbox onboard
// registers a consumer for the session. When Codat makes it but the answer
// is lost (a 502 after acting, or a signal that cancels the wait for it),
// the set-up fails, and the consumer it may have made is removed, not left
// delivering to a receiver that is gone.
func TestASessionConsumerWhoseCreateWasLostIsRemoved(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	h.env["CODAT_WEBHOOK_SECRET"] = h.sb.WebhookSecret()
	getenv := func(k string) string { return h.env[k] }
	a := &app{sys: system{getenv: getenv, now: time.Now}}
	b, err := a.connect(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	if err := b.checkKey(t.Context()); err != nil { // tells the sandbox by its answer
		t.Fatal(err)
	}
	h.sb.ActThenFailNext("POST /webhooks", 1, http.StatusBadGateway)
	hk := b.webhooks(t.Context(), globalFlags{}, getenv, io.Discard)
	defer hk.stop()
	if hk.events != nil || hk.why == "" {
		t.Fatalf("the set-up went on after its create failed: %+v", hk)
	}
	if left, err := b.client.ListWebhookConsumers(t.Context()); err != nil || len(left) != 0 {
		t.Errorf("consumers left after a create whose answer was lost: %+v (%v)", left, err)
	}
}
