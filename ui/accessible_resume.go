package ui

import (
	"math"
	"time"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// The resume step of accessible mode, as the resume screen offers it: what
// earlier sessions handed on, read out, to pick up again with a fresh link,
// check with Codat, or forget; or a new onboarding. A fresh link copied
// from here would not be read out, and a copy that may not arrive points at
// the link on the screen: picking up reads the link out, and offers the
// copy there.

func (a *accessible) resume() error {
	items := a.st.Pending
	if !a.resumeSaid {
		a.say("%s\n%s", assets.Screen("resume.title", nil), assets.Screen("resume.intro", nil))
		a.resumeSaid = true
	}
	a.say("")
	now := time.Now()
	for i, it := range items {
		words, _ := pendingStatusWords(it, now, "accessible.unchecked")
		a.say("%s", assets.Screen("accessible.pendingitem", assets.Vars{"Number": i + 1, "Item": plainPendingLine(it, now), "Status": words}))
	}
	a.say("")
	n := len(items)
	choice, err := a.choose(assets.Screen("accessible.resumewhat", nil), []string{
		assets.Screen("accessible.pickup", n),
		assets.Screen("accessible.checknow", n),
		assets.Screen("accessible.forget", n),
		assets.Screen("accessible.startnew", nil),
	})
	if err != nil {
		return err
	}
	switch choice {
	case 0:
		return a.onPending(func(it flow.PendingItem) error {
			a.apply(flow.ResumePending{ID: it.ID})
			return nil
		})
	case 1:
		a.apply(flow.CheckPending{})
	case 2:
		return a.onPending(a.forgetPending)
	default:
		a.apply(flow.StartNew{})
	}
	return nil
}

// onPending does something with one pending item: the only one, or the one
// the person names; going back does nothing, and the list is read again.
func (a *accessible) onPending(do func(flow.PendingItem) error) error {
	items := a.st.Pending
	if len(items) == 1 {
		return do(items[0])
	}
	now := time.Now()
	options := make([]string, 0, len(items)+1)
	for _, it := range items {
		options = append(options, plainPendingLine(it, now))
	}
	options = append(options, assets.Screen("accessible.back", nil))
	i, err := a.choose(assets.Screen("accessible.whichone", nil), options)
	if err != nil || i == len(items) {
		return err
	}
	return do(items[i])
}

// forgetPending asks before an item is forgotten, as the screen does.
func (a *accessible) forgetPending(it flow.PendingItem) error {
	yes, err := a.confirm(assets.Screen("accessible.forgetconfirm", plainPendingLine(it, time.Now())))
	if err == nil && yes {
		a.apply(flow.ForgetPending{ID: it.ID})
	}
	return err
}

// plainPendingLine is an item as the screen names it, on one line: a
// line-by-line prompt has no width to fit.
func plainPendingLine(it flow.PendingItem, now time.Time) string {
	return pendingLine(it, now, math.MaxInt)
}
