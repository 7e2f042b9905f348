package flow

import (
	"cmp"
	"slices"
	"strings"
)

// FindPlatform finds the platform a person means by a key ("gbol") or a
// name ("Xero"), ignoring case: a key match first, then a name match.
func FindPlatform(catalogue []Platform, arg string) (Platform, bool) {
	arg = strings.TrimSpace(arg)
	for _, match := range []func(Platform) bool{
		func(p Platform) bool { return strings.EqualFold(p.Key, arg) },
		func(p Platform) bool { return strings.EqualFold(p.Name, arg) },
	} {
		if i := slices.IndexFunc(catalogue, match); i >= 0 {
			return catalogue[i], true
		}
	}
	return Platform{}, false
}

// ClosePlatforms ranks the platforms whose key or name is near arg: a
// name containing it, or a key or name a few edits away. Enabled ones come
// first.
func ClosePlatforms(all []Platform, arg string, limit int) []Platform {
	q := strings.ToLower(strings.TrimSpace(arg))
	if q == "" {
		return nil
	}
	type scored struct {
		in    Platform
		score int
	}
	var found []scored
	for _, in := range all {
		key, name := strings.ToLower(in.Key), strings.ToLower(in.Name)
		score := -1
		switch {
		case len(q) >= 3 && (strings.Contains(name, q) || strings.Contains(q, key)):
			score = 0
		case editDistance(q, key) <= 2:
			score = 1 + editDistance(q, key)
		case editDistance(q, name) <= max(2, len(q)/3):
			score = 1 + editDistance(q, name)
		default:
			for _, word := range strings.Fields(name) {
				if len(q) >= 3 && editDistance(q, word) <= max(1, len(q)/4) {
					score = 2 + editDistance(q, word)
					break
				}
			}
		}
		if score >= 0 {
			if in.Disabled {
				score += 10
			}
			found = append(found, scored{in, score})
		}
	}
	slices.SortStableFunc(found, func(x, y scored) int {
		return cmp.Or(cmp.Compare(x.score, y.score), cmp.Compare(x.in.Name, y.in.Name))
	})
	out := make([]Platform, 0, min(limit, len(found)))
	for _, s := range found[:min(limit, len(found))] {
		out = append(out, s.in)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// The platform step: choose the platform of the category.

func platform(s State, ev Event) (State, []Effect) {
	switch e := ev.(type) {
	case PlatformsLoaded:
		if e.Category != s.Category {
			return s, nil
		}
		s.Busy = nil
		s.Platforms = e.Platforms
		return replayHeld(s, nil)
	case PlatformChosen:
		key := e.Key
		if key == "" {
			if len(s.Platforms) == 0 && s.Busy != nil {
				return s.hold(e) // the list is loading: the pick is kept
			}
			visible := FilterPlatforms(s.Platforms, e.Filter)
			if len(visible) == 0 {
				return s, nil
			}
			key = visible[max(0, min(e.Index, len(visible)-1))].Key
		}
		for _, p := range s.Platforms {
			if p.Key == key {
				s.Platform = p
				s.Step = StepSignIn
				s.Notice = nil
				return s, s.prefetchLink()
			}
		}
	}
	return s, nil
}
