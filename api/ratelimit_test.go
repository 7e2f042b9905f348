package api

import (
	"net/http"
	"testing"
	"time"
)

func TestReadRateLimit(t *testing.T) {
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	reset := now.Add(42 * time.Second)
	for _, tc := range []struct {
		name   string
		header map[string]string
		status int
		want   RateLimit
	}{
		{"no headers", nil, 200, RateLimit{}},
		{"quota with an ISO reset", map[string]string{
			"X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "17", "X-Rate-Limit-Reset": reset.Format(time.RFC3339),
		}, 200, RateLimit{Known: true, Limit: 600, Remaining: 17, Reset: reset}},
		{"quota with a reset in seconds", map[string]string{
			"X-Rate-Limit-Limit": "10", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "42",
		}, 200, RateLimit{Known: true, Limit: 10, Remaining: 0, Reset: reset}},
		{"refused with Retry-After", map[string]string{
			"X-Rate-Limit-Limit": "10", "X-Rate-Limit-Remaining": "0", "Retry-After": "42",
		}, 429, RateLimit{Known: true, Limit: 10, Refused: true, RetryAt: reset}},
		{"refused, the reset says when", map[string]string{"X-Rate-Limit-Reset": reset.Format(http.TimeFormat)},
			429, RateLimit{Refused: true, RetryAt: reset}},
		{"a garbled count is no quota", map[string]string{"X-Rate-Limit-Limit": "many", "X-Rate-Limit-Remaining": "3"},
			200, RateLimit{}},
		{"a negative count is no quota", map[string]string{"X-Rate-Limit-Limit": "10", "X-Rate-Limit-Remaining": "-1"},
			200, RateLimit{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.header {
				h.Set(k, v)
			}
			got := ReadRateLimit(h, tc.status, now)
			if got.Known != tc.want.Known || got.Limit != tc.want.Limit || got.Remaining != tc.want.Remaining ||
				!got.Reset.Equal(tc.want.Reset) || got.Refused != tc.want.Refused || !got.RetryAt.Equal(tc.want.RetryAt) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
