package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/share"
)

// Opening a link in the browser, where there is one to open.

func (r *runner) open(url string) tea.Cmd {
	env, opener := r.deps.Env, r.deps.Browser
	return func() tea.Msg {
		if err := share.Open(url, env, opener); err != nil {
			return eventMsg{flow.Reported{Key: "authorize.noopen", Data: explain(err), Bad: true}}
		}
		return eventMsg{flow.Reported{Key: "authorize.opened"}}
	}
}
