package bulk

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/internal/clock"
)

// Company is a group's company, found or made.
type Company struct {
	api.Company
	Reused bool // it was in Codat before this run's row asked for it
}

// Outcome is what one row's link step gave.
type Outcome struct {
	LinkURL, ConnectionID, PlatformKey, Status string
	Invite                                     string // the .eml written; "" when none
	Invited                                    bool   // an invite was composed (a file, or a mailto line)
	Mailto                                     string
}

// Worker does the work of one company and one row: the commands' own code
// for finding or making a company, a link and an invite.
type Worker interface {
	// Company finds or makes the group's company.
	Company(ctx context.Context, g Group) (Company, error)
	// Link gets the row's link (a connection's with a platform, else the
	// company's Hosted Link) and writes its invite when it has an address.
	// again is set when an earlier attempt at the row failed: what it made
	// (a connection whose answer was lost) may be there to reuse.
	Link(ctx context.Context, co Company, row Checked, again bool) (Outcome, error)
	// Refresh reads, changing nothing, the current state and a fresh link
	// of a row an earlier run finished.
	Refresh(ctx context.Context, row Checked, rec Record) (Outcome, error)
}

// Config is one run over a checked file.
type Config struct {
	Rows    []Checked
	Journal *Journal
	Worker  Worker
	Workers int           // groups worked on at once; 4 when 0
	Clock   Clock         // for waits between attempts; clock.Real when nil
	Drain   time.Duration // once stopped, how long rows under way may take to finish; 20 s when 0
	// Explain words an error for the results.
	Explain func(error) string
	// Emit receives each row's result, in file order.
	Emit func(Result)
}

// attempts is how many times a row is tried when Codat's answers fail in
// a way that may pass (no answer, a 5xx, a 429).
const attempts = 4

// Engine runs the rows of a file through a Worker.
type Engine struct {
	cfg     Config
	groups  []Group
	out     *ordered
	total   int
	done    atomic.Int64
	failed  atomic.Int64
	refused atomic.Int64
	undone  atomic.Int64
	started atomic.Int64 // UnixNano of the run's start; 0 before it; read by the live view while it runs
}

// NewEngine plans cfg's rows into groups.
func NewEngine(cfg Config) *Engine {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.Drain <= 0 {
		cfg.Drain = 20 * time.Second
	}
	if cfg.Explain == nil {
		cfg.Explain = func(err error) string { return err.Error() }
	}
	return &Engine{cfg: cfg, groups: Plan(cfg.Rows), out: newOrdered(cfg.Emit), total: len(cfg.Rows)}
}

// Companies is how many businesses the file names, once its rows are
// grouped.
func (e *Engine) Companies() int { return len(e.groups) }

// Run works through every row and returns how they ended. When ctx is
// cancelled no new row starts; rows under way get Drain to finish, so
// what Codat did for them is journaled, and the rest are NotDone.
func (e *Engine) Run(ctx context.Context) Tally {
	e.started.Store(e.cfg.Clock.Now().UnixNano())
	var tally Tally
	var mu sync.Mutex
	emit := e.out.emit
	e.out.emit = func(r Result) {
		mu.Lock()
		tally.Add(r)
		mu.Unlock()
		if emit != nil {
			emit(r)
		}
	}
	for i, r := range e.cfg.Rows {
		if r.Err != nil {
			msg := r.Err.Error()
			e.finish(i, Result{Row: r.Number, Line: r.Line, CompanyName: r.Name, Status: StatusInvalid, Error: &msg})
		}
	}
	work := make(chan Group)
	var wg sync.WaitGroup
	for range min(e.cfg.Workers, max(len(e.groups), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range work {
				e.runGroup(ctx, g)
			}
		}()
	}
	for _, g := range e.groups {
		select {
		case work <- g:
			continue
		case <-ctx.Done():
		}
		e.notDone(g.Rows)
	}
	close(work)
	wg.Wait()
	return tally
}

// runGroup finds or makes the group's company once, then does each row.
func (e *Engine) runGroup(ctx context.Context, g Group) {
	var co Company
	var have bool
	for n, i := range g.Rows {
		row := e.cfg.Rows[i]
		if ctx.Err() != nil {
			e.notDone(g.Rows[n:])
			return
		}
		if rec, ok := e.cfg.Journal.Done(row.Number, flow.CompanyKey(row.Company)); ok {
			e.finish(i, e.refresh(ctx, row, rec))
			continue
		}
		if !have {
			var err error
			co, err = retry(ctx, e, func(ctx context.Context) (Company, error) { return e.cfg.Worker.Company(ctx, g) })
			if err != nil {
				for _, j := range g.Rows[n:] {
					e.finish(j, e.failure(e.cfg.Rows[j], err))
				}
				return
			}
			have = true
		}
		e.finish(i, e.link(ctx, co, row))
		// The next rows of the group find the company made, with what
		// this row added: its connections are read again, not assumed.
		co.Reused, co.DataConnections = true, nil
	}
}

// link does one row and journals it.
func (e *Engine) link(ctx context.Context, co Company, row Checked) Result {
	tried := false
	out, err := retry(ctx, e, func(ctx context.Context) (Outcome, error) {
		again := tried
		tried = true
		return e.cfg.Worker.Link(ctx, co, row, again)
	})
	if err != nil {
		res := e.failure(row, err)
		res.CompanyID, res.CompanyName, res.CompanyReused = co.ID, co.Name, co.Reused
		return res
	}
	rec := Record{
		Row: row.Number, Key: flow.CompanyKey(row.Company), CompanyID: co.ID, CompanyName: co.Name, CompanyReused: co.Reused,
		ConnectionID: out.ConnectionID, PlatformKey: out.PlatformKey, Status: out.Status, Invite: out.Invite, Invited: out.Invited,
	}
	if err := e.cfg.Journal.Add(rec); err != nil {
		res := e.failure(row, err)
		res.CompanyID, res.CompanyName, res.CompanyReused = co.ID, co.Name, co.Reused
		return res
	}
	return resultOf(row, rec, out, false)
}

// refresh reports a row an earlier run finished, as Codat has it now.
func (e *Engine) refresh(ctx context.Context, row Checked, rec Record) Result {
	out, err := retry(ctx, e, func(ctx context.Context) (Outcome, error) { return e.cfg.Worker.Refresh(ctx, row, rec) })
	if err != nil {
		// What the journal knows stands; the error says the check failed.
		res := resultOf(row, rec, Outcome{Status: rec.Status}, true)
		msg := e.cfg.Explain(err)
		res.Error = &msg
		return res
	}
	return resultOf(row, rec, out, true)
}

func resultOf(row Checked, rec Record, out Outcome, resumed bool) Result {
	res := Result{
		Row: row.Number, Line: row.Line, CompanyID: rec.CompanyID, CompanyName: rec.CompanyName, CompanyReused: rec.CompanyReused,
		LinkURL: out.LinkURL, ConnectionID: rec.ConnectionID, PlatformKey: rec.PlatformKey, Status: out.Status,
		Mailto: out.Mailto, Resumed: resumed,
	}
	if res.Status == "" {
		res.Status = rec.Status
	}
	if rec.Invite != "" {
		path := rec.Invite
		res.Invite = &path
	}
	return res
}

func (e *Engine) failure(row Checked, err error) Result {
	msg := e.cfg.Explain(err)
	status := StatusFailed
	if errors.Is(err, context.Canceled) {
		status, msg = StatusNotDone, assets.Text("bulk.notdone", nil)
	}
	return Result{Row: row.Number, Line: row.Line, CompanyName: row.Name, Status: status, Error: &msg}
}

func (e *Engine) notDone(rows []int) {
	msg := assets.Text("bulk.notdone", nil)
	for _, i := range rows {
		r := e.cfg.Rows[i]
		e.finish(i, Result{Row: r.Number, Line: r.Line, CompanyName: r.Name, Status: StatusNotDone, Error: &msg})
	}
}

func (e *Engine) finish(i int, r Result) {
	e.done.Add(1)
	switch {
	case r.Status == StatusInvalid:
		e.refused.Add(1)
	case r.Status == StatusNotDone:
		e.undone.Add(1)
	case r.Failed():
		e.failed.Add(1)
	}
	e.out.put(i, r)
}

// stepTimeout bounds one attempt at a step, its client's own retries
// included, as a scripted command's calls are bounded.
const stepTimeout = 2 * time.Minute

// retry runs step until it succeeds, fails for good, or has had its
// attempts. Once ctx is cancelled no attempt starts, but the one under way
// runs on for the drain time, so a create Codat is acting on is seen
// through (and its row journaled) rather than left for the next run; a
// step that is only waiting (for a quota's reset) ends at once.
func retry[T any](ctx context.Context, e *Engine, step func(context.Context) (T, error)) (T, error) {
	var zero T
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return zero, err
		}
		v, err := attempt(ctx, e.cfg.Drain, step)
		if err == nil || n >= attempts || !transient(err) {
			return v, err
		}
		if err := e.cfg.Clock.SleepUntil(ctx, e.cfg.Clock.Now().Add(e.backoff(err, n))); err != nil {
			return zero, err
		}
	}
}

// attempt runs step once on a context that outlives ctx by drain. Its
// waits (for the quota, between the client's attempts) end with ctx: only
// requests already sent are seen through.
func attempt[T any](ctx context.Context, drain time.Duration, step func(context.Context) (T, error)) (T, error) {
	stepCtx, cancel := context.WithTimeout(clock.StopWaits(context.WithoutCancel(ctx), ctx), stepTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		select {
		case <-time.After(drain):
			cancel()
		case <-stepCtx.Done():
		}
	})
	defer stop()
	return step(stepCtx)
}

// transient reports whether a failure may pass on its own: no answer, a
// server error, a timeout or a 429.
func transient(err error) bool {
	var e *api.Error
	if !errors.As(err, &e) || errors.Is(err, context.Canceled) {
		return false
	}
	switch {
	case e.Status == 0:
		return e.Err != nil
	case e.Status == http.StatusRequestTimeout, e.Status == http.StatusTooManyRequests, e.Status >= 500:
		return true
	}
	return false
}

// backoff is the wait before attempt n+1: until a 429 said to come back,
// else one, two, four seconds.
func (e *Engine) backoff(err error, n int) time.Duration {
	if until, ok := api.RateLimited(err); ok && !until.IsZero() {
		return min(max(until.Sub(e.cfg.Clock.Now()), time.Second), 2*time.Minute)
	}
	return time.Second << (n - 1)
}

// Progress is how far a run has got.
type Progress struct {
	Total, Done int
	Failed      int // rows that ended in an error
	Refused     int // rows the file's checks refused before any call
	NotDone     int // rows a stopped run left for the next
	Elapsed     time.Duration
}

// Worked is how many rows went through Codat: done, neither refused nor
// left undone.
func (p Progress) Worked() int { return p.Done - p.Refused - p.NotDone }

// Progress returns how far the run has got.
func (e *Engine) Progress() Progress {
	p := Progress{Total: e.total, Done: int(e.done.Load()), Failed: int(e.failed.Load()), Refused: int(e.refused.Load()), NotDone: int(e.undone.Load())}
	if start := e.started.Load(); start != 0 {
		p.Elapsed = e.cfg.Clock.Now().Sub(time.Unix(0, start))
	}
	return p
}
