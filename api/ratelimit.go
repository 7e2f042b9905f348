package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is what one answer from Codat says about the caller's quota: its
// X-Rate-Limit-Limit, -Remaining and -Reset headers, and, on a 429, when to
// call again. Known is false when the answer carried no quota headers (an
// unlimited key, or a proxy that drops them).
type RateLimit struct {
	Known     bool
	Limit     int       // requests allowed in the current period
	Remaining int       // requests left in it
	Reset     time.Time // when the period ends and the quota is whole again; zero when not said
	// Refused is true for a 429; RetryAt is when Retry-After (or, without
	// it, X-Rate-Limit-Reset) says to call again, zero when not said.
	Refused bool
	RetryAt time.Time
}

// ReadRateLimit reads the quota headers of an answer with status, received
// at now. Callers that pace many requests (a bulk run) use it to stay under
// the limit instead of running into it.
func ReadRateLimit(h http.Header, status int, now time.Time) RateLimit {
	var rl RateLimit
	limit, okLimit := headerInt(h, "X-Rate-Limit-Limit")
	remaining, okRemaining := headerInt(h, "X-Rate-Limit-Remaining")
	if okLimit && okRemaining {
		rl.Known, rl.Limit, rl.Remaining = true, limit, remaining
		if v := strings.TrimSpace(h.Get("X-Rate-Limit-Reset")); v != "" {
			rl.Reset, _ = parseRateLimitReset(v, now)
		}
	}
	if status == http.StatusTooManyRequests {
		rl.Refused = true
		rl.RetryAt, _ = retryAfter(h, status, now)
	}
	return rl
}

// headerInt reads a header holding a count that is not negative.
func headerInt(h http.Header, name string) (int, bool) {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
