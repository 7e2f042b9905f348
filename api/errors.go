package api

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Error is a failed call to Codat: either Codat answered with an error
// status, or the answer never arrived or could not be read.
type Error struct {
	Op            string    // what was being done, e.g. "create company"
	Status        int       // HTTP status; 0 when no answer arrived
	Message       string    // Codat's own explanation, when it gave one
	Service       string    // the Codat service that answered, e.g. "ClientsApi"
	CorrelationID string    // quote this to Codat support
	Validation    []string  // validation messages from Codat
	RetryAt       time.Time // when a rate-limited or unavailable call may be tried again; zero if unknown
	Err           error     // the underlying transport, context or decoding error, if any
}

// Error explains what went wrong in a sentence a person can act on. It never
// contains the API key.
func (e *Error) Error() string {
	var b strings.Builder
	op := e.Op
	if op == "" {
		op = "reach Codat"
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		b.WriteString("Codat rejected the API key (401). Check CODAT_API_KEY or CODAT_AUTH_HEADER.")
	case e.Status == http.StatusForbidden:
		fmt.Fprintf(&b, "Could not %s: this API key is not allowed to do that (403).", op)
	case e.Status == http.StatusPaymentRequired:
		fmt.Fprintf(&b, "Could not %s: Codat requires payment on this account (402); a free trial may have ended.", op)
	case e.Status == http.StatusNotFound:
		fmt.Fprintf(&b, "Could not %s: Codat has no such record (404); it may have been deleted.", op)
	case e.Status == http.StatusTooManyRequests:
		fmt.Fprintf(&b, "Could not %s: Codat's rate limit was reached (429).", op)
		b.WriteString(retryHint(e.RetryAt, " Try again later."))
	case e.Status >= 500:
		fmt.Fprintf(&b, "Could not %s: Codat had a problem on its side (%d).", op, e.Status)
		b.WriteString(retryHint(e.RetryAt, " Try again in a minute."))
	case e.Status >= 200 && e.Status < 300:
		fmt.Fprintf(&b, "Could not %s: Codat's answer could not be read", op)
		writeCause(&b, e.Err)
		b.WriteString(".")
	case e.Status >= 400:
		fmt.Fprintf(&b, "Could not %s: Codat rejected the request (%d).", op, e.Status)
	case e.Status != 0:
		fmt.Fprintf(&b, "Could not %s: Codat answered with an unexpected status (%d).", op, e.Status)
	case errors.Is(e.Err, context.Canceled):
		fmt.Fprintf(&b, "Stopped before Codat answered: %s was cancelled.", op)
	case isTimeout(e.Err):
		fmt.Fprintf(&b, "Could not %s: Codat did not answer in time. Check your network and try again.", op)
	default:
		fmt.Fprintf(&b, "Could not %s: no answer from Codat", op)
		writeCause(&b, e.Err)
		b.WriteString(". Check your network and CODAT_BASE_URL.")
	}
	if e.Message != "" && e.Status != http.StatusUnauthorized {
		fmt.Fprintf(&b, " Codat said: %s", strings.TrimSpace(e.Message))
		if !strings.HasSuffix(b.String(), ".") {
			b.WriteString(".")
		}
	}
	for _, v := range e.Validation {
		fmt.Fprintf(&b, " %s", strings.TrimSpace(v))
		if !strings.HasSuffix(b.String(), ".") {
			b.WriteString(".")
		}
	}
	if e.CorrelationID != "" && e.Status >= 500 {
		fmt.Fprintf(&b, " (Codat correlation id %s.)", e.CorrelationID)
	}
	return b.String()
}

// Unwrap returns the underlying transport, context or decoding error.
func (e *Error) Unwrap() error { return e.Err }

func retryHint(at time.Time, otherwise string) string {
	if at.IsZero() {
		return otherwise
	}
	in := time.Until(at)
	if in < time.Second {
		return " Try again now."
	}
	layout := "15:04:05 UTC"
	if in > 20*time.Hour {
		layout = "Mon 2 Jan 15:04 UTC"
	}
	return fmt.Sprintf(" Try again after %s (in %s).", at.UTC().Format(layout), roughDuration(in))
}

// roughDuration writes d the way a person says it: 3h05m, 4m10s, 45s.
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

func writeCause(b *strings.Builder, err error) {
	if err == nil {
		return
	}
	var cause string
	var op *net.OpError
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		cause = "the host name could not be found"
	case errors.As(err, &op) && op.Op == "dial":
		cause = "the connection was refused"
	case errors.Is(err, errBodyTooLarge):
		cause = "it was too large"
	default:
		cause = err.Error()
		// url.Error quotes the request URL; the person needs only the reason.
		if i := strings.LastIndex(cause, "\": "); i >= 0 {
			cause = cause[i+3:]
		}
	}
	fmt.Fprintf(b, " (%s)", Sanitize(cause))
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// IsNotFound reports whether err is Codat saying the record does not exist.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether Codat refused the credentials (401) or the
// operation for these credentials (403).
func IsUnauthorized(err error) bool {
	return hasStatus(err, http.StatusUnauthorized) || hasStatus(err, http.StatusForbidden)
}

// RateLimited reports whether err is Codat's rate limit, and when the call may
// be tried again (zero if Codat did not say).
func RateLimited(err error) (until time.Time, ok bool) {
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusTooManyRequests {
		return e.RetryAt, true
	}
	return time.Time{}, false
}

func hasStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == status
}

// errorBody is Codat's ErrorMessage schema. The HTTP status is trusted over
// statusCode, which examples show disagreeing with it.
type errorBody struct {
	StatusCode    looseString `json:"statusCode"`
	Service       string      `json:"service"`
	Error         string      `json:"error"`
	CorrelationID string      `json:"correlationId"`
	CanBeRetried  looseString `json:"canBeRetried"`
	Validation    *struct {
		Errors   []validationItem `json:"errors"`
		Warnings []validationItem `json:"warnings"`
	} `json:"validation"`
}

type validationItem struct {
	ItemID  string `json:"itemId"`
	Message string `json:"message"`
}

// responseError builds the *Error for a non-2xx answer, reading what it can
// from Codat's error body and keeping the secret out of every field.
func (c *Client) responseError(op string, status int, body []byte) *Error {
	e := &Error{Op: op, Status: status}
	var eb errorBody
	if unmarshalClean(body, &eb) == nil {
		e.Message = c.redact(eb.Error)
		e.Service = c.redact(eb.Service)
		e.CorrelationID = c.redact(eb.CorrelationID)
		if eb.Validation != nil {
			for _, it := range eb.Validation.Errors {
				if it.Message != "" {
					e.Validation = append(e.Validation, c.redact(it.Message))
				}
			}
		}
	}
	return e
}

// redact removes the API key and the header built from it from text that
// came from elsewhere; a misbehaving server could echo them back.
func (c *Client) redact(s string) string {
	for _, secret := range c.secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
