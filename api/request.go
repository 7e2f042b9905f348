package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// call describes one operation against Codat.
type call struct {
	op       Op         // for errors: OpCreateCompany
	method   string     // GET, POST, ...
	endpoint string     // template for counting: "/companies/{id}"
	path     string     // escaped path below the base URL: "/companies/3fa8..."
	query    url.Values // may be nil
	body     any        // marshalled as JSON when not nil
	target   *url.URL   // overrides path and query (a validated next-page link)

	// goneIsDone makes a 404 a success when an earlier attempt may have done
	// the work already (a DELETE whose answer was lost).
	goneIsDone bool
}

func (c *Client) endpointURL(escPath string, q url.Values) *url.URL {
	raw := c.base.EscapedPath() + escPath
	p, err := url.PathUnescape(raw)
	if err != nil {
		p, raw = raw, ""
	}
	return &url.URL{Scheme: c.base.Scheme, Host: c.base.Host, Path: p, RawPath: raw, RawQuery: q.Encode()}
}

// pathSegment escapes an identifier for use as one path segment.
func pathSegment(op Op, what Field, id string) (string, error) {
	if id = strings.TrimSpace(id); id == "" || id == "." || id == ".." {
		return "", &OpError{op, ErrMissing{what}}
	}
	return url.PathEscape(id), nil
}

// do sends cl, retrying as the retry policy allows, and decodes a successful
// answer into out (when out is not nil). Every failure after the request
// is built (no answer, an error status, an unreadable answer) is an *Error.
func (c *Client) do(ctx context.Context, cl call, out any) error {
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return &OpError{cl.op, fmt.Errorf("encode request: %w", err)}
		}
	}
	target := cl.target
	if target == nil {
		target = c.endpointURL(cl.path, cl.query)
	}
	at := attempts{idempotent: idempotentMethod(cl.method)}

	for at.n = 1; ; at.n++ {
		req, err := newRequest(ctx, cl.method, target, payload)
		if err != nil {
			return &Error{Op: cl.op, Err: err}
		}
		c.count(cl.method + " " + cl.endpoint)

		var wait time.Duration
		var stop bool
		status, header, data, err := c.roundTrip(req)
		switch {
		case err != nil:
			wait, stop, err = c.afterNoAnswer(ctx, cl, &at, err)
		case status >= 200 && status < 300:
			return decodeAnswer(cl.op, status, data, out)
		default:
			wait, stop, err = c.afterErrorStatus(ctx, cl, &at, status, header, data)
		}
		if stop {
			return err
		}
		wait = min(wait, c.maxWait)
		if err := c.sleep(ctx, wait); err != nil {
			return &Error{Op: cl.op, Err: err}
		}
	}
}

// attempts is what the attempts at one call have shown so far.
type attempts struct {
	n          int  // the attempt under way, from 1
	idempotent bool // sending the request twice does no more than once
	ambiguous  bool // an earlier attempt may have reached Codat and acted
}

func newRequest(ctx context.Context, method string, target *url.URL, payload []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, target.String(), bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "onboard")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// decodeAnswer reads a successful answer into out (when out is not nil).
func decodeAnswer(op Op, status int, data []byte, out any) error {
	if out == nil || len(bytes.TrimSpace(data)) == 0 && status == http.StatusNoContent {
		return nil
	}
	if err := unmarshalClean(data, out); err != nil {
		return &Error{Op: op, Status: status, Err: err}
	}
	return nil
}

// afterNoAnswer judges an attempt that got no answer: stop with err, or wait
// and try again.
func (c *Client) afterNoAnswer(ctx context.Context, cl call, at *attempts, sendErr error) (wait time.Duration, stop bool, err error) {
	if ctx.Err() != nil {
		return 0, true, &Error{Op: cl.op, Err: ctx.Err()}
	}
	failure := &Error{Op: cl.op, Err: redactedError{sendErr, c}}
	if !at.idempotent || at.n >= c.maxAttempts {
		return 0, true, failure
	}
	at.ambiguous = true
	return c.backoff(at.n), false, nil
}

// afterErrorStatus judges an attempt Codat answered with an error status:
// stop with err (nil when the work is done after all), or wait and try
// again.
func (c *Client) afterErrorStatus(ctx context.Context, cl call, at *attempts, status int, header http.Header, data []byte) (wait time.Duration, stop bool, err error) {
	if status == http.StatusNotFound && cl.goneIsDone && at.ambiguous {
		return 0, true, nil
	}
	failure := c.responseError(cl.op, status, data)
	now := c.now()
	retryAt, told := retryAfter(header, status, now)
	if told {
		failure.RetryAt = retryAt
	}
	if !retryableStatus(status, cl.method) || at.n >= c.maxAttempts {
		return 0, true, failure
	}
	if told {
		wait = max(retryAt.Sub(now), 0)
		if wait > c.maxWait {
			return 0, true, failure
		}
	} else {
		wait = c.backoff(at.n)
	}
	if status >= 500 {
		at.ambiguous = true
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(wait).After(deadline) {
		if failure.RetryAt.IsZero() {
			failure.RetryAt = now.Add(wait)
		}
		return 0, true, failure
	}
	return wait, false, nil
}

// roundTrip sends req and reads the whole answer, so a connection that
// breaks mid-body counts as a transport failure.
func (c *Client) roundTrip(req *http.Request) (status int, header http.Header, body []byte, err error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return 0, nil, nil, err
	}
	if len(body) > maxBodyBytes {
		return 0, nil, nil, ErrBodyTooLarge
	}
	return resp.StatusCode, resp.Header, body, nil
}

// redactedError hides the key should an underlying error ever quote it.
type redactedError struct {
	err error
	c   *Client
}

func (r redactedError) Error() string { return r.c.redact(r.err.Error()) }
func (r redactedError) Unwrap() error { return r.err }
