package steps

import (
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/webhook"
)

func TestWaitRefusedDeliverySaidAtOnce(t *testing.T) {
	t.Run("during the wait", func(t *testing.T) {
		src := &fakeSource{conns: []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.Linked))}}
		clk := newFakeClock()
		refusals := webhook.NewRefusals()
		events := make(chan webhook.Event)
		updates := Wait(t.Context(), src, events, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true, Refusals: refusals}))
		_ = clk.nextTimer(t) // the safety check, a minute away and never fired
		refusals.Note(webhook.Refusal{At: waitStart, Count: 1, EndpointID: "ep-1", EndpointURL: "https://relay.example/hook"})

		// Said before any check: no timer fired, no call made.
		u := nextUpdate(t, updates)
		if u.Refusal.Count != 1 || u.Refusal.EndpointID != "ep-1" || u.Final || u.Via != flow.ViaPoll {
			t.Fatalf("update = %+v, want the refusal at once", u)
		}
		if get, list, data := src.calls(); get+list+data != 0 {
			t.Errorf("calls before saying it: %d %d %d", get, list, data)
		}
		tm := clk.nextTimer(t)
		if !withinJitter(tm.d, DefaultPollStart) || !u.NextCheck.Equal(waitStart.Add(tm.d)) {
			t.Fatalf("next check in %v (update says %v), want the shortest step", tm.d, u.NextCheck)
		}
		// Events after the refusal are not trusted.
		select {
		case events <- connectionEvent(webhook.EventConnectionConnected, "co-1", conn("conn-1", "gbol", api.Linked)):
			t.Fatal("the wait still reads events after a refusal")
		case <-time.After(50 * time.Millisecond):
		}
		clk.fire(tm)
		if u := nextUpdate(t, updates); u.Status != flow.StatusLinked || !u.Final || u.Refusal.Count != 1 {
			t.Fatalf("update = %+v, want linked by polling, still carrying the refusal", u)
		}
		waitClosed(t, updates)
	})

	t.Run("before the wait", func(t *testing.T) {
		src := &fakeSource{conns: []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.PendingAuth))}}
		clk := newFakeClock()
		refusals := webhook.NewRefusals()
		refusals.Note(webhook.Refusal{At: waitStart, Count: 3})
		events := make(chan webhook.Event)
		close(events)
		updates := Wait(t.Context(), src, events, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", Webhooks: true, Refusals: refusals}))
		u := nextUpdate(t, updates)
		if u.Refusal.Count != 3 || u.NextCheck.IsZero() {
			t.Fatalf("first update = %+v, want the refusal and when the first check is", u)
		}
		if tm := clk.nextTimer(t); !withinJitter(tm.d, DefaultPollStart) {
			t.Fatalf("first check in %v, want the shortest step", tm.d)
		}
	})
}
