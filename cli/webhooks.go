package cli

import (
	"context"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/explain"
	"github.com/onboardcli/onboard/webhook"
)

// webhookIDsFile, in the state directory, remembers the ids of the webhook
// messages accepted in the last five minutes.
const webhookIDsFile = "webhook-ids.json"

// webhooks starts the local receiver when a secret is known and Codat can
// reach it: in the demo and on a sandbox served on this machine it registers
// the receiver with the sandbox; for Codat itself only when --webhook-listen
// names the address a relay or tunnel forwards to. It returns nil events
// (poll instead) when webhooks can't be used, with the reason.
func (b *backend) webhooks(ctx context.Context, flags globalFlags, getenv func(string) string, stderr io.Writer) (<-chan webhook.Event, func(), string) {
	listen, public := flags.webhookListen, flags.webhookURL
	if b.secret == "" {
		return nil, func() {}, assets.Text("setup.nosecret", nil)
	}
	local := b.local
	if public != "" {
		if u, err := url.Parse(public); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
			return nil, func() {}, assets.Text("setup.badwebhookurl", nil)
		}
	}
	if !local && listen == "" && public == "" {
		return nil, func() {}, assets.Text("setup.norelay", nil)
	}
	if listen != "" && !loopbackListen(listen) {
		say(stderr, "setup.exposed", listen)
	}
	// Message ids are remembered in the state directory, so a delivery
	// replayed to the next onboard is not acted on again. The demo's
	// sandbox signs with a secret of its own run, so nothing can replay it.
	seenFile := ""
	if !b.demo {
		dir, err := stateDir(getenv)
		if err != nil {
			return nil, func() {}, assets.Text("setup.webhooksoff", explain.Explain(err, b.now()))
		}
		seenFile = filepath.Join(dir, webhookIDsFile)
	}
	rcv, err := webhook.NewReceiver(webhook.ReceiverConfig{Addr: listen, Secret: b.secret, SeenFile: seenFile})
	if err != nil {
		return nil, func() {}, assets.Text("setup.webhooksoff", explain.Explain(err, b.now()))
	}
	if err := rcv.Start(); err != nil {
		return nil, func() {}, assets.Text("setup.webhooksoff", explain.Explain(err, b.now()))
	}
	stop := func() { rcv.Close() }
	// Register a consumer for the session: the receiver itself on a local
	// sandbox, or the public URL that forwards to it.
	consumerURL := public
	if consumerURL == "" && local {
		consumerURL = rcv.URL()
	}
	if consumerURL != "" {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		consumer, err := b.client.CreateWebhookConsumer(cctx, api.WebhookConsumer{URL: consumerURL, EventTypes: watchedEvents})
		if err != nil {
			stop()
			return nil, func() {}, assets.Text("setup.webhooksoff", explain.Explain(err, b.now()))
		}
		stop = func() {
			dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = b.client.DeleteWebhookConsumer(dctx, consumer.ID)
			rcv.Close()
		}
	}
	return rcv.Events(), stop, ""
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
