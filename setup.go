package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// globalFlags are the flags every command shares.
type globalFlags struct {
	accessible    bool
	webhookListen string
}

// usageErr marks a mistake in how the command was called (exit 2).
type usageErr struct{ msg string }

func (e usageErr) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageErr{fmt.Sprintf(format, args...)} }

func isUsage(err error) bool {
	var u usageErr
	if errors.As(err, &u) {
		return true
	}
	s := err.Error()
	for _, prefix := range []string{"flag needs an argument", "unknown flag", "unknown shorthand flag", "unknown command", "invalid argument", "accepts ", "required flag"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// credentials says where the Codat key comes from, never the key itself.
type credentials struct {
	apiKey, authHeader string
	source             string // "CODAT_API_KEY", "CODAT_AUTH_HEADER", or ""
}

func (c credentials) present() bool { return c.apiKey != "" || c.authHeader != "" }

// credentialsFromEnv reads the key from the environment.
func credentialsFromEnv(getenv func(string) string) credentials {
	if k := strings.TrimSpace(getenv("CODAT_API_KEY")); k != "" {
		return credentials{apiKey: k, source: "CODAT_API_KEY"}
	}
	if h := strings.TrimSpace(getenv("CODAT_AUTH_HEADER")); h != "" {
		return credentials{authHeader: h, source: "CODAT_AUTH_HEADER"}
	}
	return credentials{}
}

// backend is the Codat the commands talk to: the real API, or the sandbox.
type backend struct {
	client   *api.Client
	baseURL  string
	demo     bool
	linkHost string
	sandbox  *sandbox.Server // set in the demo
	secret   string          // webhook signing secret, when known
	close    func()
}

// connect builds the backend: the embedded sandbox in the demo (no key, or
// forced), else Codat at CODAT_BASE_URL with the key from the environment.
func connect(ctx context.Context, getenv func(string) string, forceDemo bool) (*backend, error) {
	creds := credentialsFromEnv(getenv)
	if forceDemo || !creds.present() {
		return startDemo()
	}
	base := strings.TrimSpace(getenv("CODAT_BASE_URL"))
	if base == "" {
		base = "https://api.codat.io"
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, usagef("CODAT_BASE_URL must be an http(s) URL such as https://api.codat.io; it is %q", base)
	}
	cfg := api.Config{BaseURL: base, APIKey: creds.apiKey, AuthHeader: creds.authHeader}
	if isLoopback(u.Hostname()) {
		// A sandbox served by `onboard sandbox`: its Hosted Link pages
		// live on the same host.
		cfg.LinkHosts = []string{u.Host}
	}
	client, err := api.New(cfg)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return &backend{
		client: client, baseURL: base, linkHost: linkHostFor(u),
		secret: strings.TrimSpace(getenv("CODAT_WEBHOOK_SECRET")), close: func() {},
	}, nil
}

func linkHostFor(u *url.URL) string {
	if isLoopback(u.Hostname()) {
		return u.Host
	}
	return "link.codat.io"
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// startDemo runs the sandbox in-process on a loopback port, so its Hosted
// Link pages open in a browser while onboard runs.
func startDemo() (*backend, error) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		return nil, fmt.Errorf("starting the built-in sandbox: %w", err)
	}
	u, _ := url.Parse(sb.BaseURL())
	client, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey(), LinkHosts: []string{u.Host}})
	if err != nil {
		sb.Close()
		return nil, err
	}
	return &backend{
		client: client, baseURL: sb.BaseURL(), demo: true, linkHost: u.Host,
		sandbox: sb, secret: sb.WebhookSecret(), close: func() { sb.Close() },
	}, nil
}

// checkKey makes one cheap call so a wrong key is reported before the
// journey starts, not halfway through it.
func (b *backend) checkKey(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err := b.client.GetIntegration(ctx, "mqjo")
	if err == nil || api.IsNotFound(err) {
		return nil
	}
	return classify(err)
}

// classify gives an API error its exit code.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case api.IsUnauthorized(err):
		return withCode(exitAuth, err)
	}
	if _, ok := api.RateLimited(err); ok {
		return withCode(exitRateLimited, err)
	}
	if errors.Is(err, context.Canceled) {
		return withCode(exitInterrupted, err)
	}
	return err
}

// webhooks starts the local receiver when a secret is known, and in the demo
// registers it with the sandbox so the wait needs no polling. It returns nil
// events (poll instead) when webhooks can't be set up, with the reason.
func (b *backend) webhooks(ctx context.Context, listen string) (<-chan api.Event, func(), string) {
	if b.secret == "" {
		return nil, func() {}, "no CODAT_WEBHOOK_SECRET: checking Codat now and then instead"
	}
	rcv, err := api.NewWebhookReceiver(api.ReceiverConfig{Addr: listen, Secret: b.secret})
	if err != nil {
		return nil, func() {}, "webhooks off: " + err.Error()
	}
	if err := rcv.Start(); err != nil {
		return nil, func() {}, "webhooks off: " + err.Error()
	}
	stop := func() { rcv.Close() }
	if b.demo {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		consumer, err := b.client.CreateWebhookConsumer(cctx, api.WebhookConsumer{URL: rcv.URL()})
		if err != nil {
			stop()
			return nil, func() {}, "webhooks off: " + err.Error()
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

// basicHeader is what a raw key becomes on the wire, for printing the
// sandbox's curl example.
func basicHeader(key string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(key))
}

// stderrf writes a message for the person (never machine output).
func stderrf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, format, args...)
}
