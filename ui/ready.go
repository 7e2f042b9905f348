package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/webhook"
)

// The checks that run while the first screen shows: the key, and the
// webhook set-up. The person types meanwhile; a key refused ends the
// journey as soon as that is known, and a wait started before the webhooks
// are known waits for them before choosing how to listen.

// Ready is what the shell learned while the first screen showed.
type Ready struct {
	// Err is why the journey cannot go on (the key was refused, Codat
	// could not be reached): it ends, and the shell reports Err.
	Err error
	// Webhooks delivers verified webhook events; nil means poll.
	Webhooks <-chan webhook.Event
	// Refusals is raised when a delivery fails its signature check: the
	// wait screen says so at once.
	Refusals *webhook.Refusals
	// LinkHost and SandboxLinks are what the key check's answer showed:
	// the host invites name for links, and whether the API is a sandbox
	// (whose links are plain http on its own host). LinkHost "" keeps
	// Deps.LinkHost and Deps.SandboxLinks.
	LinkHost     string
	SandboxLinks bool
}

// readyMsg brings the checks' outcome into Update.
type readyMsg Ready

// awaitReady reads the checks' outcome, once, off the event loop.
func (r *runner) awaitReady() tea.Cmd {
	ch := r.deps.Ready
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case rd := <-ch:
			r.setReady(rd)
			return readyMsg(rd)
		case <-r.ctx.Done():
			return nil
		}
	}
}

func (r *runner) setReady(rd Ready) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rd.Err == nil {
		r.webhooks, r.refusals = rd.Webhooks, rd.Refusals
		if rd.LinkHost != "" {
			r.linkHost, r.sandboxLinks = rd.LinkHost, rd.SandboxLinks
		}
	}
	close(r.ready)
}

// links is the host invites name for links and whether they are a
// sandbox's, as the key check found them, else as Deps says.
func (r *runner) links() (host string, sandbox bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.linkHost != "" {
		return r.linkHost, r.sandboxLinks
	}
	return r.deps.LinkHost, r.deps.SandboxLinks
}

// hooks is the webhook events, waiting until the set-up is known (or the
// session ends, when it is nil).
func (r *runner) hooks() (<-chan webhook.Event, *webhook.Refusals) {
	select {
	case <-r.ready:
	case <-r.ctx.Done():
		return nil, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.webhooks, r.refusals
}

// listening reports whether webhooks are known to be set up, without
// waiting: for what the wait screen says.
func (r *runner) listening() bool {
	select {
	case <-r.ready:
	default:
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.webhooks != nil
}

// ready takes the checks' outcome: a failure ends the journey, with the
// error kept for the shell.
func (m Model) readied(rd readyMsg) (tea.Model, tea.Cmd) {
	if rd.Err == nil {
		return m, nil
	}
	m.setupErr = rd.Err
	m.run.stopWatch()
	return m, tea.Quit
}

// SetupErr is why the journey ended before it could go on (the key was
// refused), or nil.
func (m Model) SetupErr() error { return m.setupErr }
