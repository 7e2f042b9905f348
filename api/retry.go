package api

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff between attempts: full jitter over an exponential ceiling, so many
// clients retrying at once spread out instead of arriving together.
const (
	backoffBase = 300 * time.Millisecond
	backoffCap  = 10 * time.Second
)

// retryableStatus reports whether an answer with this status is worth asking
// again by sending the same request. A POST never is: even a 429 may come
// after Codat acted (a gateway limits the answer, not the work), so the
// caller looks for what the POST may have made before sending it again (see
// createLookingFirst).
func retryableStatus(status int, method string) bool {
	switch status {
	case http.StatusTooManyRequests:
		return method != http.MethodPost
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotentMethod(method)
	case http.StatusInternalServerError:
		return idempotentMethod(method)
	}
	return false
}

// idempotentMethod reports whether sending the request twice has the same
// effect as sending it once.
func idempotentMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// backoff returns the wait before attempt number attempt+1 (attempt counts
// from 1).
func (c *Client) backoff(attempt int) time.Duration {
	ceiling := backoffBase << min(attempt-1, 16)
	if ceiling > backoffCap || ceiling <= 0 {
		ceiling = backoffCap
	}
	return c.jitter(ceiling)
}

// fullJitter returns a uniformly random duration in [0, ceiling].
func fullJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// retryAfter reads when the server asked to be called again: Retry-After as
// delta-seconds or an HTTP date, and on a 429 without it, X-Rate-Limit-Reset
// (the moment the quota resets). ok is false when the answer does not say.
func retryAfter(h http.Header, status int, now time.Time) (at time.Time, ok bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if at, ok := parseRetryAfter(v, now); ok {
			return at, true
		}
	}
	if status != http.StatusTooManyRequests {
		return time.Time{}, false
	}
	if v := strings.TrimSpace(h.Get("X-Rate-Limit-Reset")); v != "" {
		return parseRateLimitReset(v, now)
	}
	return time.Time{}, false
}

// parseRetryAfter parses an RFC 9110 Retry-After value.
func parseRetryAfter(v string, now time.Time) (time.Time, bool) {
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return time.Time{}, false
		}
		return now.Add(time.Duration(min(secs, maxRetryAfterSeconds)) * time.Second), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return at, true
	}
	return time.Time{}, false
}

// maxRetryAfterSeconds keeps an absurd Retry-After from overflowing a
// Duration; a week is far beyond any wait worth representing.
const maxRetryAfterSeconds = 7 * 24 * 3600

// parseRateLimitReset reads X-Rate-Limit-Reset, documented only as "the date
// the quota resets": an HTTP or ISO date, or a number of seconds (Unix time
// when large, else a delay).
func parseRateLimitReset(v string, now time.Time) (time.Time, bool) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n > 1_000_000_000 {
			return time.Unix(n, 0), true
		}
		return parseRetryAfter(v, now)
	}
	if at, err := http.ParseTime(v); err == nil {
		return at, true
	}
	if at := parseTime(v); !at.IsZero() {
		return at, true
	}
	return time.Time{}, false
}
