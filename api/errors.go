package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Op names what a failed call was doing: Codat's operationId for a single
// call, or one of onboard's own for a step made of several calls. It is an
// identifier for logs and for package explain, never words for a person.
type Op string

// Codat's operationIds, as in its OpenAPI contract.
const (
	OpListCompanies         Op = "list-companies"
	OpCreateCompany         Op = "create-company"
	OpGetCompany            Op = "get-company"
	OpUpdateCompany         Op = "update-company"
	OpDeleteCompany         Op = "delete-company"
	OpListConnections       Op = "list-connections"
	OpGetConnection         Op = "get-connection"
	OpCreateConnection      Op = "create-connection"
	OpUnlinkConnection      Op = "unlink-connection"
	OpDeleteConnection      Op = "delete-connection"
	OpListIntegrations      Op = "list-integrations"
	OpGetIntegration        Op = "get-integration"
	OpGetBranding           Op = "get-integrations-branding"
	OpGetDataStatus         Op = "get-company-data-status"
	OpListWebhookConsumers  Op = "list-webhook-consumers"
	OpCreateWebhookConsumer Op = "create-webhook-consumer"
	OpDeleteWebhookConsumer Op = "delete-webhook-consumer"
	OpGetProfile            Op = "get-profile"
	OpGetSyncSettings       Op = "get-profile-syncSettings"
)

// onboard's own steps, each made of the Codat calls named beside it.
const (
	OpSearchCompanies     Op = "search-companies"       // list-companies with a name query
	OpFindCompany         Op = "find-company"           // list-companies by tag, then by name
	OpFindOrCreateCompany Op = "find-or-create-company" // find-company, then create-company
	OpHostedLink          Op = "get-hosted-link"        // get-company, then its redirect checked
	OpWatchConnection     Op = "watch-connection"       // get-connection, list-connections, get-company-data-status
)

// Error is a failed call to Codat: either Codat answered with an error
// status, or the answer never arrived or could not be read.
type Error struct {
	Op            Op        // what was being done
	Status        int       // HTTP status; 0 when no answer arrived
	Message       string    // Codat's own explanation, when it gave one
	Service       string    // the Codat service that answered, e.g. "ClientsApi"
	CorrelationID string    // quote this to Codat support
	Validation    []string  // validation messages from Codat
	RetryAt       time.Time // when a rate-limited or unavailable call may be tried again; zero if unknown
	Err           error     // the underlying transport, context or decoding error, if any
}

// Error is the terse technical form, for logs: package explain words it for
// a person. It never contains the API key.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "codat %s:", e.Op)
	if e.Status != 0 {
		fmt.Fprintf(&b, " status %d", e.Status)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " %v", e.Err)
	}
	if e.CorrelationID != "" {
		fmt.Fprintf(&b, " (correlation id %s)", e.CorrelationID)
	}
	return b.String()
}

// Unwrap returns the underlying transport, context or decoding error.
func (e *Error) Unwrap() error { return e.Err }

// OpError is a step that stopped on a check made here, before or after
// talking to Codat: Err says which check (ErrMissing, ErrLinkHost, …).
type OpError struct {
	Op  Op
	Err error
}

func (e *OpError) Error() string { return fmt.Sprintf("codat %s: %v", e.Op, e.Err) }

// Unwrap returns the failed check.
func (e *OpError) Unwrap() error { return e.Err }

// IsNotFound reports whether err is Codat saying the record does not exist.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether Codat refused the credentials (401) or the
// operation for these credentials (403).
func IsUnauthorized(err error) bool {
	return hasStatus(err, http.StatusUnauthorized) || hasStatus(err, http.StatusForbidden)
}

// KeyRefused reports whether Codat refused the key itself (401), as opposed
// to refusing one request with it (403: a rule of Codat's, or a resource
// the key may not touch), which is the request's failure, not the key's.
func KeyRefused(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

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
func (c *Client) responseError(op Op, status int, body []byte) *Error {
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
