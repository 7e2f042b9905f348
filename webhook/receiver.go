package webhook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Receiver defaults.
const (
	DefaultAddr    = "127.0.0.1:0"
	DefaultPath    = "/webhooks/codat"
	DefaultMaxBody = 256 << 10
	// defaultBuffer is how many events wait for a slow consumer
	// before the oldest is dropped.
	defaultBuffer = 64
)

// ReceiverConfig configures a Receiver. Zero fields take the defaults.
type ReceiverConfig struct {
	// Addr is the address to listen on; DefaultAddr (loopback, any
	// free port) when empty. Codat reaches it through a relay or tunnel.
	Addr string
	// Listener, when set, is used instead of listening on Addr: the caller
	// knows the address before the receiver starts, to name it to the
	// endpoint whose secret it then passes as Secret.
	Listener net.Listener
	// Secret is the endpoint's signing secret, whsec_….
	Secret string
	// Path is the only path served; DefaultPath when empty.
	Path string
	// MaxBody caps a delivery's body in bytes; DefaultMaxBody when 0.
	MaxBody int64
	// Buffer is how many events may wait unread; 64 when 0.
	Buffer int
	// Now replaces the system clock for checking timestamps.
	Now func() time.Time
	// SeenFile is a file that remembers the ids of accepted messages, so a
	// delivery replayed to a later onboard (or another running at once) is
	// not acted on again. Empty: remembered in memory only, for this
	// receiver's life.
	SeenFile string
	// ErrorLog is where the HTTP server reports what it cannot answer (a
	// broken connection, a handler that panicked); nil discards it, since
	// the receiver runs beside a full-screen program on the same terminal.
	ErrorLog io.Writer
}

// ReceiverStats counts what happened to deliveries so far.
type ReceiverStats struct {
	Delivered   uint64 // verified, parsed and queued on Events
	Duplicates  uint64 // verified, but the message id was seen before
	Rejected    uint64 // refused: bad method, size, headers, timestamp or signature
	BadSigned   uint64 // of Rejected, those whose signature did not match the secret
	Undecodable uint64 // verified, but not an event this package can parse
	Dropped     uint64 // queued, then pushed out unread by newer events
}

// Receiver is a local HTTP endpoint for Codat's webhooks. It verifies
// each delivery, answers at once, and queues the event on Events without ever
// waiting for the consumer: when the queue is full the oldest event gives way.
type Receiver struct {
	cfg      ReceiverConfig
	verifier *Verifier
	journal  *webhookJournal // nil without cfg.SeenFile

	mu     sync.Mutex // guards events against close, srv and ln
	events chan Event
	closed bool
	srv    *http.Server
	ln     net.Listener
	served chan struct{} // closed when Serve returns

	// badSigned has a value (the count so far) whenever a delivery's
	// signature did not match: a wrong secret shows here, not as silence.
	badSigned chan uint64

	delivered, duplicates, rejected, badSignedN, undecodable, dropped atomic.Uint64
}

// ErrReceiverPath: ReceiverConfig.Path does not start with "/".
type ErrReceiverPath struct{ Path string }

func (e ErrReceiverPath) Error() string {
	return fmt.Sprintf("webhook receiver: path %q: no leading slash", e.Path)
}

// Start refuses a receiver that is already running or closed.
var (
	ErrReceiverStarted = errors.New("start webhook receiver: already started")
	ErrReceiverClosed  = errors.New("start webhook receiver: already closed")
)

// NewReceiver checks cfg and the secret; it does not listen yet.
func NewReceiver(cfg ReceiverConfig) (*Receiver, error) {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Path == "" {
		cfg.Path = DefaultPath
	}
	if cfg.Path[0] != '/' {
		return nil, ErrReceiverPath{cfg.Path}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Buffer <= 0 {
		cfg.Buffer = defaultBuffer
	}
	v, err := NewVerifier(cfg.Secret, WithClock(cfg.Now))
	if err != nil {
		return nil, fmt.Errorf("webhook receiver: %w", err)
	}
	r := &Receiver{cfg: cfg, verifier: v, events: make(chan Event, cfg.Buffer), badSigned: make(chan uint64, 1)}
	if cfg.SeenFile != "" {
		if r.journal, err = openWebhookJournal(cfg.SeenFile, v.now()); err != nil {
			return nil, fmt.Errorf("webhook receiver: %w", err)
		}
	}
	return r, nil
}

// Start listens on the configured address and serves in the background.
func (r *Receiver) Start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.closed:
		return ErrReceiverClosed
	case r.srv != nil:
		return ErrReceiverStarted
	}
	ln := r.cfg.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", r.cfg.Addr); err != nil {
			return fmt.Errorf("start webhook receiver: %w", err)
		}
	}
	r.ln = ln
	r.srv = &http.Server{
		Handler:           r.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          log.New(cmp.Or[io.Writer](r.cfg.ErrorLog, io.Discard), "webhook receiver: ", log.LstdFlags),
	}
	r.served = make(chan struct{})
	go func(srv *http.Server, done chan<- struct{}) {
		defer close(done)
		_ = srv.Serve(ln) // returns http.ErrServerClosed after Close
	}(r.srv, r.served)
	return nil
}

// URL is the local address deliveries are accepted at, e.g.
// http://127.0.0.1:53211/webhooks/codat; empty before Start.
func (r *Receiver) URL() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln == nil {
		return ""
	}
	return "http://" + r.ln.Addr().String() + r.cfg.Path
}

// Events delivers each verified event once. It is closed by Close.
func (r *Receiver) Events() <-chan Event { return r.events }

// BadSignatures has the number of deliveries refused so far for a signature
// that did not match the secret, each time one is: usually the secret is not
// the one of the endpoint Codat delivers to. Only the latest count waits to
// be read.
func (r *Receiver) BadSignatures() <-chan uint64 { return r.badSigned }

// Stats returns the counts so far.
func (r *Receiver) Stats() ReceiverStats {
	return ReceiverStats{
		Delivered:   r.delivered.Load(),
		Duplicates:  r.duplicates.Load(),
		Rejected:    r.rejected.Load(),
		BadSigned:   r.badSignedN.Load(),
		Undecodable: r.undecodable.Load(),
		Dropped:     r.dropped.Load(),
	}
}

// Close stops the server, waits for it to finish and closes Events. Events
// still queued can be read after Close.
func (r *Receiver) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	srv, served := r.srv, r.served
	close(r.events)
	r.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		err = srv.Close()
	}
	<-served
	if err != nil {
		return fmt.Errorf("close webhook receiver: %w", err)
	}
	return nil
}

// Handler serves deliveries; Start uses it, and tests can drive it through
// httptest.
func (r *Receiver) Handler() http.Handler {
	return http.HandlerFunc(r.serveHTTP)
}

func (r *Receiver) serveHTTP(w http.ResponseWriter, req *http.Request) {
	if req.URL.Path != r.cfg.Path {
		r.rejected.Add(1)
		http.NotFound(w, req)
		return
	}
	if req.Method != http.MethodPost {
		r.rejected.Add(1)
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, r.cfg.MaxBody))
	if err != nil {
		r.rejected.Add(1)
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			http.Error(w, http.StatusText(http.StatusRequestEntityTooLarge), http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	}
	err = r.accept(req.Context(), body, req.Header)
	switch {
	case errors.Is(err, ErrReplayed):
		// Already handled: a success answer stops Svix retrying it.
		r.duplicates.Add(1)
		w.WriteHeader(http.StatusNoContent)
		return
	case errors.Is(err, errJournal):
		// Not remembered, so not acted on: Svix delivers it again later.
		r.rejected.Add(1)
		http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
		return
	case errors.Is(err, ErrHeaders):
		r.rejected.Add(1)
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	case err != nil:
		r.rejected.Add(1)
		if errors.Is(err, ErrSignature) {
			r.noteBadSignature()
		}
		http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
		return
	}
	// The message is Codat's: acknowledge it whatever its content, since a
	// retry would bring the same bytes again.
	w.WriteHeader(http.StatusNoContent)
	ev, err := ParseEvent(body)
	if err != nil {
		r.undecodable.Add(1)
		return
	}
	r.deliver(ev)
}

// noteBadSignature counts a delivery whose signature did not match and
// offers the count on BadSignatures, replacing one not yet read.
func (r *Receiver) noteBadSignature() {
	n := r.badSignedN.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case <-r.badSigned:
	default:
	}
	r.badSigned <- n
}

// errJournal marks a verified delivery whose id could not be written to the
// journal.
var errJournal = errors.New("webhook receiver: journal write")

// accept verifies a delivery and makes sure its id was not accepted before:
// by this receiver, or, with a journal, by any onboard on this computer
// within the timestamp tolerance. An id is remembered only once verified,
// so forged requests cannot block a genuine message, and only once the
// journal has it, so a delivery refused for want of the journal is taken
// when Svix sends it again.
func (r *Receiver) accept(ctx context.Context, body []byte, h http.Header) error {
	v := r.verifier
	id, sent, err := v.check(body, h)
	if err != nil {
		return err
	}
	if v.seen.has(id) {
		return ErrReplayed
	}
	if r.journal != nil {
		fresh, err := r.journal.record(ctx, id, sent, v.now())
		if err != nil {
			return fmt.Errorf("%w: %w", errJournal, err)
		}
		if !fresh {
			return ErrReplayed
		}
	}
	if !v.seen.add(id, v.now()) {
		return ErrReplayed
	}
	return nil
}

// deliver queues ev without waiting: when the queue is full it drops the
// oldest queued event, since later news about a connection supersedes older.
func (r *Receiver) deliver(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		r.dropped.Add(1)
		return
	}
	for {
		select {
		case r.events <- ev:
			r.delivered.Add(1)
			return
		default:
		}
		select {
		case <-r.events:
			r.dropped.Add(1)
		default: // a reader made room meanwhile
		}
	}
}
