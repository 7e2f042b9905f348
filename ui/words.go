package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onboardcli/onboard/assets"
	explainer "github.com/onboardcli/onboard/explain"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// Words for what the journey and Codat give as values: the messages flow
// names, categories, a connection's status, errors, how long ago something
// happened. They are found when the screen is drawn.

// message renders a message the journey names: a block of screens.tmpl with
// its data. A category in the data is said by its title.
func message(key string, data any) string {
	if c, ok := data.(flow.Category); ok {
		data = categoryTitle(c)
	}
	return assets.Screen(key, data)
}

// categoryTitle is a category's name on screen ("Accounting"), from its
// category.NAME.title block.
func categoryTitle(c flow.Category) string {
	if !c.Known() {
		return string(c) // one a store file names that onboard does not offer
	}
	return assets.Screen("category."+string(c)+".title", nil)
}

// platformWords names the platform waited on: the one picked, else the one
// the recipient linked, else, before they have picked one in Hosted Link,
// the category's ("the accounting platform they choose").
func platformWords(st flow.State) string {
	if st.Platform.Name != "" {
		return st.Platform.Name
	}
	if conn, ok := st.Company.LinkedIn(st.Category); ok && conn.PlatformName != "" {
		return conn.PlatformName
	}
	return assets.Screen("platform.theirpick", strings.ToLower(categoryTitle(st.Category)))
}

// problemText says what went wrong, and while doing what.
func problemText(p *flow.Problem) string {
	return assets.Screen("app.problem", assets.Vars{"Doing": message(p.Doing, nil), "Message": explain(p.Err)})
}

// explain turns an error into what a person reads, as package explain
// words it; a retry hint counts from now.
func explain(err error) string {
	var bad steps.ErrBadLink
	switch {
	case err == nil:
		return ""
	case errors.As(err, &bad):
		return assets.Screen("error.badlink", explain(bad.Err))
	}
	return explainer.Explain(err, time.Now())
}

// recapLine says where a category ended up, for the recap and the summary.
func recapLine(r flow.RecapItem) string {
	line := assets.Vars{"Category": categoryTitle(r.Category), "Platform": r.Platform, "WaitingOn": r.WaitingOn}
	switch r.Outcome {
	case flow.OutcomeLinked:
		return assets.Screen("done.linked", line)
	case flow.OutcomeWaiting:
		if r.WaitingOn == "" {
			line["WaitingOn"] = assets.Screen("done.whoever", nil)
			if r.Path == flow.PathAuthorize {
				line["WaitingOn"] = assets.Screen("done.you", nil)
			}
		}
		return assets.Screen("done.waiting", line)
	}
	return assets.Screen("done.skipped", line)
}

// statusWords says a connection status in plain words.
func statusWords(status string) string {
	switch status {
	case flow.StatusPendingAuth:
		return assets.Screen("status.pending", nil)
	case flow.StatusLinked:
		return assets.Screen("status.linked", nil)
	case flow.StatusUnlinked:
		return assets.Screen("status.unlinked", nil)
	case flow.StatusDeauthorized:
		return assets.Screen("status.deauthorized", nil)
	}
	return status // one Codat may add later: its own word beats none
}

// ago says how long ago t was, in words.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return assets.Screen("ago.earlier", nil)
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return assets.Screen("ago.now", nil)
	case d < time.Hour:
		return assets.Screen("ago.minutes", int(d.Minutes()))
	case d < 24*time.Hour:
		return assets.Screen("ago.hours", int(d.Hours()))
	}
	return assets.Screen("ago.days", int(d.Hours()/24))
}

func clockText(d time.Duration) string {
	m := int(d.Minutes())
	sec := int(d.Seconds()) % 60
	return fmt.Sprintf("%d:%02d", m, sec)
}
