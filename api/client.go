// Package api is a client for the parts of Codat's Platform API that
// onboarding needs: companies, connections, integrations, data status and
// webhook consumers. Every string it returns has been sanitized for display,
// it retries politely, and it sends the API key only to the configured host.
package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultBaseURL is Codat's only API server.
const DefaultBaseURL = "https://api.codat.io"

// Config says where Codat is and how to authenticate.
type Config struct {
	BaseURL     string        // default "https://api.codat.io"
	APIKey      string        // raw key: sent as "Basic " + base64(key)
	AuthHeader  string        // a ready "Basic ..." header (used when APIKey is empty)
	HTTPClient  *http.Client  // optional; copied, never modified
	LinkHosts   []string      // extra hosts (host[:port]) whose link URLs may be shown/copied; http allowed only for loopback hosts
	MaxWait     time.Duration // cap on any single retry wait (default 30s); beyond it return a rate-limited *Error saying when
	MaxAttempts int           // default 4
}

// Client calls Codat. It is safe for concurrent use.
type Client struct {
	base        *url.URL // scheme, host and path prefix without a trailing slash
	hc          *http.Client
	secrets     []string // the key and the header forms of it, kept out of error text
	linkHosts   map[string]bool
	maxWait     time.Duration
	maxAttempts int

	// Swapped in tests so retries run without real waits.
	sleep  func(context.Context, time.Duration) error
	jitter func(ceiling time.Duration) time.Duration
	now    func() time.Time

	mu    sync.Mutex
	calls map[string]int
	total int
}

const (
	defaultMaxWait     = 30 * time.Second
	defaultMaxAttempts = 4
	maxBodyBytes       = 16 << 20
	defaultPageSize    = 100
	maxPageSize        = 2000
	maxPages           = 500
)

// New checks cfg and returns a Client. It fails when there is no key, when a
// key cannot be sent in a header, or when the base URL is not an absolute
// https URL (plain http is allowed only on a loopback address, for the
// sandbox). Errors never contain the key.
func New(cfg Config) (*Client, error) {
	header, secrets, err := authHeader(cfg.APIKey, cfg.AuthHeader)
	if err != nil {
		return nil, err
	}
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:        base,
		secrets:     secrets,
		linkHosts:   map[string]bool{},
		maxWait:     cfg.MaxWait,
		maxAttempts: cfg.MaxAttempts,
		sleep:       sleepContext,
		jitter:      fullJitter,
		now:         time.Now,
		calls:       map[string]int{},
	}
	if c.maxWait <= 0 {
		c.maxWait = defaultMaxWait
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = defaultMaxAttempts
	}
	for _, h := range cfg.LinkHosts {
		host, err := parseLinkHost(h)
		if err != nil {
			return nil, err
		}
		c.linkHosts[host] = true
	}

	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	} else {
		hc.Timeout = 2 * time.Minute // a backstop; callers bound calls with their context
	}
	next := hc.Transport
	if next == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSHandshakeTimeout = 10 * time.Second
		tr.ResponseHeaderTimeout = 60 * time.Second
		next = tr
	}
	hc.Transport = &authTransport{next: next, scheme: base.Scheme, host: base.Host, header: header}
	c.hc = &hc
	return c, nil
}

// authHeader builds the Authorization value from a raw key or a ready
// header, and lists the strings that must never appear in output.
func authHeader(key, ready string) (header string, secrets []string, err error) {
	key, ready = strings.TrimSpace(key), strings.TrimSpace(ready)
	switch {
	case key != "":
		if !headerSafe(key) {
			return "", nil, ErrKeyUnsafe
		}
		enc := base64.StdEncoding.EncodeToString([]byte(key))
		return "Basic " + enc, []string{key, enc}, nil
	case ready != "":
		var token string
		switch parts := strings.Fields(ready); {
		case len(parts) == 2 && strings.EqualFold(parts[0], "Basic"):
			token = parts[1]
		case len(parts) == 1 && !strings.EqualFold(parts[0], "Basic"):
			token = parts[0]
		}
		if token == "" || !headerSafe(token) {
			return "", nil, ErrAuthHeaderMalformed
		}
		secrets := []string{token}
		// The header is base64 of the raw key; keep the key itself out of
		// error text too.
		if raw, err := base64.StdEncoding.DecodeString(token); err == nil && len(raw) >= 4 {
			secrets = append(secrets, string(raw))
		}
		return "Basic " + token, secrets, nil
	}
	return "", nil, ErrNoCredentials
}

// headerSafe reports whether s is printable ASCII without spaces, so it can
// neither break the header nor smuggle another one in.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, ErrBaseURLNotAbsolute{Sanitize(raw)}
	}
	if u.User != nil {
		return nil, ErrBaseURLUserinfo
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, ErrBaseURLQuery{Sanitize(raw)}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && loopbackHost(u.Hostname()):
	case u.Scheme == "http":
		return nil, ErrBaseURLPlainHTTP{Sanitize(raw)}
	default:
		return nil, ErrBaseURLScheme{Sanitize(raw)}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// loopbackHost reports whether host names this machine.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the API base URL in use, without a trailing slash.
func (c *Client) BaseURL() string { return c.base.String() }

// authTransport adds the Authorization header only to requests for the
// configured scheme and host, and removes it from any other, so neither a
// redirect nor a URL taken from a response can carry the key elsewhere.
type authTransport struct {
	next         http.RoundTripper
	scheme, host string
	header       string
}

func (t *authTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Del("Authorization")
	if strings.EqualFold(r.URL.Scheme, t.scheme) && strings.EqualFold(r.URL.Host, t.host) {
		r2.Header.Set("Authorization", t.header)
	}
	return t.next.RoundTrip(r2)
}

// CallCounts is a snapshot of the requests sent to Codat, each attempt
// counted, keyed by method and endpoint template, e.g. "GET /companies/{id}".
type CallCounts struct {
	ByEndpoint map[string]int
	Total      int
}

// Calls returns how many requests were sent, per endpoint and in total.
// Templates: "GET /companies", "POST /companies", "GET|PATCH|DELETE
// /companies/{id}", "GET|POST /companies/{id}/connections",
// "GET|PATCH|DELETE /companies/{id}/connections/{connectionId}",
// "GET /companies/{id}/dataStatus", "GET /integrations",
// "GET /integrations/{key}", "GET /integrations/{key}/branding",
// "GET|POST /webhooks", "DELETE /webhooks/{id}".
func (c *Client) Calls() CallCounts {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := CallCounts{ByEndpoint: make(map[string]int, len(c.calls)), Total: c.total}
	for k, v := range c.calls {
		out.ByEndpoint[k] = v
	}
	return out
}

// ResetCalls sets every count back to zero.
func (c *Client) ResetCalls() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = map[string]int{}
	c.total = 0
}

func (c *Client) count(endpoint string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[endpoint]++
	c.total++
}

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
	idempotent := idempotentMethod(cl.method)
	ambiguous := false // an earlier attempt may have reached Codat and acted

	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, cl.method, target.String(), bytes.NewReader(payload))
		if err != nil {
			return &Error{Op: cl.op, Err: err}
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "onboard")
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		c.count(cl.method + " " + cl.endpoint)

		var wait time.Duration
		status, header, data, err := c.roundTrip(req)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return &Error{Op: cl.op, Err: ctx.Err()}
			}
			failure := &Error{Op: cl.op, Err: redactedError{err, c}}
			if !idempotent || attempt >= c.maxAttempts {
				return failure
			}
			ambiguous = true
			wait = c.backoff(attempt)

		case status >= 200 && status < 300:
			if out == nil || len(bytes.TrimSpace(data)) == 0 && status == http.StatusNoContent {
				return nil
			}
			if err := unmarshalClean(data, out); err != nil {
				return &Error{Op: cl.op, Status: status, Err: err}
			}
			return nil

		default:
			if status == http.StatusNotFound && cl.goneIsDone && ambiguous {
				return nil
			}
			failure := c.responseError(cl.op, status, data)
			now := c.now()
			at, told := retryAfter(header, status, now)
			if told {
				failure.RetryAt = at
			}
			if !retryableStatus(status, cl.method) || attempt >= c.maxAttempts {
				return failure
			}
			if told {
				wait = max(at.Sub(now), 0)
				if wait > c.maxWait {
					return failure
				}
			} else {
				wait = c.backoff(attempt)
			}
			if status >= 500 {
				ambiguous = true
			}
			if deadline, ok := ctx.Deadline(); ok && now.Add(wait).After(deadline) {
				if failure.RetryAt.IsZero() {
					failure.RetryAt = now.Add(wait)
				}
				return failure
			}
		}

		wait = min(wait, c.maxWait)
		if err := c.sleep(ctx, wait); err != nil {
			return &Error{Op: cl.op, Err: err}
		}
	}
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

// listAll fetches every page of a list. It follows _links.next when Codat
// gives one (after checking that it stays on the same list at the base URL),
// otherwise asks for the next page number while totalResults says there is
// more. paged is false for lists that take no paging parameters.
func listAll[T any](ctx context.Context, c *Client, cl call, paged bool) ([]T, error) {
	if paged {
		q := url.Values{}
		for k, v := range cl.query {
			q[k] = v
		}
		q.Set("page", "1")
		if q.Get("pageSize") == "" {
			q.Set("pageSize", fmt.Sprint(defaultPageSize))
		}
		cl.query = q
	}
	var all []T
	seen := map[string]bool{}
	for n := 1; ; n++ {
		if n > maxPages {
			return nil, &OpError{cl.op, ErrTooManyPages{maxPages}}
		}
		current := cl.target
		if current == nil {
			current = c.endpointURL(cl.path, cl.query)
		}
		seen[current.String()] = true

		var p page[T]
		if err := c.do(ctx, cl, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Results...)
		if !paged {
			return all, nil
		}
		switch {
		case p.Links.Next != nil && p.Links.Next.Href != "":
			next, err := c.resolveNext(current, p.Links.Next.Href)
			if err != nil {
				return nil, &OpError{cl.op, err}
			}
			if seen[next.String()] {
				return nil, &OpError{cl.op, ErrNextPageSeen}
			}
			cl.target = next
		case len(p.Results) > 0 && len(all) < p.TotalResults:
			q := url.Values{}
			for k, v := range cl.query {
				q[k] = v
			}
			q.Set("page", fmt.Sprint(n+1))
			cl.query, cl.target = q, nil
		default:
			return all, nil
		}
	}
}

// resolveNext turns a next-page href into a URL, accepting it only when it
// stays on the base URL's scheme and host and on the same list path. Codat
// writes hrefs relative to the API root, so a base path prefix is added.
func (c *Client) resolveNext(current *url.URL, href string) (*url.URL, error) {
	ref, err := url.Parse(href)
	if err != nil {
		return nil, ErrNextPageNotURL{Sanitize(href)}
	}
	prefix := c.base.EscapedPath()
	if !ref.IsAbs() && ref.Host == "" && strings.HasPrefix(ref.Path, "/") && prefix != "" &&
		!strings.HasPrefix(ref.Path, c.base.Path+"/") {
		ref.Path = c.base.Path + ref.Path
		ref.RawPath = ""
	}
	next := current.ResolveReference(ref)
	next.Fragment = ""
	if !strings.EqualFold(next.Scheme, c.base.Scheme) || !strings.EqualFold(next.Host, c.base.Host) || next.User != nil {
		return nil, ErrNextPageHost{Host: Sanitize(next.Host), Want: c.base.Host}
	}
	if next.EscapedPath() != current.EscapedPath() {
		return nil, ErrNextPageList{current.Path}
	}
	return next, nil
}
