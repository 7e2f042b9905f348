package ui

import (
	"fmt"
	"time"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// Words for things Codat and the clock give as values: a connection's
// status, how long ago something happened.

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
