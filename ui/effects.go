package ui

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/webhook"
)

// The runner is the only part of ui that does IO: it turns flow's Effects
// into tea.Cmds, and their results back into flow Events. This file holds
// its core, the dispatch of each effect to the function that carries it out;
// the functions live in files named for their concern. A command captures
// the values it needs when it is made, never the model.

// eventMsg carries a flow event back into Update.
type eventMsg struct{ ev flow.Event }

// runner carries out effects. What it keeps is IO bookkeeping, never
// journey state: the wait under way, and the records not yet written.
type runner struct {
	deps Deps
	ctx  context.Context

	mu sync.Mutex // guards the fields below

	// The checks run while the first screen shows (ready.go): ready is
	// closed once they are known, and webhooks set then.
	ready    chan struct{}
	webhooks <-chan webhook.Event
	refusals *webhook.Refusals
	// What the key check learnt of the API's links (ready.go); linkHost
	// "" keeps Deps.LinkHost and Deps.SandboxLinks.
	linkHost     string
	sandboxLinks bool

	// The wait (watch.go).
	cancel     context.CancelFunc
	gen        int                // counts waits, so updates of a stopped one are dropped
	pending    *flow.StartWatch   // a wait the line-by-line shell has yet to start
	current    chan webhook.Event // webhook events for the current wait
	fanOutOnce sync.Once

	// The store (pendingstore.go).
	records []flow.Remember // to write, in order
	flushMu sync.Mutex      // one writer at a time keeps records in order
}

func newRunner(ctx context.Context, deps Deps) *runner {
	if deps.Timeout == 0 {
		deps.Timeout = 30 * time.Second
	}
	r := &runner{deps: deps, ctx: ctx, ready: make(chan struct{})}
	if deps.Ready == nil {
		r.webhooks, r.refusals = deps.Webhooks, deps.Refusals
		close(r.ready)
	}
	return r
}

// cmds turns effects into one batched command.
func (r *runner) cmds(effs []flow.Effect) tea.Cmd {
	var cmds []tea.Cmd
	for _, e := range effs {
		cmds = append(cmds, r.cmd(e))
	}
	return tea.Batch(cmds...)
}

// cmd turns one effect into the command that carries it out. Each concern
// has its file: codat.go, watch.go, clipboard.go, browser.go, send.go and
// pendingstore.go.
func (r *runner) cmd(eff flow.Effect) tea.Cmd {
	switch e := eff.(type) {
	case flow.SearchAfter:
		return searchAfter(e)
	case flow.SearchCompanies:
		return r.searchCompanies(e)
	case flow.CreateCompany:
		return r.createCompany(e)
	case flow.LoadPlatforms:
		return r.loadPlatforms(e)
	case flow.PrefetchPlatforms:
		return r.prefetchPlatforms(e)
	case flow.PrefetchHostedLink:
		return r.prefetchHostedLink(e)
	case flow.PrepareConnection:
		return r.prepareConnection(e)
	case flow.FetchHostedLink:
		return r.fetchHostedLink(e)
	case flow.Unlink:
		return r.unlink(e)
	case flow.RefreshPending:
		return r.refreshPending(e)
	case flow.CopyFreshLink:
		return r.copyFreshLink(e)
	case flow.Copy:
		return r.copyLink(e.Text, copyWords{What: assets.Screen("copy.link", nil)})
	case flow.OpenURL:
		return r.open(e.URL)
	case flow.SendInvite:
		return r.send(e)
	case flow.StartWatch:
		return r.startWatch(e)
	case flow.StopWatch:
		return r.stopWatchCmd()
	case flow.Bell:
		return tea.Raw("\a")
	case flow.LoadPending:
		return r.loadPending()
	case flow.FetchReader:
		return r.fetchReader()
	case flow.Remember:
		return r.remember(e)
	case flow.Forget:
		return r.forget(e)
	}
	return nil
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
