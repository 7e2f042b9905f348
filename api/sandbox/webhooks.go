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
		secret := s.st.WebhookSecret
		s.mu.Unlock()
		s.deliver(d, secret)
	}
}

// deliver sends one message, retrying with growing delays until a 2xx, the
// retries run out, the consumer is deleted, or the sandbox closes.
func (s *Server) deliver(d delivery, secret string) {
	wh, err := svix.NewWebhook(secret)
	if err != nil {
		return
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
		if s.attempt(wh, d) {
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

// attempt makes one signed delivery and reports whether it succeeded. The
// signature timestamp is the real time, not the sandbox clock, because
// receivers check it against their own clocks.
func (s *Server) attempt(wh *svix.Webhook, d delivery) bool {
	ts := time.Now()
	sig, err := wh.Sign(d.msgID, ts, d.body)
	if err != nil {
		return false
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
	req.Header.Set("webhook-signature", sig)
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
