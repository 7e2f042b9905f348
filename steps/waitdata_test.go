package steps

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

func at(t time.Time) *api.Time { return &api.Time{Time: t} }

func statuses(entries ...api.DataStatus) func() (map[string]api.DataStatus, error) {
	return func() (map[string]api.DataStatus, error) {
		out := make(map[string]api.DataStatus, len(entries))
		for _, e := range entries {
			out[e.DataType] = e
		}
		return out, nil
	}
}

// followToLink runs a data-following wait on a connection that is
// Deauthorized at the first check and linked at the second (a reconnect),
// and returns the update that says it linked.
func followToLink(t *testing.T, src *fakeSource) (*fakeClock, <-chan WaitUpdate) {
	t.Helper()
	src.conns = []func() (api.Connection, error){answer(conn("conn-1", "gbol", api.Deauthorized)), answer(conn("conn-1", "gbol", api.Linked))}
	clk := newFakeClock()
	updates := Wait(t.Context(), src, nil, waitOpts(clk, WaitOptions{ConnectionID: "conn-1", FollowData: true}))
	if u := nextUpdate(t, updates); u.Status == flow.StatusLinked {
		t.Fatalf("first update %+v, want not linked yet", u)
	}
	clk.fire(clk.nextTimer(t))
	if u := nextUpdate(t, updates); u.Status != flow.StatusLinked || u.Final {
		t.Fatalf("second update %+v, want linked, data to follow", u)
	}
	clk.fire(clk.nextTimer(t))
	return clk, updates
}

// After a reconnect, the company's data status still shows the last read
// (Complete, and the errors that ended it) until the new read starts: that
// is not the data being ready. Only the read since the link counts.
func TestWaitJudgesDataFromTheReadSinceTheLink(t *testing.T) {
	dayBefore := waitStart.Add(-24 * time.Hour)
	stale := []api.DataStatus{
		{DataType: "invoices", CurrentStatus: "Complete", LastSuccessfulSync: at(dayBefore), LatestSyncID: "i-old"},
		{DataType: "bills", CurrentStatus: "AuthError", LastSuccessfulSync: at(dayBefore), LatestSyncID: "b-old"},
		{DataType: "bankAccounts", CurrentStatus: "NotSupported"},
	}
	src := &fakeSource{data: []func() (map[string]api.DataStatus, error){
		statuses(stale...),
		statuses(
			api.DataStatus{DataType: "invoices", CurrentStatus: "Fetching", LastSuccessfulSync: at(dayBefore), LatestSyncID: "i-new"},
			stale[1], stale[2],
		),
		statuses(
			api.DataStatus{DataType: "invoices", CurrentStatus: "Complete", LastSuccessfulSync: at(waitStart.Add(time.Minute)), LatestSyncID: "i-new"},
			api.DataStatus{DataType: "bills", CurrentStatus: "FetchError", LastSuccessfulSync: at(dayBefore), LatestSyncID: "b-new"},
			stale[2],
		),
	}}
	clk, updates := followToLink(t, src)
	for _, want := range []map[string]string{
		{},
		{"invoices": "Fetching", "bankAccounts": "NotSupported"},
	} {
		u := nextUpdate(t, updates)
		if u.Final || u.DataReady || !maps.Equal(u.Data, want) {
			t.Fatalf("update %+v, want data %v and not ready: the last read is not this one", u, want)
		}
		clk.fire(clk.nextTimer(t))
	}
	u := nextUpdate(t, updates)
	want := map[string]string{"invoices": "Complete", "bills": "FetchError", "bankAccounts": "NotSupported"}
	if !u.Final || !u.DataReady || !maps.Equal(u.Data, want) {
		t.Fatalf("final update %+v, want data %v ready", u, want)
	}
	waitClosed(t, updates)
}

// A data type waiting on a prerequisite ends the wait, but the data is not
// said to be ready, and the update names it.
func TestWaitEndsOnAPrerequisiteNotMet(t *testing.T) {
	src := &fakeSource{data: []func() (map[string]api.DataStatus, error){
		statuses(
			api.DataStatus{DataType: "invoices", CurrentStatus: "Queued", LatestSyncID: "i1"},
			api.DataStatus{DataType: "bills", CurrentStatus: "Queued", LatestSyncID: "b1"},
		),
		statuses(
			api.DataStatus{DataType: "invoices", CurrentStatus: "Complete", LastSuccessfulSync: at(waitStart.Add(time.Minute)), LatestSyncID: "i1"},
			api.DataStatus{DataType: "bills", CurrentStatus: "PrerequisiteNotMet", LatestSyncID: "b1"},
		),
	}}
	clk, updates := followToLink(t, src)
	if u := nextUpdate(t, updates); u.Final || u.DataReady {
		t.Fatalf("update %+v, want the read under way", u)
	}
	clk.fire(clk.nextTimer(t))
	u := nextUpdate(t, updates)
	if !u.Final || u.DataReady || !slices.Equal(u.DataBlocked, []string{"bills"}) {
		t.Fatalf("update %+v, want final, not ready, bills blocked", u)
	}
	waitClosed(t, updates)
}
