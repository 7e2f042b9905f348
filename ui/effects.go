package ui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/explain"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/ui/share"
	"github.com/onboardcli/onboard/webhook"
)

// This file is the only place in ui that does IO: it turns flow's Effects
// into tea.Cmds and their results back into flow Events.

// CodatAPI is what the screens need of Codat: what the IO steps need.
// *api.Client satisfies it, and tests may use a fake.
type CodatAPI = steps.Codat

// Deps are the outside world the TUI talks to.
type Deps struct {
	API CodatAPI
	// Webhooks delivers verified webhook events; nil means poll.
	Webhooks <-chan webhook.Event
	Env      share.Env
	// Clipboard writes the OS clipboard (atotto/clipboard in production).
	Clipboard func(string) error
	// Browser opens a URL (github.com/cli/browser in production).
	Browser func(string) error
	// SaveDir is where .eml files are saved.
	SaveDir string
	// Store remembers what was handed on; nil remembers nothing.
	Store PendingStore
	// FromName prefills the invite's sender.
	FromName string
	// LinkHost is the host the invite tells the recipient to expect.
	LinkHost string
	// Demo is true on the built-in sandbox.
	Demo bool
	// SandboxLinks is true when links are a sandbox's stand-in pages on this
	// computer (the demo, or `onboard sandbox`): plain http, test data.
	SandboxLinks bool
	// Timeout bounds each API call.
	Timeout time.Duration
	// PollStart is the first wait between checks when polling; 0 means
	// steps.DefaultPollStart.
	PollStart time.Duration
	// Now is the time errors are worded at (a retry hint counts down from
	// it); nil means time.Now.
	Now func() time.Time
}

// eventMsg carries a flow event back into Update.
type eventMsg struct{ ev flow.Event }

// watchMsg carries one watcher update, and the channel to read the next from.
type watchMsg struct {
	update steps.WaitUpdate
	next   <-chan steps.WaitUpdate
	gen    int
}

// runner carries out effects. It owns the cancel function of the current
// wait, which is IO bookkeeping rather than journey state.
type runner struct {
	deps Deps
	ctx  context.Context

	mu      sync.Mutex
	cancel  context.CancelFunc
	gen     int
	pending *flow.StartWatch   // a wait the line-by-line shell has yet to start
	records []flow.Remember    // to write to the store, in order
	current chan webhook.Event // webhook events for the current wait

	fanOutOnce sync.Once

	flushMu sync.Mutex // one writer at a time keeps records in order
}

func newRunner(ctx context.Context, deps Deps) *runner {
	if deps.Timeout == 0 {
		deps.Timeout = 30 * time.Second
	}
	return &runner{deps: deps, ctx: ctx}
}

// cmds turns effects into one batched command.
func (r *runner) cmds(effs []flow.Effect) tea.Cmd {
	var cmds []tea.Cmd
	for _, e := range effs {
		cmds = append(cmds, r.cmd(e))
	}
	return tea.Batch(cmds...)
}

func (r *runner) cmd(eff flow.Effect) tea.Cmd {
	a := r.deps.API
	timeout := r.deps.Timeout
	base := r.ctx
	// doing names the block that says what failed ("searching for …").
	call := func(doing string, retry flow.Effect, fn func(ctx context.Context) (flow.Event, error)) tea.Cmd {
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(base, timeout)
			defer cancel()
			ev, err := fn(ctx)
			if err != nil {
				return eventMsg{flow.Failed{Doing: assets.Screen(doing, nil), Message: r.explain(err), Retry: retry}}
			}
			return eventMsg{ev}
		}
	}
	switch e := eff.(type) {
	case flow.SearchAfter:
		return tea.Tick(e.Delay, func(time.Time) tea.Msg { return eventMsg{flow.SearchDue{Seq: e.Seq}} })
	case flow.SearchCompanies:
		return call("doing.search", e, func(ctx context.Context) (flow.Event, error) {
			found, err := a.SearchCompanies(ctx, e.Query)
			if err != nil {
				return nil, err
			}
			companies := make([]flow.Company, 0, len(found))
			for _, c := range found {
				companies = append(companies, steps.CompanyOf(c))
			}
			return flow.CompaniesFound{Seq: e.Seq, Query: e.Query, Companies: companies}, nil
		})
	case flow.CreateCompany:
		return call("doing.create", e, func(ctx context.Context) (flow.Event, error) {
			if e.New {
				c, err := a.CreateCompanyOnce(ctx, e.Name, e.UID)
				return flow.CompanyReady{Company: steps.CompanyOf(c)}, err
			}
			c, reused, err := a.FindOrCreateCompany(ctx, e.Name, e.UID)
			return flow.CompanyReady{Company: steps.CompanyOf(c), Reused: reused}, err
		})
	case flow.LoadPlatforms:
		return call("doing.platforms", e, func(ctx context.Context) (flow.Event, error) {
			platforms, err := steps.Platforms(ctx, a, e.Category)
			return flow.PlatformsLoaded{Category: e.Category, Platforms: platforms}, err
		})
	case flow.PrepareConnection:
		return call("doing.connection", e, func(ctx context.Context) (flow.Event, error) {
			p, err := steps.PrepareConnection(ctx, a, steps.ConnectionRequest{
				CompanyID: e.CompanyID, Platform: e.Platform, ReuseID: e.ReuseID, Recheck: e.Recheck,
			})
			var bad steps.ErrBadLink
			if errors.As(err, &bad) {
				return nil, fmt.Errorf("%s: %w", assets.Screen("doing.badlink", nil), bad.Err)
			}
			return flow.ConnectionReady{Connection: p.Connection}, err
		})
	case flow.FetchHostedLink:
		return call("doing.hostedlink", e, func(ctx context.Context) (flow.Event, error) {
			link, err := steps.FreshHostedLink(ctx, a, e.CompanyID)
			return flow.HostedLinkReady{URL: link}, err
		})
	case flow.Unlink:
		return call("doing.unlink", e, func(ctx context.Context) (flow.Event, error) {
			conn, err := a.UnlinkConnection(ctx, e.CompanyID, e.ConnectionID)
			return flow.ConnectionChanged{Connection: steps.ConnectionOf(conn)}, err
		})
	case flow.Copy:
		return r.copy(e.Text, copyWords{What: assets.Screen("copy.link", nil)})
	case flow.OpenURL:
		env, opener := r.deps.Env, r.deps.Browser
		return func() tea.Msg {
			if err := share.Open(e.URL, env, opener); err != nil {
				return eventMsg{flow.Reported{Text: assets.Screen("authorize.noopen", r.explain(err)), Bad: true}}
			}
			return eventMsg{flow.Reported{Text: assets.Screen("authorize.opened", nil)}}
		}
	case flow.SendInvite:
		return r.send(e)
	case flow.StartWatch:
		return r.startWatch(e)
	case flow.StopWatch:
		return func() tea.Msg {
			r.stopWatch()
			return nil
		}
	case flow.LoadPending:
		st := r.deps.Store
		if st == nil {
			return nil
		}
		return func() tea.Msg {
			items, err := st.Pending()
			if err != nil {
				return eventMsg{flow.Reported{Text: assets.Screen("resume.cantread", r.explain(err)), Bad: true}}
			}
			return eventMsg{flow.PendingLoaded{Items: items}}
		}
	case flow.RefreshPending:
		st := r.deps.Store
		return call("doing.check", e, func(ctx context.Context) (flow.Event, error) {
			verdict, err := steps.CheckPending(ctx, a, e.Item, nil)
			if err != nil {
				return nil, err
			}
			status := verdict.Status
			now := time.Now()
			if st != nil {
				if err := st.Checked(e.Item.ID, status, now); err != nil {
					return nil, err
				}
			}
			return flow.PendingChecked{ID: e.Item.ID, Status: status, CheckedAt: now}, nil
		})
	case flow.Forget:
		st := r.deps.Store
		if st == nil {
			return nil
		}
		return func() tea.Msg {
			if err := st.Forget(e.ID); err != nil {
				return eventMsg{flow.Reported{Text: assets.Screen("resume.cantforget", r.explain(err)), Bad: true}}
			}
			return eventMsg{flow.Reported{Text: assets.Screen("resume.forgotten", nil)}}
		}
	case flow.CopyFreshLink:
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(base, timeout)
			defer cancel()
			link, err := steps.FreshHostedLink(ctx, a, e.CompanyID)
			if err != nil {
				return eventMsg{flow.Failed{Doing: assets.Screen("doing.freshlink", nil), Message: r.explain(err), Retry: e}}
			}
			return r.copy(link, copyWords{What: assets.Screen("copy.freshlink", nil)})()
		}
	case flow.Remember:
		return r.remember(e)
	case flow.Bell:
		return tea.Raw("\a")
	}
	return nil
}

// remember queues a record for the store and returns the command that
// writes it. The queue outlives the program: Flush writes whatever a quick
// exit left unwritten, so nothing handed on is forgotten.
func (r *runner) remember(rec flow.Remember) tea.Cmd {
	if r.deps.Store == nil {
		return nil
	}
	r.mu.Lock()
	r.records = append(r.records, rec)
	r.mu.Unlock()
	return func() tea.Msg {
		if err := r.flush(); err != nil {
			return eventMsg{flow.Reported{Text: assets.Screen("resume.cantnote", r.explain(err)), Bad: true}}
		}
		return nil
	}
}

// flush writes the queued records.
func (r *runner) flush() error {
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	r.mu.Lock()
	queue := r.records
	r.records = nil
	r.mu.Unlock()
	var errs []error
	for _, rec := range queue {
		if err := r.deps.Store.Remember(rec); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// copyWords say what a copy put on the clipboard, for the report: What
// replaces share's "the link", and Fallback, when set, replaces its advice
// to "select the link above" (for text not wholly on screen).
type copyWords struct{ What, Fallback string }

// copy puts text on the clipboard the way that works where the person is:
// the OS clipboard locally, OSC 52 through the terminal over SSH.
func (r *runner) copy(text string, words copyWords) tea.Cmd {
	return r.copyThen(text, words, nil)
}

// copyThen copies, then reports with done's event when the copy went
// somewhere (or a plain report when done is nil).
func (r *runner) copyThen(text string, words copyWords, done func(note string) flow.Event) tea.Cmd {
	env, native := r.deps.Env, r.deps.Clipboard
	if native == nil {
		native = func(string) error { return errors.New("no clipboard tool") }
	}
	return func() tea.Msg {
		var seq string
		res := share.Copy(text, env, native, func(s string) error { seq = s; return nil })
		// share's reports name "the link" once (as in "select the link
		// above"): say what was copied instead.
		note := res.Message
		if words.Fallback != "" {
			note = strings.Replace(note, "select the link above", words.Fallback, 1)
		}
		note = strings.Replace(note, "the link", words.What, 1)
		var ev flow.Event = flow.Reported{Text: note, Bad: res.Method == share.MethodNone}
		if done != nil && res.Method != share.MethodNone {
			ev = done(note)
		}
		report := eventMsg{ev}
		if seq == "" {
			return report
		}
		// The OSC 52 sequence goes to the terminal through the renderer.
		return tea.BatchMsg{tea.Raw(seq), func() tea.Msg { return report }}
	}
}

func (r *runner) send(e flow.SendInvite) tea.Cmd {
	deps := r.deps
	email, err := invite.Compose(invite.Details{
		To: e.Invite.To, ToName: e.Invite.ToName,
		FromName: e.Invite.FromName, FromCompany: e.Invite.FromCompany,
		CompanyName: e.Company, PlatformName: e.Platform, Category: string(e.Category),
		Link: e.Link, LinkHost: deps.LinkHost, Sandbox: deps.SandboxLinks,
	})
	if err != nil {
		return func() tea.Msg { return eventMsg{flow.Reported{Text: r.explain(err), Bad: true}} }
	}
	if e.Invite.Subject != "" {
		email.Subject = e.Invite.Subject
	}
	if e.Invite.Body != "" {
		email.Body = e.Invite.Body
	}
	switch e.Way {
	case flow.WayText:
		// Sent only once the text is on a clipboard, saying which.
		// Only the first lines of the email are on screen to select.
		words := copyWords{What: assets.Screen("copy.invitetext", nil), Fallback: assets.Screen("copy.emailhint", nil)}
		return r.copyThen(email.Text(), words, func(note string) flow.Event { return flow.Sent{Way: flow.WayText, Note: note} })
	case flow.WayMail:
		return func() tea.Msg {
			uri, tooLong := email.Mailto()
			if tooLong {
				return eventMsg{flow.Reported{Bad: true, Text: assets.Screen("delegate.toolong", nil)}}
			}
			if err := share.Open(uri, deps.Env, deps.Browser); err != nil {
				return eventMsg{flow.Reported{Bad: true, Text: assets.Screen("delegate.nomail", r.explain(err))}}
			}
			return eventMsg{flow.Sent{Way: flow.WayMail}}
		}
	case flow.WayEML:
		return func() tea.Msg {
			data, err := email.EML(e.Invite.FromName, time.Now(), "")
			if err == nil {
				var path string
				path, err = saveEML(deps.SaveDir, e.Company, data)
				if err == nil {
					return eventMsg{flow.Sent{Way: flow.WayEML, File: path}}
				}
			}
			return eventMsg{flow.Reported{Bad: true, Text: assets.Screen("delegate.cantsave", r.explain(err))}}
		}
	}
	return nil
}

// saveEML writes the draft without overwriting anything already there.
func saveEML(dir, company string, data []byte) (string, error) {
	if dir == "" {
		dir = "."
	}
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, company)
	slug = strings.Trim(slug, "-")
	if slug == "" {
		slug = "company"
	}
	for i := 0; i < 100; i++ {
		name := "invite-" + slug + ".eml"
		if i > 0 {
			name = fmt.Sprintf("invite-%s-%d.eml", slug, i+1)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return "", err
		}
		return path, f.Close()
	}
	return "", errors.New("too many invite files already in " + dir)
}

// startWatch starts the wait when the command runs (never while building
// it), and returns its first update.
func (r *runner) startWatch(e flow.StartWatch) tea.Cmd {
	return func() tea.Msg {
		updates, gen := r.watch(e)
		return nextUpdate(updates, gen)()
	}
}

// watch starts waiting for a connection, ending any earlier wait.
func (r *runner) watch(e flow.StartWatch) (<-chan steps.WaitUpdate, int) {
	r.mu.Lock()
	if r.cancel != nil {
		r.cancel()
	}
	ctx, cancel := context.WithCancel(r.ctx)
	r.cancel = cancel
	r.gen++
	gen := r.gen
	r.mu.Unlock()
	updates := steps.Wait(ctx, r.deps.API, r.eventsFor(), r.watchOptions(e))
	return updates, gen
}

// watchOptions says how the journey waits: webhooks when there are any, then
// the first data read; a wait always starts just as a link is shown or
// handed on, so nobody can have signed in yet.
func (r *runner) watchOptions(e flow.StartWatch) steps.WaitOptions {
	return steps.WaitOptions{
		CompanyID: e.CompanyID, ConnectionID: e.ConnectionID, PlatformKey: e.PlatformKey,
		Webhooks: r.deps.Webhooks != nil, FollowData: true, JustShown: true,
		PollStart: r.deps.PollStart,
	}
}

// eventsFor gives a new wait its own channel of webhook events. One reader
// of the receiver hands each event to the current wait only, so a wait that
// was just stopped cannot take an event meant for the next one.
func (r *runner) eventsFor() <-chan webhook.Event {
	if r.deps.Webhooks == nil {
		return nil
	}
	r.fanOutOnce.Do(func() { go r.fanOut() })
	ch := make(chan webhook.Event, 16)
	r.mu.Lock()
	r.current = ch
	r.mu.Unlock()
	return ch
}

func (r *runner) fanOut() {
	for {
		select {
		case <-r.ctx.Done():
			return
		case ev, ok := <-r.deps.Webhooks:
			if !ok {
				return
			}
			r.mu.Lock()
			ch := r.current
			r.mu.Unlock()
			select {
			case ch <- ev:
			default: // the wait is not reading; its safety check will catch up
			}
		}
	}
}

func (r *runner) stopWatch() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	r.gen++
}

func (r *runner) currentGen() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gen
}

// runSync carries out an effect and waits for its result, for the
// line-by-line shell. A wait is not read here: watchSync returns it.
func (r *runner) runSync(eff flow.Effect, out io.Writer) []flow.Event {
	switch e := eff.(type) {
	case flow.SearchAfter:
		// A whole line was typed: there is nothing to debounce.
		return []flow.Event{flow.SearchDue{Seq: e.Seq}}
	case flow.StartWatch:
		r.mu.Lock()
		r.pending = &e
		r.mu.Unlock()
		return nil
	case flow.Bell:
		return nil
	}
	return drain(r.cmd(eff), out)
}

// watchSync starts the wait the last StartWatch asked for.
func (r *runner) watchSync() (<-chan steps.WaitUpdate, bool) {
	r.mu.Lock()
	e := r.pending
	r.pending = nil
	r.mu.Unlock()
	if e == nil {
		return nil, false
	}
	ch, _ := r.watch(*e)
	return ch, true
}

// drain runs a command to completion and collects the events it produced.
func drain(cmd tea.Cmd, out io.Writer) []flow.Event {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var evs []flow.Event
		for _, c := range msg {
			evs = append(evs, drain(c, out)...)
		}
		return evs
	case tea.RawMsg:
		fmt.Fprint(out, msg.Msg)
	case eventMsg:
		return []flow.Event{msg.ev}
	}
	return nil
}

// nextUpdate reads one update; Update re-arms it until the channel closes.
func nextUpdate(ch <-chan steps.WaitUpdate, gen int) tea.Cmd {
	return func() tea.Msg {
		u, ok := <-ch
		if !ok {
			return nil
		}
		return watchMsg{update: u, next: ch, gen: gen}
	}
}

// updateEvent turns a wait's update into the journey's event.
func updateEvent(u steps.WaitUpdate) flow.ConnectionUpdated {
	ev := flow.ConnectionUpdated{
		Status: u.Status, Via: u.Via, CheckedAt: u.CheckedAt, NextCheck: u.NextCheck, Connection: u.Connection,
		Failed: u.Failed, Reason: api.Sanitize(u.Reason), RateLimited: u.RateLimitedUntil, Final: u.Final,
	}
	if u.Err != nil && u.Final && !u.Failed && u.Status != flow.StatusLinked {
		// The wait cannot go on (the connection is gone, or the key was
		// refused): say so rather than stop waiting without a word.
		// The retry hint counts from the check that failed.
		ev.Failed, ev.Reason = true, assets.Screen("wait.cantcheck", explain.Explain(u.Err, u.CheckedAt))
	}
	for dt, st := range u.Data {
		if steps.DataStatusFinal(st) {
			ev.DataReady = append(ev.DataReady, dt)
		} else {
			ev.DataPending = append(ev.DataPending, dt)
		}
	}
	slices.Sort(ev.DataReady)
	slices.Sort(ev.DataPending)
	return ev
}

// newUID mints the id a new company is tagged with.
func newUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// explain words err for the person, at the runner's time.
func (r *runner) explain(err error) string {
	now := time.Now
	if r.deps.Now != nil {
		now = r.deps.Now
	}
	return explain.Explain(err, now())
}
