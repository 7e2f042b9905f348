package bulk

import (
	"math"
	"time"
)

// ETA is how long the rows left should take, and false before any row has
// gone through Codat or once all are done. The rows go at the pace the
// rows so far went
// while requests were not held; and when the pacer knows the quota, no
// sooner than it lets their requests go: those beyond what the period has
// left wait for its reset, and for as many periods more as they need.
func ETA(p Progress, s PaceStats, now time.Time) (time.Duration, bool) {
	worked := p.Worked() // refused rows finish at once, and would speed the pace up
	if worked <= 0 || p.Done >= p.Total {
		return 0, false
	}
	left := p.Total - p.Done
	working := max(p.Elapsed-s.Waited, 0)
	eta := time.Duration(float64(working) / float64(worked) * float64(left))
	if s.Waiting && s.Until.After(now) {
		eta = max(eta, s.Until.Sub(now))
	}
	if !s.Quota || s.Sent == 0 || s.Limit <= 0 {
		return eta, true
	}
	perRequest := time.Duration(float64(working) / float64(s.Sent))
	need := int(math.Ceil(float64(s.Sent) / float64(worked) * float64(left)))
	remaining, reset := s.Remaining, s.Reset
	if !now.Before(reset) {
		// The period the answers spoke of is over: a new one has begun.
		if s.Period <= 0 {
			return eta, true
		}
		remaining = s.Limit
		for !now.Before(reset) {
			reset = reset.Add(s.Period)
		}
	}
	if need <= remaining {
		return eta, true
	}
	over := need - remaining
	wait := reset.Sub(now) + resetMargin
	if s.Period > 0 {
		periods := (over - 1) / s.Limit
		wait += time.Duration(periods) * s.Period
		over -= periods * s.Limit
	}
	return max(eta, wait+time.Duration(over)*perRequest), true
}
