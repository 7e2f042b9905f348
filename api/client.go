// Package api is a client for the parts of Codat's Platform API that
// onboarding needs: companies, connections, integrations, data status and
// webhook consumers. Every string it returns has been sanitized for display,
// it retries politely, and it sends the API key only to the configured host.
package api

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/onboardcli/onboard/internal/clock"
)

// DefaultBaseURL is Codat's only API server.
const DefaultBaseURL = "https://api.codat.io"

// Config says where Codat is and how to authenticate.
type Config struct {
	BaseURL    string       // default "https://api.codat.io"
	APIKey     string       // raw key: sent as "Basic " + base64(key)
	AuthHeader string       // a ready "Basic ..." header (used when APIKey is empty)
	HTTPClient *http.Client // optional; copied, never modified
	LinkHosts  []string     // extra hosts (host[:port]) whose link URLs may be shown/copied; http allowed only for loopback hosts
	// HTTPLinkHosts are LinkHosts whose links may be plain http off
	// loopback too: a sandbox's test pages served on the local network,
	// as the person asked (onboard demo --listen). The key never goes there.
	HTTPLinkHosts []string
	MaxWait       time.Duration // cap on any single retry wait (default 30s); beyond it return a rate-limited *Error saying when
	MaxAttempts   int           // default 4
	// CaseRules, when set, keeps each API's way of comparing company names
	// and makes company searches safe from the case of names (namecase.go);
	// nil trusts the query to ignore case.
	CaseRules CaseRules
	// ReuseListing is how long a listing of every company, made to compare
	// names locally, serves later searches (a bulk run's rows); 0: not reused.
	ReuseListing time.Duration
}

// Client calls Codat. It is safe for concurrent use.
type Client struct {
	base        *url.URL // scheme, host and path prefix without a trailing slash
	hc          *http.Client
	secrets     []string // the key and the header forms of it, kept out of error text
	linkHosts   map[string]bool
	httpHosts   map[string]bool // link hosts where plain http is accepted off loopback
	maxWait     time.Duration
	maxAttempts int

	// Swapped in tests so retries run without real waits.
	sleep  func(context.Context, time.Duration) error
	jitter func(ceiling time.Duration) time.Duration
	now    func() time.Time

	caseRules    CaseRules
	reuseListing time.Duration
	listing      companyListing

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
		httpHosts:   map[string]bool{},
		maxWait:     cfg.MaxWait,
		maxAttempts: cfg.MaxAttempts,
		sleep:       clock.Sleep,
		jitter:      fullJitter,
		now:         time.Now,
		calls:       map[string]int{},
		caseRules:   cfg.CaseRules, reuseListing: cfg.ReuseListing,
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
	for _, h := range cfg.HTTPLinkHosts {
		host, err := parseLinkHost(h)
		if err != nil {
			return nil, err
		}
		c.linkHosts[host], c.httpHosts[host] = true, true
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

// BaseURL returns the API base URL in use, without a trailing slash.
func (c *Client) BaseURL() string { return c.base.String() }

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
