package flow

import (
	"strings"
	"time"
)

// Target says which of a company's connections a step is about: those of
// one platform, or, when the platform is not known yet (the recipient of a
// Hosted Link picks it), any of one category.
type Target struct {
	Platform Platform
	Category Category
}

// TargetFor is the target of a platform key, completed from the catalogue
// when the platform is in it, so that connections without an
// integrationKey are recognised by their integrationId or sourceId.
func TargetFor(platformKey string, cat Category, catalogue []Platform) Target {
	t := Target{Platform: Platform{Key: platformKey}, Category: cat}
	for _, p := range catalogue {
		if platformKey != "" && strings.EqualFold(p.Key, platformKey) {
			t.Platform = p
			t.Category = cmpCategory(p.Category, cat)
			break
		}
	}
	return t
}

func cmpCategory(a, b Category) Category {
	if a != "" {
		return a
	}
	return b
}

// Matches reports whether c is a connection of the target.
func (t Target) Matches(c Connection) bool {
	p := t.Platform
	if p.Key == "" && p.IntegrationID == "" && p.SourceID == "" {
		return t.Category == "" || c.Category == t.Category
	}
	switch {
	case c.PlatformKey != "" && p.Key != "":
		return strings.EqualFold(c.PlatformKey, p.Key)
	case c.IntegrationID != "" && p.IntegrationID != "":
		return strings.EqualFold(c.IntegrationID, p.IntegrationID)
	case c.SourceID != "" && p.SourceID != "":
		return strings.EqualFold(c.SourceID, p.SourceID)
	}
	return false
}

// ChooseConnection is the one answer to "which connection of this
// platform?": among the target's connections, a linked one (the link is
// done), else the newest waiting for sign-in (reuse it rather than make
// another), else the newest of any state (unlinked or deauthorized: the one
// to reconnect). found is false when the company has none for the target.
func ChooseConnection(conns []Connection, t Target) (chosen Connection, found bool) {
	rank := func(c Connection) int {
		switch c.Status {
		case StatusLinked:
			return 2
		case StatusPendingAuth:
			return 1
		}
		return 0
	}
	for _, c := range conns {
		if !t.Matches(c) {
			continue
		}
		if !found || rank(c) > rank(chosen) || rank(c) == rank(chosen) && newer(c.Created, chosen.Created) {
			chosen, found = c, true
		}
	}
	return chosen, found
}

func newer(a, b time.Time) bool { return a.After(b) }

// Verdict is what Codat's answer means for something handed on earlier.
type Verdict struct {
	// Status is the chosen connection's status, or PendingAuth while the
	// recipient has not picked a platform yet.
	Status string
	// Connection is the connection the item follows; empty before one exists.
	Connection Connection
	// Linked: the onboarding is done. Ended: it can no longer complete as
	// it is (unlinked or deauthorized) and needs a fresh start.
	Linked, Ended bool
}

// PendingVerdict judges a pending item from its company's connections: only
// a connection of the item's platform, or of its category when the
// recipient was to pick the platform, counts. A banking connection linking
// says nothing of an accounting invite.
func PendingVerdict(it PendingItem, conns []Connection, catalogue []Platform) Verdict {
	t := TargetFor(it.PlatformKey, it.Category, catalogue)
	if it.ConnectionID != "" {
		for _, c := range conns {
			if c.ID == it.ConnectionID {
				return verdictOf(c)
			}
		}
	}
	c, ok := ChooseConnection(conns, t)
	if !ok {
		return Verdict{Status: StatusPendingAuth}
	}
	return verdictOf(c)
}

func verdictOf(c Connection) Verdict {
	v := Verdict{Status: c.Status, Connection: c}
	switch c.Status {
	case StatusLinked:
		v.Linked = true
	case StatusUnlinked, StatusDeauthorized:
		v.Ended = true
	}
	return v
}
