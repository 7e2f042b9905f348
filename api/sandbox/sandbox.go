// Package sandbox is an in-process look-alike of Codat's Platform API: the
// endpoints, JSON shapes, status codes, paging envelope and error body of the
// published contract, Basic auth, a realistic integration catalogue, stand-in
// Hosted Link pages a presenter can click through, signed webhooks, data
// status that completes after linking, and knobs for rate limits and faults.
//
// It needs no network: a demo and every test run against it.
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configure a sandbox.
type Options struct {
	// Addr is the address Start listens on; "" means 127.0.0.1 on a free port.
	Addr string
	// APIKey is the key clients must send; "" means reuse the one in the
	// state file, or generate a random one.
	APIKey string
	// StateFile, if set, is loaded at start and saved atomically after every
	// change, so the sandbox survives a restart.
	StateFile string
	// RateLimit is the number of requests per minute allowed per key; 0 means
	// unlimited.
	RateLimit int
	// AutoLink, if positive, links a PendingAuth connection that long after
	// it was created, for demos nobody clicks through.
	AutoLink time.Duration
	// DeauthorizeAfter, if positive, has the platform revoke a connection
	// that long after it was linked (Deauthorized, with
	// connection.disconnected), as platforms do to idle or expired tokens.
	DeauthorizeAfter time.Duration
	// Strict answers as Codat's contract and documentation allow at worst,
	// where the default profile is kinder: see strict.go.
	Strict bool
	// ClientName is the Codat client the sandbox plays, whose name GET
	// /profile gives: who reads the companies' data. "" means
	// DefaultClientName.
	ClientName string
	// ErrorLog is where the HTTP server reports what it cannot answer (a
	// broken connection, a handler that panicked); nil discards it. An
	// embedded sandbox shares its process's terminal with a full-screen
	// program, and a stray line there corrupts the screen.
	ErrorLog io.Writer
	// EndpointMade, if set, is told of each webhook endpoint made, through
	// the API or the Portal page, with its signing secret: as Codat's
	// Portal shows a new endpoint's secret. It is called with the server's
	// lock held, so it must not call the Server.
	EndpointMade func(Endpoint)
	// Now is the clock; nil means time.Now. Data reads, AutoLink,
	// DeauthorizeAfter, one-time links and rate limit windows all follow it,
	// so tests can move time forward.
	Now func() time.Time
}

// Server is a running (or, from New, ready to run) sandbox.
type Server struct {
	opts Options
	now  func() time.Time

	mux         *http.ServeMux
	linkKey     []byte // signs the pages' form tokens and Link sessions
	portalToken string // opens the stand-in Portal: see PortalURL

	mu       sync.Mutex
	st       *state
	baseURL  string
	requests map[string]int
	knobs    map[string]*knob
	windows  map[string]*rateWindow
	queues   map[string]*deliveryQueue
	closed   bool
	pending  []pendingEvent // events raised by the change being made
	otps     map[string]*oneTimeLink
	docs     docCache  // what list queries read, by item
	names    nameIndex // narrows searches by name
	otpOrder []string  // codes in the order they were made, so oldest first

	// Webhook delivery.
	client      *http.Client
	retryDelays []time.Duration
	deliverCtx  context.Context
	stopDeliver context.CancelFunc
	workers     sync.WaitGroup

	tickerDone chan struct{}
	tickerWG   sync.WaitGroup

	httpServer *http.Server
	listener   net.Listener
}

// Start creates a sandbox and serves it on a real loopback port, so its
// Hosted Link pages open in a browser.
func Start(opts Options) (*Server, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	s.listener = ln
	s.SetBaseURL("http://" + ln.Addr().String())
	s.httpServer = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: serverLog(opts.ErrorLog)}
	go s.httpServer.Serve(ln) //nolint:errcheck // ends with ErrServerClosed on Close
	return s, nil
}

// serverLog is the HTTP server's error logger, writing to w or nowhere.
func serverLog(w io.Writer) *log.Logger {
	if w == nil {
		w = io.Discard
	}
	return log.New(w, "sandbox: ", log.LstdFlags)
}

// New creates a sandbox without listening: serve Handler() yourself (for
// example with httptest) and tell it its address with SetBaseURL. Call Close
// when done, to stop its background work.
func New(opts Options) (*Server, error) {
	s := &Server{
		opts:        opts,
		now:         opts.Now,
		requests:    map[string]int{},
		knobs:       map[string]*knob{},
		windows:     map[string]*rateWindow{},
		queues:      map[string]*deliveryQueue{},
		otps:        map[string]*oneTimeLink{},
		retryDelays: []time.Duration{0, 250 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second},
		tickerDone:  make(chan struct{}),
		baseURL:     "http://127.0.0.1",
	}
	if s.now == nil {
		s.now = time.Now
	}
	if opts.RateLimit < 0 {
		return nil, errors.New("sandbox: RateLimit must not be negative")
	}
	if opts.AutoLink < 0 || opts.DeauthorizeAfter < 0 {
		return nil, errors.New("sandbox: AutoLink and DeauthorizeAfter must not be negative")
	}
	s.linkKey = randomBytes(32)
	s.portalToken = base64.RawURLEncoding.EncodeToString(randomBytes(18))

	st := &state{Version: stateVersion}
	if opts.StateFile != "" {
		loaded, err := loadState(opts.StateFile)
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		if loaded != nil {
			st = loaded
		}
	}
	if opts.APIKey != "" {
		st.APIKey = opts.APIKey
	}
	if st.APIKey == "" {
		st.APIKey = randomToken(20)
	}
	if st.WebhookSecret == "" {
		st.WebhookSecret = newEndpointSecret()
	}
	for _, c := range st.Consumers {
		if c.Secret == "" { // kept by a sandbox that had one secret for all
			c.Secret = newEndpointSecret()
		}
	}
	s.st = st
	if opts.StateFile != "" {
		if err := saveState(opts.StateFile, st); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}

	s.client = &http.Client{
		Timeout: 10 * time.Second,
		// Svix counts a redirect as a failed delivery.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	s.deliverCtx, s.stopDeliver = context.WithCancel(context.Background())
	s.mux = s.routes()

	s.tickerWG.Add(1)
	go s.tick()
	return s, nil
}

// tick moves clock-driven work (AutoLink, data reads and their webhooks)
// along even when no request arrives.
func (s *Server) tick() {
	defer s.tickerWG.Done()
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.tickerDone:
			return
		case <-t.C:
			s.mu.Lock()
			s.advanceLocked()
			s.mu.Unlock()
		}
	}
}

// Close stops serving, stops background work and waits for webhook
// deliveries in flight to give up. It is safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()

	var err error
	if s.httpServer != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = s.httpServer.Shutdown(ctx)
		cancel()
		if err != nil {
			err = s.httpServer.Close()
		}
	}
	close(s.tickerDone)
	s.tickerWG.Wait()
	s.stopDeliver()
	s.workers.Wait()
	if err != nil {
		return fmt.Errorf("sandbox: close: %w", err)
	}
	return nil
}

// Handler is the sandbox's HTTP handler: the API at the root, the Link
// pages under /link and the stand-in Portal under /portal.
func (s *Server) Handler() http.Handler { return s }

// SetBaseURL tells the sandbox the address it is served at, which appears in
// company redirect URLs and connection link URLs.
func (s *Server) SetBaseURL(u string) {
	s.mu.Lock()
	s.baseURL = strings.TrimRight(u, "/")
	s.mu.Unlock()
}

// BaseURL is the API's address, for example http://127.0.0.1:41234.
func (s *Server) BaseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baseURL
}

// LinkBase is the address of the stand-in Hosted Link pages.
func (s *Server) LinkBase() string { return s.BaseURL() + "/link" }

// APIKey is the key clients must send, base64-encoded after "Basic ".
func (s *Server) APIKey() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.APIKey
}

// WebhookSecret is a sandbox-wide whsec_ secret that, in the default profile
// only, signs every delivery besides the endpoint's own secret. Codat has no
// such secret (see EndpointSecret); in the strict profile it signs nothing
// and WebhookSecret returns "".
func (s *Server) WebhookSecret() string {
	if s.opts.Strict {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.WebhookSecret
}

// Requests returns how many requests each route served, keyed by route
// template such as "GET /companies/{companyId}".
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.requests))
	for k, v := range s.requests {
		out[k] = v
	}
	return out
}

// linkBaseLocked is LinkBase for callers holding s.mu.
func (s *Server) linkBaseLocked() string { return s.baseURL + "/link" }

// saveLocked persists the state after a change. A failed save is reported
// to the caller of the change, which answers 500, so nobody believes a
// change was kept when it was not.
func (s *Server) saveLocked() error {
	if s.opts.StateFile == "" {
		return nil
	}
	return saveState(s.opts.StateFile, s.st)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("sandbox: no randomness: " + err.Error())
	}
	return b
}

// randomToken is n random bytes as lowercase hex.
func randomToken(n int) string { return hex.EncodeToString(randomBytes(n)) }

// newUUID returns a random version 4 UUID.
func newUUID() string {
	b := randomBytes(16)
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
