package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	svix "github.com/svix/svix-webhooks/go"
)

// delivery is one event on its way to one consumer. Its message id stays the
// same across retries, as Svix's does, so receivers can deduplicate.
type delivery struct {
	consumerID string
	url        string
	msgID      string
	body       []byte
}

// deliveryQueue keeps one consumer's deliveries in order; a single worker
// drains it while it is non-empty.
type deliveryQueue struct {
	items   []delivery
	running bool
}

// matches reports whether a consumer wants an event: enabled, subscribed to
// its type (no types means all), and sharing a tag with the company (no tags
// means all). Tags are "key:value" and case-sensitive, as in Codat.
func (c *consumer) matches(eventType string, tags map[string]string) bool {
	if c.Disabled {
		return false
	}
	if len(c.EventTypes) > 0 && !contains(c.EventTypes, eventType) {
		return false
	}
	if len(c.CompanyTags) == 0 {
		return true
	}
	for _, t := range c.CompanyTags {
		k, v, _ := strings.Cut(t, ":")
		if got, ok := tags[k]; ok && got == v {
			return true
		}
	}
	return false
}

// dispatchLocked queues an event for every consumer that wants it.
func (s *Server) dispatchLocked(ev pendingEvent) {
	if s.closed {
		return
	}
	for _, c := range s.st.Consumers {
		if !c.matches(ev.eventType, ev.tags) {
			continue
		}
		q := s.queues[c.ID]
		if q == nil {
			q = &deliveryQueue{}
			s.queues[c.ID] = q
		}
		q.items = append(q.items, delivery{consumerID: c.ID, url: c.URL, msgID: newMessageID(), body: ev.body})
		if !q.running {
			q.running = true
			s.workers.Add(1)
			go s.drain(q)
		}
	}
}

// drain delivers a consumer's queue in order, then exits.
func (s *Server) drain(q *deliveryQueue) {
	defer s.workers.Done()
	for {
		s.mu.Lock()
		if len(q.items) == 0 || s.deliverCtx.Err() != nil {
			q.items, q.running = nil, false
			s.mu.Unlock()
			return
		}
		d := q.items[0]
		q.items = q.items[1:]
		secrets := s.signingSecretsLocked(d.consumerID)
		s.mu.Unlock()
		if len(secrets) > 0 {
			s.deliver(d, secrets)
		}
	}
}

// signingSecretsLocked are the secrets a delivery to a consumer is signed
// with: its own, and in the default profile also the sandbox-wide one, the
// way Svix sends two signatures while a secret is being rotated. Clients that
// still verify with the sandbox-wide secret keep working there; the strict
// profile signs with the endpoint's own secret alone, as Codat does.
func (s *Server) signingSecretsLocked(consumerID string) []string {
	for _, c := range s.st.Consumers {
		if c.ID != consumerID {
			continue
		}
		if s.opts.Strict {
			return []string{c.Secret}
		}
		return []string{c.Secret, s.st.WebhookSecret}
	}
	return nil // deleted since the event was queued
}

// deliver sends one message, retrying with growing delays until a 2xx, the
// retries run out, the consumer is deleted, or the sandbox closes.
func (s *Server) deliver(d delivery, secrets []string) {
	signers := make([]*svix.Webhook, 0, len(secrets))
	for _, secret := range secrets {
		wh, err := svix.NewWebhook(secret)
		if err != nil {
			return
		}
		signers = append(signers, wh)
	}
	for _, delay := range s.retryDelays {
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-s.deliverCtx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		if !s.consumerExists(d.consumerID) {
			return
		}
		if s.attempt(signers, d) {
			return
		}
	}
}

func (s *Server) consumerExists(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.st.Consumers {
		if c.ID == id {
			return true
		}
	}
	return false
}

// attempt makes one delivery, signed with every signer (space-separated
// "v1,…" entries, as Svix sends them), and reports whether it succeeded. The
// signature timestamp is the real time, not the sandbox clock, because
// receivers check it against their own clocks.
func (s *Server) attempt(signers []*svix.Webhook, d delivery) bool {
	ts := time.Now()
	sigs := make([]string, 0, len(signers))
	for _, wh := range signers {
		sig, err := wh.Sign(d.msgID, ts, d.body)
		if err != nil {
			return false
		}
		sigs = append(sigs, sig)
	}
	ctx, cancel := context.WithTimeout(s.deliverCtx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(d.body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "onboard-sandbox-webhooks/1")
	req.Header.Set("webhook-id", d.msgID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set("webhook-signature", strings.Join(sigs, " "))
	resp, err := s.client.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16)) //nolint:errcheck // only draining
	resp.Body.Close()
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

// newMessageID makes a Svix-style message id: "msg_" and 27 base62
// characters.
func newMessageID() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	var b strings.Builder
	b.WriteString("msg_")
	max := big.NewInt(int64(len(alphabet)))
	for range 27 {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("sandbox: no randomness: " + err.Error())
		}
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}
