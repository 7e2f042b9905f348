package explain

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
)

// codatWords is what the codat.* blocks show of an *api.Error.
type codatWords struct {
	Op            string
	Status        int
	Said          string   // Codat's message, ending in a full stop
	Validation    []string // each ending in a full stop
	CorrelationID string
	Cause         string // why no (readable) answer arrived
	Retry         *retryWords
}

// retryWords say when a call may be tried again.
type retryWords struct {
	Now  bool      // the time has come
	At   time.Time // in UTC
	Long bool      // more than 20 hours away: the day is named too
	In   string    // the wait, e.g. 4m10s
}

// codat words a failed call to Codat.
func codat(e *api.Error, now time.Time) string {
	w := codatWords{Op: string(e.Op), Status: e.Status, Said: sentence(e.Message), CorrelationID: e.CorrelationID}
	for _, v := range e.Validation {
		if v = sentence(v); v != "" {
			w.Validation = append(w.Validation, v)
		}
	}
	if !e.RetryAt.IsZero() {
		w.Retry = retry(e.RetryAt, now)
	}
	var block string
	switch s := e.Status; {
	case s == http.StatusUnauthorized:
		block = "codat.unauthorized"
	case s == http.StatusForbidden:
		block = "codat.forbidden"
	case s == http.StatusPaymentRequired:
		block = "codat.payment"
	case s == http.StatusNotFound:
		block = "codat.notfound"
	case s == http.StatusTooManyRequests:
		block = "codat.ratelimited"
	case s >= 500:
		block = "codat.servererror"
	case s >= 200 && s < 300:
		block, w.Cause = "codat.unreadable", cause(e.Err, now)
	case s >= 400:
		block = "codat.rejected"
	case s != 0:
		block = "codat.unexpected"
	case errors.Is(e.Err, context.Canceled):
		block = "codat.cancelled"
	case isTimeout(e.Err):
		block = "codat.timeout"
	default:
		block, w.Cause = "codat.noanswer", cause(e.Err, now)
	}
	return assets.Text(block, w)
}

// sentence trims s and ends it with a full stop, so words from Codat sit
// between sentences of ours.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func retry(at, now time.Time) *retryWords {
	in := at.Sub(now)
	if in < time.Second {
		return &retryWords{Now: true}
	}
	return &retryWords{At: at.UTC(), Long: in > 20*time.Hour, In: roughDuration(in)}
}

// roughDuration writes d as people read a countdown: 3h05m, 4m10s, 45s.
func roughDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

// cause says briefly why no answer, or no readable one, arrived.
func cause(err error, now time.Time) string {
	if err == nil {
		return ""
	}
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns):
		return assets.Text("cause.dns", nil)
	case errors.As(err, &op) && op.Op == "dial":
		return assets.Text("cause.refused", nil)
	}
	s := Explain(err, now)
	// url.Error quotes the request URL; the person needs only the reason.
	if i := strings.LastIndex(s, "\": "); i >= 0 {
		s = s[i+3:]
	}
	return api.Sanitize(s)
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
