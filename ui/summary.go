package ui

import (
	"strings"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// What stays in the terminal once the screen closes.

// Summary is what stays in the terminal after the screen closes: the
// company, each category's outcome, and the link still to be used, raw on a
// line of its own so it can be selected (not the demo's, which ends with
// it). Empty when nothing was started.
func Summary(st flow.State) string {
	if st.Company.ID == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(st.Company.Name + "\n")
	for _, r := range flow.RecapFor(st) {
		if r.Outcome != flow.OutcomeSkipped {
			b.WriteString("  " + recapLine(r) + "\n")
		}
	}
	link, label := st.HostedLink, assets.Screen("summary.hostedlink", nil)
	if st.Step == flow.StepAuthorize {
		link, label = st.Connection.LinkURL, assets.Screen("summary.authorizelink", st.Platform.Name)
	}
	switch {
	case link == "" || st.Watch.Status == flow.StatusLinked:
	case st.Demo:
		// The demo's sandbox, which serves the link, stops as this is printed.
		b.WriteString(assets.Screen("summary.demolink", nil) + "\n")
	default:
		b.WriteString(label + "\n" + link + "\n")
	}
	return b.String()
}
