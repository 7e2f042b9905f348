// Package webhook receives Codat's webhooks: it verifies their Svix
// (Standard Webhooks) signatures, parses the events the onboarding journey
// acts on, and serves a local endpoint that hands them over without waiting.
// Its errors are typed and carry no English; package explain words them.
package webhook

import (
	"container/list"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Codat delivers webhooks through Svix, which signs them the Standard
// Webhooks way: HMAC-SHA256 over "id.timestamp.body" with the key that follows
// "whsec_" in the endpoint's signing secret.
//
// The verifier is written on the standard library rather than on
// github.com/svix/svix-webhooks/go: the only version of that module we can
// fetch (v1.44.0) accepts an empty secret (and then verifies signatures
// forged with an empty key), checks timestamps against the wall clock only,
// and links a generated API client into the binary. The algorithm is short;
// the tests compare it with the library's own Sign and Verify.

const (
	webhookSecretPrefix = "whsec_"
	// minWebhookKeyLen is the shortest HMAC key accepted. Svix issues 24-byte
	// keys; anything under 16 bytes is a truncated or made-up secret.
	minWebhookKeyLen = 16
	// webhookTolerance is how far a message's timestamp may be from our clock
	// in either direction.
	webhookTolerance = 5 * time.Minute
	// webhookSeenLimit bounds the memory spent remembering message ids.
	webhookSeenLimit = 10_000
	// webhookSeenTTL covers Svix's whole retry schedule (about 28 hours), so a
	// late retry of a message already handled is still recognised.
	webhookSeenTTL = 30 * time.Hour
)

// Errors from (*Verifier).Verify. They say what was wrong without
// repeating anything from the request.
var (
	// ErrHeaders: signature headers missing or malformed.
	ErrHeaders = errors.New("verify webhook: bad signature headers")
	// ErrTimestamp: the timestamp is outside webhookTolerance.
	ErrTimestamp = errors.New("verify webhook: timestamp outside tolerance")
	// ErrSignature: no signature matches the secret.
	ErrSignature = errors.New("verify webhook: no matching signature")
	// ErrReplayed marks a correctly signed message whose id was seen
	// before. It is not a failure of the sender: answer 2xx so it stops
	// retrying, but do not act on the message again.
	ErrReplayed = errors.New("verify webhook: message already received")
)

// What is wrong with a webhook signing secret, from NewVerifier. None
// repeats the secret.
var (
	ErrSecretEmpty    = errors.New("webhook secret: empty")
	ErrSecretPrefix   = errors.New("webhook secret: no whsec_ prefix")
	ErrSecretEncoding = errors.New("webhook secret: not base64")
)

// ErrSecretTooShort: the key after whsec_ decodes to fewer than Need bytes.
type ErrSecretTooShort struct{ Got, Need int }

func (e ErrSecretTooShort) Error() string {
	return fmt.Sprintf("webhook secret: %d bytes, need %d", e.Got, e.Need)
}

// ErrEnvelope: a delivery without the id or eventType of Codat's
// envelope.
var ErrEnvelope = errors.New("parse webhook: no id/eventType")

// Verifier checks the signature, age and uniqueness of webhook
// deliveries. It is safe for concurrent use.
type Verifier struct {
	key  []byte
	now  func() time.Time
	seen *seenIDs
}

// VerifierOption adjusts a Verifier.
type VerifierOption func(*Verifier)

// WithClock makes the verifier judge timestamps and remember message
// ids by now instead of the system clock.
func WithClock(now func() time.Time) VerifierOption {
	return func(v *Verifier) {
		if now != nil {
			v.now = now
		}
	}
}

// NewVerifier returns a verifier for the endpoint signing secret
// ("whsec_" followed by base64), as copied from Codat's Portal. Surrounding
// whitespace is ignored. The error says what is wrong with the secret without
// quoting it.
func NewVerifier(secret string, opts ...VerifierOption) (*Verifier, error) {
	key, err := decodeWebhookSecret(secret)
	if err != nil {
		return nil, err
	}
	v := &Verifier{key: key, now: time.Now, seen: newSeenIDs(webhookSeenLimit, webhookSeenTTL)}
	for _, opt := range opts {
		opt(v)
	}
	return v, nil
}

func decodeWebhookSecret(secret string) ([]byte, error) {
	secret = strings.TrimSpace(secret)
	switch {
	case secret == "":
		return nil, ErrSecretEmpty
	case !strings.HasPrefix(secret, webhookSecretPrefix):
		return nil, ErrSecretPrefix
	}
	key, err := base64.StdEncoding.DecodeString(secret[len(webhookSecretPrefix):])
	if err != nil {
		// The decoder's message quotes an offset into the secret; leave it out.
		return nil, ErrSecretEncoding
	}
	if len(key) < minWebhookKeyLen {
		return nil, ErrSecretTooShort{Got: len(key), Need: minWebhookKeyLen}
	}
	return key, nil
}

// String keeps the key out of logs and %v output.
func (v *Verifier) String() string { return "webhook.Verifier{key:[redacted]}" }

// GoString keeps the key out of %#v output.
func (v *Verifier) GoString() string { return v.String() }

// Verify checks a delivery's headers against its raw body, exactly as
// received: the headers may use the webhook- prefix (Codat's) or svix-. It
// returns the message id. A correctly signed message seen before returns
// its id with ErrReplayed; ids are only remembered once verified, so
// forged requests cannot block a genuine message.
func (v *Verifier) Verify(body []byte, h http.Header) (id string, err error) {
	id, _, err = v.check(body, h)
	if err != nil {
		return "", err
	}
	if !v.seen.add(id, v.now()) {
		return id, ErrReplayed
	}
	return id, nil
}

// check verifies a delivery's headers, timestamp and signature, without
// looking at or remembering its id, and returns the id and the timestamp
// (Unix seconds) it was signed with.
func (v *Verifier) check(body []byte, h http.Header) (id string, sent int64, err error) {
	id, ts, sigs, ok := webhookHeaders(h)
	if !ok {
		return "", 0, ErrHeaders
	}
	sent, err = strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", 0, ErrHeaders
	}
	now := v.now()
	// Compare whole seconds, as the header carries them: exactly five minutes
	// either way is accepted, one second more is not.
	tolerance := int64(webhookTolerance / time.Second)
	if sent < now.Unix()-tolerance || sent > now.Unix()+tolerance {
		return "", 0, ErrTimestamp
	}
	// Sign the timestamp as a number, as Svix's libraries do, so a header
	// such as "+1614265330" is judged the same way they judge it.
	expected := webhookSignature(v.key, id, strconv.FormatInt(sent, 10), body)
	if !anySignatureMatches(sigs, expected) {
		return "", 0, ErrSignature
	}
	return id, sent, nil
}

// webhookHeaders reads the id, timestamp and signature headers, trying the
// svix- names first and then webhook-, as Svix's own libraries do.
func webhookHeaders(h http.Header) (id, ts, sigs string, ok bool) {
	for _, prefix := range [...]string{"svix-", "webhook-"} {
		id, ts, sigs = h.Get(prefix+"id"), h.Get(prefix+"timestamp"), h.Get(prefix+"signature")
		if id != "" && ts != "" && sigs != "" {
			return id, ts, sigs, true
		}
	}
	return "", "", "", false
}

// anySignatureMatches reports whether one of the space-separated "v1,<base64>"
// entries equals expected. Other versions are skipped: v1 is the only
// symmetric scheme, and a key for it cannot check them.
func anySignatureMatches(header string, expected []byte) bool {
	match := false
	for _, entry := range strings.Split(header, " ") {
		// "v1,<sig>"; anything after a further comma is ignored, as Svix's
		// libraries ignore it (base64 has no commas).
		parts := strings.Split(entry, ",")
		if len(parts) < 2 || parts[0] != "v1" {
			continue
		}
		// Keep comparing after a match, so the time taken does not reveal
		// which entry matched.
		if hmac.Equal([]byte(parts[1]), expected) {
			match = true
		}
	}
	return match
}

// webhookSignature is base64(HMAC-SHA256(key, id "." ts "." body)).
func webhookSignature(key []byte, id, ts string, body []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id))
	mac.Write([]byte{'.'})
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	sum := mac.Sum(nil)
	out := make([]byte, base64.StdEncoding.EncodedLen(len(sum)))
	base64.StdEncoding.Encode(out, sum)
	return out
}

// Sign returns the signature header value ("v1,<base64>") for a
// message, the way Svix signs Codat's deliveries. The sandbox and tests use
// it to send webhooks this package accepts.
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	key, err := decodeWebhookSecret(secret)
	if err != nil {
		return "", fmt.Errorf("sign webhook: %w", err)
	}
	return "v1," + string(webhookSignature(key, id, strconv.FormatInt(ts.Unix(), 10), body)), nil
}

// seenIDs remembers message ids for a while, forgetting the oldest first when
// full. Every id lives for the same ttl, so insertion order is expiry order.
type seenIDs struct {
	mu    sync.Mutex
	limit int
	ttl   time.Duration
	order *list.List // of seenID, oldest first
	index map[string]*list.Element
}

type seenID struct {
	id   string
	seen time.Time
}

func newSeenIDs(limit int, ttl time.Duration) *seenIDs {
	return &seenIDs{limit: limit, ttl: ttl, order: list.New(), index: make(map[string]*list.Element)}
}

// add records id and reports whether it was new.
func (s *seenIDs) add(id string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for front := s.order.Front(); front != nil; front = s.order.Front() {
		if now.Sub(front.Value.(seenID).seen) < s.ttl {
			break
		}
		s.forget(front)
	}
	if _, ok := s.index[id]; ok {
		return false
	}
	s.index[id] = s.order.PushBack(seenID{id: id, seen: now})
	if s.order.Len() > s.limit {
		s.forget(s.order.Front())
	}
	return true
}

// has reports whether id was recorded (and not yet forgotten).
func (s *seenIDs) has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.index[id]
	return ok
}

func (s *seenIDs) forget(e *list.Element) {
	delete(s.index, e.Value.(seenID).id)
	s.order.Remove(e)
}
