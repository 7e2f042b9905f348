package ui

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/webhook"
)

// Waiting for a link to complete: the one wait under way, fed by webhooks
// when there are any and by polling otherwise, and its updates turned into
// the journey's events.

// watchMsg carries one watcher update, and the channel to read the next from.
type watchMsg struct {
	update steps.WaitUpdate
	next   <-chan steps.WaitUpdate
	gen    int
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
	hooks, refusals := r.hooks()
	opts := r.watchOptions(e, hooks != nil)
	opts.Refusals = refusals
	updates := steps.Wait(ctx, r.deps.API, r.eventsFor(hooks), opts)
	return updates, gen
}

// watchOptions says how the journey waits: webhooks when there are any, then
// the first data read; a wait always starts just as a link is shown or
// handed on, so nobody can have signed in yet.
func (r *runner) watchOptions(e flow.StartWatch, webhooks bool) steps.WaitOptions {
	return steps.WaitOptions{
		CompanyID: e.CompanyID, ConnectionID: e.ConnectionID, PlatformKey: e.PlatformKey, Category: e.Category,
		Webhooks: webhooks, FollowData: true, JustShown: true,
		PollStart: r.deps.PollStart,
	}
}

// eventsFor gives a new wait its own channel of webhook events. One reader
// of the receiver hands each event to the current wait only, so a wait that
// was just stopped cannot take an event meant for the next one.
func (r *runner) eventsFor(hooks <-chan webhook.Event) <-chan webhook.Event {
	if hooks == nil {
		return nil
	}
	r.fanOutOnce.Do(func() { go r.fanOut(hooks) })
	ch := make(chan webhook.Event, 16)
	r.mu.Lock()
	r.current = ch
	r.mu.Unlock()
	return ch
}

func (r *runner) fanOut(hooks <-chan webhook.Event) {
	for {
		select {
		case <-r.ctx.Done():
			return
		case ev, ok := <-hooks:
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

// updateEvent turns a watcher update into the journey's event.
func updateEvent(u steps.WaitUpdate) flow.ConnectionUpdated {
	ev := flow.ConnectionUpdated{
		Status: u.Status, Via: u.Via, CheckedAt: u.CheckedAt, NextCheck: u.NextCheck, Connection: u.Connection,
		Failed: u.Failed, Reason: api.Sanitize(u.Reason), RateLimited: u.RateLimitedUntil, Final: u.Final,
	}
	if r := u.Refusal; r.Count > 0 {
		ev.Refused = flow.WebhookRefusal{Count: int(min(r.Count, 1<<31-1)), At: r.At,
			EndpointID: api.Sanitize(r.EndpointID), EndpointURL: api.Sanitize(r.EndpointURL)}
	}
	if u.Err != nil && u.Final && !u.Failed && u.Status != flow.StatusLinked {
		// The wait cannot go on (the connection is gone, or the key was
		// refused): say so rather than stop waiting without a word.
		ev.Failed, ev.Err = true, u.Err
	}
	for dt, st := range u.Data {
		if st == steps.DataPrerequisiteNotMet {
			ev.DataBlocked = append(ev.DataBlocked, dt)
		} else if steps.DataStatusFinal(st) {
			ev.DataReady = append(ev.DataReady, dt)
		} else {
			ev.DataPending = append(ev.DataPending, dt)
		}
	}
	slices.Sort(ev.DataReady)
	slices.Sort(ev.DataPending)
	slices.Sort(ev.DataBlocked)
	return ev
}

// stopWatchCmd ends the wait under way.
func (r *runner) stopWatchCmd() tea.Cmd {
	return func() tea.Msg {
		r.stopWatch()
		return nil
	}
}
