package cli

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/internal/clock"
	"github.com/onboardcli/onboard/store"
)

// The checks of a whole batch ask Codat about every onboarding still open
// each round, so rounds start a little apart and grow further apart, as a
// single wait's checks do, up to a minute.
const (
	waitAllFirst = 5 * time.Second
	waitAllMax   = time.Minute
)

// waitAll is what `onboard status --wait` without a company follows: every
// remembered onboarding still pending, each reported as it ends.
type waitAll struct {
	a              *app
	b              *backend
	st             *store.Store
	asJSON         bool
	open           []store.Entry
	linked, failed int
}

// statusWaitAll waits until every remembered onboarding still pending (a
// bulk run's invites, say) is linked or can no longer link, or until the
// timeout, saying on stderr as each one ends.
func (a *app) statusWaitAll(ctx context.Context, b *backend, opts *statusOptions, st *store.Store, open []store.Entry) error {
	w := &waitAll{a: a, b: b, st: st, asJSON: opts.JSON, open: open}
	stderr := a.sys.stderr
	say(stderr, "waitall.start", assets.Vars{"Count": len(open), "Timeout": opts.Timeout})
	wctx, stop := context.WithTimeout(ctx, opts.Timeout)
	defer stop()
	every := cmpDuration(opts.pollStart, waitAllFirst)
	for len(w.open) > 0 {
		next := every
		checked, err := checkAll(wctx, b.client, w.open)
		switch {
		case wctx.Err() != nil:
		case api.KeyRefused(err):
			return b.classify(err)
		case err != nil:
			// A rate limit: the next round waits for it.
			until, _ := api.RateLimited(err)
			say(stderr, "wait.ratelimited", until.Format("15:04:05"))
			next = max(next, time.Until(until))
		default:
			w.settle(checked)
		}
		if len(w.open) == 0 || clock.Sleep(wctx, next) != nil {
			break
		}
		every = min(every*2, waitAllMax)
	}
	return w.finish(ctx, opts.Timeout)
}

// settle takes a round's answers: what linked or ended is said and noted,
// the rest stays open.
func (w *waitAll) settle(checked []checked) {
	still := w.open[:0]
	for i, e := range w.open {
		v, err := checked[i].verdict, checked[i].err
		switch {
		case err != nil:
			say(w.a.sys.stderr, "waitall.cantcheck", assets.Vars{"Company": e.CompanyName, "Error": w.a.explain(err)})
		case v.Linked:
			w.linked++
			w.report(e, v, "waitall.linked", "linked")
			continue
		case v.Ended:
			w.failed++
			w.report(e, v, "waitall.failed", "failed")
			continue
		}
		still = append(still, e)
	}
	w.open = still
}

// report says how one onboarding ended and notes it in the store.
func (w *waitAll) report(e store.Entry, v flow.Verdict, words, outcome string) {
	what := cmpOr(cmpOr(v.Connection.PlatformName, e.PlatformName), assets.Text("wait.theconnection", nil))
	say(w.a.sys.stderr, words, assets.Vars{"Company": e.CompanyName, "What": what, "Status": v.Status})
	if err := w.st.Update(e.ID, func(s *store.Entry) {
		s.Status, s.CheckedAt = v.Status, w.a.sys.now().UTC()
		if v.Connection.ID != "" {
			s.ConnectionID = v.Connection.ID
		}
	}); err != nil {
		say(w.a.sys.stderr, "status.cantupdate", w.a.explain(err))
	}
	w.emit(e, v.Connection, v.Status, outcome)
}

// emit prints, with --json, one JSON line for an onboarding as it ends (or, at
// the end, as it stays pending).
func (w *waitAll) emit(e store.Entry, conn flow.Connection, status, outcome string) {
	if !w.asJSON {
		return
	}
	_ = json.NewEncoder(w.a.sys.stdout).Encode(waitResult{
		CompanyID: e.CompanyID, CompanyName: e.CompanyName, ConnectionID: cmpOr(conn.ID, e.ConnectionID),
		PlatformKey: cmpOr(conn.PlatformKey, e.PlatformKey), Status: status, Outcome: outcome,
		Via: string(flow.ViaPoll), Data: map[string]string{},
	})
}

// finish reports the totals and returns the exit: 0 when all linked, 1
// when one can no longer link, 3 while some are pending, 130 once stopped.
func (w *waitAll) finish(ctx context.Context, timeout time.Duration) error {
	for _, e := range w.open {
		w.emit(e, flow.Connection{}, cmpOr(e.Status, string(api.PendingAuth)), "pending")
	}
	stderr := w.a.sys.stderr
	say(stderr, "waitall.totals", assets.Vars{"Linked": w.linked, "Failed": w.failed, "Pending": len(w.open)})
	switch {
	case w.failed > 0:
		return withCode(exitError, nil)
	case len(w.open) == 0:
		return nil
	case errors.Is(ctx.Err(), context.Canceled):
		say(stderr, "waitall.stopped", nil)
		return withCode(exitInterrupted, nil)
	}
	say(stderr, "waitall.timedout", timeout)
	return withCode(exitPending, nil)
}

func cmpDuration(d, otherwise time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return otherwise
}
