package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/explain"
	"github.com/onboardcli/onboard/webhook"
)

// webhookIDsFile, in the state directory, remembers the ids of the webhook
// messages accepted in the last five minutes.
const webhookIDsFile = "webhook-ids.json"

// Codat signs every delivery to an endpoint with that endpoint's own secret,
// which only the Portal shows: the API's webhook consumer has no secret field.
// So against Codat onboard never registers an endpoint of its own (it could
// not verify what arrives there); it uses the endpoint the person set up in
// the Portal, sending to --webhook-url, with CODAT_WEBHOOK_SECRET as that
// endpoint's secret. Only on a sandbox does it register its receiver for the
// session, and it removes what it registered however the command ends.

// hooks is a command's webhook set-up.
type hooks struct {
	// events carries verified events; nil when the wait must poll, and
	// closed (so the wait polls) once a delivery fails its signature check.
	events <-chan webhook.Event
	why    string // why events is nil, in words
	// endpoint names the endpoint deliveries are verified for, in words;
	// endpointID and endpointURL are it, when known.
	endpoint                string
	endpointID, endpointURL string
	// ownEndpoint: onboard registered the endpoint for this session (on a
	// sandbox), so no Portal shows its secret.
	ownEndpoint bool
	rcv         *webhook.Receiver
	// refusals is raised by the first delivery that fails its signature
	// check; the waits say so at once.
	refusals *webhook.Refusals
	// refusalFile keeps the last refusal for doctor ("" keeps none);
	// recorded is the count written there.
	refusalFile string
	recorded    atomic.Uint64
	now         func() time.Time
	baseURL     string
	cleanup     func()
	once        sync.Once
	done        chan struct{} // closed by stop
	// reported is how many deliveries that failed their signature check
	// were said already.
	reported atomic.Uint64
}

// stop closes the receiver and removes any endpoint onboard registered.
func (h *hooks) stop() {
	h.once.Do(func() {
		if h.done != nil {
			close(h.done)
		}
		if h.cleanup != nil {
			h.cleanup()
		}
		// The receiver is closed: the count is final.
		if r, ok := h.refusals.Last(); ok && r.Count > h.recorded.Load() {
			h.record(r)
		}
	})
}

// setEndpoint names the endpoint deliveries are verified for.
func (h *hooks) setEndpoint(id, url string) {
	h.endpointID, h.endpointURL = id, url
	h.endpoint = assets.Text("webhooks.endpoint", assets.Vars{"ID": id, "URL": url})
}

// failures says, once per new count, how many deliveries failed their
// signature check and what that likely means; "" when nothing new failed.
func (h *hooks) failures() string {
	if h.rcv == nil {
		return ""
	}
	n := h.rcv.Stats().BadSigned
	if n == 0 || h.reported.Swap(n) == n {
		return ""
	}
	return assets.Text("webhooks.badsigned", assets.Vars{"N": n, "Endpoint": h.endpoint})
}

// stopAndReport stops h and says, on w, what failed the signature check
// and was not said yet.
func (h *hooks) stopAndReport(w io.Writer) {
	h.stop()
	if msg := h.failures(); msg != "" {
		fmt.Fprintln(w, msg)
	}
}

func hooksOff(why string) *hooks { return &hooks{why: why} }

// webhooks sets up the local receiver when a secret is known and Codat can
// reach it. It returns hooks with nil events (poll instead) and the reason
// when webhooks can't be used.
func (b *backend) webhooks(ctx context.Context, flags globalFlags, getenv func(string) string, stderr io.Writer) *hooks {
	if b.demo && b.sandbox != nil {
		return b.demoHooks(ctx)
	}
	listen, public := flags.webhookListen, flags.webhookURL
	if b.secret == "" {
		return hooksOff(assets.Text("setup.nosecret", nil))
	}
	if public != "" && !b.acceptableWebhookURL(public) {
		return hooksOff(assets.Text("setup.badwebhookurl", nil))
	}
	sandboxed := b.isSandbox()
	if !sandboxed && listen == "" && public == "" {
		return hooksOff(assets.Text("setup.norelay", nil))
	}
	// The endpoint Codat delivers to: found among those already set up,
	// else (on a sandbox only) registered for the session below.
	var existing *api.WebhookConsumer
	if public != "" {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		consumers, err := b.client.ListWebhookConsumers(cctx)
		cancel()
		if err != nil {
			return hooksOff(assets.Text("setup.webhooksoff", explain.Explain(err, b.now())))
		}
		if c, ok := matchingConsumer(consumers, public); ok {
			if c.Disabled {
				return hooksOff(assets.Text("setup.endpointdisabled", assets.Vars{"ID": c.ID, "URL": c.URL}))
			}
			existing = &c
		} else if !sandboxed {
			return hooksOff(assets.Text("setup.noendpoint", public))
		}
	}
	if listen != "" && !loopbackListen(listen) {
		say(stderr, "setup.exposed", listen)
	}
	rcv, why := b.startReceiver(webhook.ReceiverConfig{Addr: listen, Secret: b.secret}, getenv)
	if rcv == nil {
		return hooksOff(why)
	}
	h := &hooks{rcv: rcv, cleanup: func() { rcv.Close() }, endpoint: assets.Text("webhooks.endpointunknown", nil)}
	switch {
	case existing != nil:
		h.setEndpoint(existing.ID, existing.URL)
	case sandboxed:
		// A sandbox: register the receiver (or the URL that forwards to
		// it) for this session. Its deliveries may be signed with a secret
		// the API never shows, as Codat's are: then they fail the check,
		// and that is reported.
		target := cmpOr(public, rcv.URL())
		if err := b.registerForSession(ctx, h, api.WebhookConsumer{URL: target, EventTypes: watchedEvents}); err != nil {
			h.stop()
			return hooksOff(assets.Text("setup.webhooksoff", explain.Explain(err, b.now())))
		}
	}
	b.listen(h, getenv)
	return h
}

// demoHooks registers the receiver with the demo's own sandbox the way a
// person does in the Portal, and verifies with the secret shown there.
func (b *backend) demoHooks(ctx context.Context) *hooks {
	ln, err := net.Listen("tcp", webhook.DefaultAddr)
	if err != nil {
		return hooksOff(assets.Text("setup.webhooksoff", explain.Explain(err, b.now())))
	}
	target := "http://" + ln.Addr().String() + webhook.DefaultPath
	ep, err := b.sandbox.AddEndpoint(target, watchedEvents)
	if err != nil {
		ln.Close()
		return hooksOff(assets.Text("setup.webhooksoff", explain.Explain(err, b.now())))
	}
	rcv, why := b.startReceiver(webhook.ReceiverConfig{Listener: ln, Secret: ep.Secret}, nil)
	if rcv == nil {
		ln.Close()
		return hooksOff(why)
	}
	h := &hooks{rcv: rcv}
	h.setEndpoint(ep.ID, ep.URL)
	h.cleanup = func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = b.client.DeleteWebhookConsumer(dctx, ep.ID)
		rcv.Close()
	}
	b.listen(h, nil)
	return h
}

// startReceiver makes and starts a receiver, remembering message ids in the
// state directory (getenv nil: in memory only) so a delivery replayed to the
// next onboard is not acted on again.
func (b *backend) startReceiver(cfg webhook.ReceiverConfig, getenv func(string) string) (*webhook.Receiver, string) {
	if getenv != nil {
		dir, err := stateDir(getenv)
		if err != nil {
			return nil, assets.Text("setup.webhooksoff", explain.Explain(err, b.now()))
		}
		cfg.SeenFile = filepath.Join(dir, webhookIDsFile)
	}
	rcv, err := webhook.NewReceiver(cfg)
	if err == nil {
		err = rcv.Start()
	}
	if err != nil {
		return nil, assets.Text("setup.webhooksoff", explain.Explain(err, b.now()))
	}
	return rcv, ""
}

// registerForSession registers c and arranges for h.stop to remove it.
func (b *backend) registerForSession(ctx context.Context, h *hooks, c api.WebhookConsumer) error {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	made, err := b.client.CreateWebhookConsumer(cctx, c)
	if err != nil {
		// The create may have been carried out though its answer was lost
		// (a signal cancelled the wait for it, or the connection broke):
		// no consumer had this URL when the set-up looked, so any that has
		// it now is this one, and is removed.
		b.removeConsumersAt(ctx, c.URL)
		return err
	}
	h.setEndpoint(made.ID, made.URL)
	h.ownEndpoint = true
	closeRcv := h.cleanup
	h.cleanup = func() {
		// The command's context may be cancelled already (a signal):
		// removing what onboard made still has its own few seconds.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = b.client.DeleteWebhookConsumer(dctx, made.ID)
		closeRcv()
	}
	return nil
}

// removeConsumersAt deletes the consumers delivering to url, in its own
// few seconds: the command's context may be cancelled already.
func (b *backend) removeConsumersAt(ctx context.Context, url string) {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	all, err := b.client.ListWebhookConsumers(dctx)
	if err != nil {
		return
	}
	for _, c := range all {
		if c.URL == url {
			_ = b.client.DeleteWebhookConsumer(dctx, c.ID)
		}
	}
}

// guard passes verified events on until a delivery fails its signature
// check: then it closes its channel, so a wait that does not read Refusals
// falls back to polling rather than waiting for events that will never
// verify (failures says so).
func (h *hooks) guard(events <-chan webhook.Event) <-chan webhook.Event {
	out := make(chan webhook.Event)
	done, badSigned := h.done, h.refusals.Raised()
	go func() {
		defer close(out)
		for {
			select {
			case <-done:
				return
			case <-badSigned:
				return
			case ev, ok := <-events:
				if !ok {
					return
				}
				select {
				case out <- ev:
				case <-badSigned:
					return
				case <-done:
					return
				}
			}
		}
	}()
	return out
}

// acceptableWebhookURL checks --webhook-url: https, or plain http to a
// sandbox on this computer.
func (b *backend) acceptableWebhookURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http" && b.isSandbox() && loopbackListen(u.Host)
}

// matchingConsumer finds the endpoint that sends to target: the same URL,
// ignoring the case of scheme and host and a trailing slash.
func matchingConsumer(consumers []api.WebhookConsumer, target string) (api.WebhookConsumer, bool) {
	want := normalURL(target)
	for _, c := range consumers {
		if normalURL(c.URL) == want {
			return c, true
		}
	}
	return api.WebhookConsumer{}, false
}

func normalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u.String()
}

// watchedEvents are the events the wait listens for.
var watchedEvents = []string{"connection.connected", "connection.failed", "connection.reconnected", "read.completed.initial"}

// loopbackListen reports whether a listen address (host:port) takes
// connections from this computer only. An empty host, 0.0.0.0 or :: listen
// on every interface.
func loopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
