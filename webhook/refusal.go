package webhook

import (
	"sync"
	"time"
)

// Refusal says deliveries reached the receiver but failed the signature
// check: the secret onboard verifies with is not the one Codat signs with
// for that endpoint. It never holds the secret or a delivery's body.
type Refusal struct {
	At    time.Time // when the latest was refused
	Count uint64    // how many so far
	// EndpointID and EndpointURL name the endpoint whose secret onboard
	// expected, when known.
	EndpointID, EndpointURL string
}

// Refusals is raised by the first delivery that fails its signature check
// and then holds the latest Refusal. Every wait of a session reads the same
// one: once raised, webhooks cannot be trusted for the rest of the session.
// A nil *Refusals is never raised.
type Refusals struct {
	once   sync.Once
	raised chan struct{}
	mu     sync.Mutex
	last   Refusal
}

// NewRefusals returns Refusals not yet raised.
func NewRefusals() *Refusals { return &Refusals{raised: make(chan struct{})} }

// Note records r as the latest refusal and raises the flag.
func (f *Refusals) Note(r Refusal) {
	f.mu.Lock()
	f.last = r
	f.mu.Unlock()
	f.once.Do(func() { close(f.raised) })
}

// Raised is closed by the first refusal; nil for a nil *Refusals.
func (f *Refusals) Raised() <-chan struct{} {
	if f == nil {
		return nil
	}
	return f.raised
}

// Last is the latest refusal, and whether there was one.
func (f *Refusals) Last() (Refusal, bool) {
	if f == nil {
		return Refusal{}, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last, f.last.Count > 0
}
