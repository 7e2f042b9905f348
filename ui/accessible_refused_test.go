package ui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/webhook"
)

// The line-by-line wait says, once, that a webhook failed its signature
// check and names the endpoint, as the screen does.
func TestAccessibleWaitSaysARefusedDelivery(t *testing.T) {
	deps, _ := accessibleDeps(t)
	deps.Webhooks = make(chan webhook.Event)
	deps.Refusals = webhook.NewRefusals()
	deps.Refusals.Note(webhook.Refusal{At: time.Now(), Count: 1, EndpointID: "ep-3", EndpointURL: "https://relay.example/hook"})
	n := platformNumber(t, deps, "Xero")
	in, answer := io.Pipe()
	t.Cleanup(func() { answer.Close() })
	go answer.Write([]byte(strings.Join([]string{"Lambda Looms", "y", "1", n, "y", "1"}, "\n") + "\n")) //nolint:errcheck // read by the journey
	ctx, cancel := context.WithCancel(context.Background())
	var out lockedBuffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = RunAccessible(ctx, in, &out, deps, "")
	}()
	want := "CODAT_WEBHOOK_SECRET is not the signing secret of endpoint ep-3 (https://relay.example/hook)"
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(strings.Join(strings.Fields(out.String()), " "), want) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw the refusal:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	answer.Close()
	<-done
	if c := strings.Count(out.String(), "signature did not match"); c != 1 {
		t.Errorf("said %d times:\n%s", c, out.String())
	}
}
