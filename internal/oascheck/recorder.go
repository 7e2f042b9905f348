package oascheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sync"
)

// Exchange is one request and the response it got, as seen on the wire.
type Exchange struct {
	Method              string
	Path                string // URL path, without the query
	Query               url.Values
	RequestContentType  string
	RequestBody         []byte
	Status              int // 0 when the transport failed
	ResponseContentType string
	ResponseBody        []byte
	Err                 error // the transport error, if any
}

// String summarises the exchange for logs: method, path and status.
func (e Exchange) String() string {
	if e.Err != nil {
		return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
	}
	return fmt.Sprintf("%s %s → %d", e.Method, e.Path, e.Status)
}

// Recorder is an http.RoundTripper that keeps a copy of every request and
// response passing through it, so a test can drive real traffic and validate
// all of it afterwards. Bodies are read in full and handed on unchanged. The
// zero value sends through http.DefaultTransport; a Recorder is safe for
// concurrent use.
type Recorder struct {
	Next http.RoundTripper // nil means http.DefaultTransport

	mu        sync.Mutex
	exchanges []Exchange
}

// RoundTrip implements http.RoundTripper.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	e := Exchange{
		Method: req.Method, Path: req.URL.Path, Query: req.URL.Query(),
		RequestContentType: req.Header.Get("Content-Type"),
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		closeErr := req.Body.Close()
		if err = errors.Join(err, closeErr); err != nil {
			return nil, fmt.Errorf("record request body: %w", err)
		}
		e.RequestBody = body
		// A RoundTripper must not modify the caller's request: send a copy
		// whose body can be read again.
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}

	next := r.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil {
		e.Err = err
		r.add(e)
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	closeErr := resp.Body.Close()
	if err = errors.Join(err, closeErr); err != nil {
		e.Err = err
		r.add(e)
		return nil, fmt.Errorf("record response body: %w", err)
	}
	e.Status = resp.StatusCode
	e.ResponseContentType = resp.Header.Get("Content-Type")
	e.ResponseBody = body
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.add(e)
	return resp, nil
}

func (r *Recorder) add(e Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exchanges = append(r.exchanges, e)
}

// Exchanges returns what has been recorded so far, oldest first.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.exchanges)
}

// ValidateExchange checks both halves of a recorded exchange: the request
// with ValidateRequest and, when one arrived, the response with
// ValidateResponse. A body on either side must also be labelled
// application/json, the only media type the contract uses.
func (s *Spec) ValidateExchange(e Exchange) error {
	errs := []error{
		s.ValidateRequest(e.Method, e.Path, e.Query, e.RequestBody),
		checkContentType(e, "request", e.RequestContentType, e.RequestBody),
	}
	if e.Err == nil {
		errs = append(errs,
			s.ValidateResponse(e.Method, e.Path, e.Status, e.ResponseBody),
			checkContentType(e, fmt.Sprintf("%d response", e.Status), e.ResponseContentType, e.ResponseBody))
	}
	return errors.Join(errs...)
}

func checkContentType(e Exchange, what, contentType string, body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if mediaType, _, err := mime.ParseMediaType(contentType); err == nil && mediaType == "application/json" {
		return nil
	}
	return &Error{
		Subject:  fmt.Sprintf("%s %s %s", e.Method, e.Path, what),
		Problems: []Problem{{Path: "Content-Type", Message: fmt.Sprintf("%q, want application/json", contentType)}},
	}
}
