package steps

import (
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
)

// Against the strict sandbox, where a reconnect's new read shows in the
// company's data status only once picked up: the wait does not take the
// last read's Complete entries for the new read's.
func TestWaitAfterAReconnectOnTheStrictSandbox(t *testing.T) {
	var offset atomic.Int64 // the sandbox clock's lead on ours
	sb, err := sandbox.New(sandbox.Options{Strict: true, Now: func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	t.Cleanup(func() { srv.Close(); sb.Close() })
	c, err := api.New(api.Config{BaseURL: srv.URL, APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	co, err := c.CreateCompany(ctx, api.CompanyRequest{Name: "Acme Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	con, err := c.CreateConnection(ctx, co.ID, "gbol")
	if err != nil {
		t.Fatal(err)
	}
	// Linked and read an hour ago, then revoked.
	offset.Store(int64(-time.Hour))
	if err := sb.Authorize(co.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	offset.Store(int64(-time.Hour + time.Minute))
	if err := sb.Deauthorize(co.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	offset.Store(0)

	updates := Wait(ctx, c, nil, WaitOptions{CompanyID: co.ID, ConnectionID: con.ID, FollowData: true,
		PollStart: 20 * time.Millisecond, PollMax: 100 * time.Millisecond})
	if u := <-updates; u.Status == flow.StatusLinked {
		t.Fatalf("first update %+v, want not linked", u)
	}
	reconnected := time.Now()
	if err := sb.Authorize(co.ID, con.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(20 * time.Second)
	for {
		select {
		case u, ok := <-updates:
			if !ok {
				t.Fatal("the wait ended without the data ready")
			}
			if u.Err != nil {
				t.Fatalf("update %+v", u)
			}
			if u.DataReady {
				// The sandbox's read takes at least 1.5 s after the link.
				if since := time.Since(reconnected); since < 1500*time.Millisecond {
					t.Fatalf("data said ready %v after the reconnect, from the last read: %v", since, u.Data)
				}
				return
			}
		case <-deadline:
			t.Fatal("no ready data within 20 s")
		}
	}
}
