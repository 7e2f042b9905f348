package cli

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/explain"
	"github.com/onboardcli/onboard/guard"
)

// globalFlags are the flags every command shares.
type globalFlags struct {
	accessible    bool
	webhookListen string
	webhookURL    string // a public URL that forwards to the receiver, registered with Codat
	debug         bool
}

// usageErr marks a mistake in how the command was called (exit 2).
type usageErr struct{ msg string }

func (e usageErr) Error() string { return e.msg }

// usage is a usage error worded by the named block of assets/commands.tmpl.
func usage(name string, data any) error { return usageErr{assets.Text(name, data)} }

func isUsage(err error) bool {
	var u usageErr
	if errors.As(err, &u) {
		return true
	}
	s := err.Error()
	for _, prefix := range []string{"unknown flag", "unknown shorthand flag", "unknown command", "invalid argument", "accepts ", "required flag"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// Where a key can come from, as credentials.source says it.
const (
	sourceNone    = ""
	sourceKeyring = "keyring"
	sourceFile    = "file"
)

// credentials is the Codat key and where it came from. Only apiKey and
// authHeader hold the secret; every other field may be shown.
type credentials struct {
	apiKey, authHeader string
	// source is "CODAT_API_KEY", "CODAT_AUTH_HEADER", sourceKeyring,
	// sourceFile or sourceNone.
	source string
	// where says where, in words: the variable, "the OS keyring" or the file.
	where string
	// host is the origin a stored key is bound to (see keyhost.go); "" for
	// a key from the environment or just typed.
	host string
}

func (c credentials) present() bool { return c.apiKey != "" || c.authHeader != "" }

// credentialsFromEnv reads the key from the environment.
func credentialsFromEnv(getenv func(string) string) credentials {
	if k := strings.TrimSpace(getenv("CODAT_API_KEY")); k != "" {
		return credentials{apiKey: k, source: "CODAT_API_KEY", where: assets.Text("key.env", "CODAT_API_KEY")}
	}
	if h := strings.TrimSpace(getenv("CODAT_AUTH_HEADER")); h != "" {
		return credentials{authHeader: h, source: "CODAT_AUTH_HEADER", where: assets.Text("key.env", "CODAT_AUTH_HEADER")}
	}
	return credentials{}
}

// storedCredentials turns a stored value into credentials bound to the
// host it names (see splitStored).
func storedCredentials(value, source, where string) credentials {
	host, secret := splitStored(value)
	c := keyCredentials(secret, source, where)
	if c.present() {
		c.host = host
	}
	return c
}

// keyCredentials turns a secret into credentials: a value that starts with
// "Basic " is a ready header, anything else a raw key.
func keyCredentials(secret, source, where string) credentials {
	secret = strings.TrimSpace(secret)
	if secret == "" {
		return credentials{}
	}
	c := credentials{source: source, where: where}
	if f := strings.Fields(secret); len(f) == 2 && strings.EqualFold(f[0], "Basic") {
		c.authHeader = secret
	} else {
		c.apiKey = secret
	}
	return c
}

// resolveCredentials finds the key: the environment wins, then the OS
// keyring, then the credentials file. Problems reading a store are returned
// as notes for --debug and doctor; they never stop a command, which then
// goes on as if no key were stored there.
func resolveCredentials(sys system) (credentials, []string) {
	if c := credentialsFromEnv(sys.getenv); c.present() {
		return c, nil
	}
	var notes []string
	if sys.keyring != nil {
		secret, err := sys.keyring.Get()
		switch {
		case err == nil:
			if c := storedCredentials(secret, sourceKeyring, assets.Text("key.keyring", nil)); c.present() {
				return c, nil
			}
		case !errors.Is(err, errSecretNotFound):
			notes = append(notes, assets.Text("key.keyringunread", explain.Explain(err, sys.now())))
		}
	}
	path, err := credentialsPath(sys.getenv)
	if err != nil {
		return credentials{}, append(notes, explain.Explain(err, sys.now()))
	}
	secret, warn, err := readCredentialsFile(path)
	if warn != "" {
		notes = append(notes, warn)
	}
	switch {
	case err == nil:
		return storedCredentials(secret, sourceFile, path), notes
	case !errors.Is(err, errSecretNotFound):
		notes = append(notes, explain.Explain(err, sys.now()))
	}
	return credentials{}, notes
}

// backend is the Codat the commands talk to: the real API, or the sandbox.
type backend struct {
	client *api.Client
	// guarded is client with its creates locked against other onboard runs
	// on this computer: every command and screen that makes a company or a
	// connection goes through it.
	guarded *guard.Client
	baseURL string
	demo    bool
	// marked is set once an answer carried the sandbox's marker header
	// (sandbox.SandboxHeader): the API is a sandbox, wherever it is served
	// and whatever proxy is in between. A loopback address alone says
	// nothing: a debugging proxy in front of Codat is one too.
	marked  *atomic.Bool
	apiHost string          // the API base URL's host[:port]
	sandbox *sandbox.Server // set in the demo
	served  demoServed      // where the demo's sandbox listens
	secret  string          // webhook signing secret, when known
	creds   credentials     // where the key came from (empty in the demo)
	close   func()
	now     func() time.Time // the command's clock, for wording errors
}

// connect builds the backend: the embedded sandbox in the demo (no key, or
// forced), else Codat at CODAT_BASE_URL with the key resolved from the
// environment, the OS keyring or the credentials file.
func (a *app) connect(ctx context.Context, forceDemo bool) (*backend, error) {
	if forceDemo {
		return a.startDemo()
	}
	creds, _ := resolveCredentials(a.sys)
	if !creds.present() {
		return a.startDemo()
	}
	return a.connectWith(creds)
}

// connectWith builds the backend for Codat at CODAT_BASE_URL with creds.
func (a *app) connectWith(creds credentials) (*backend, error) {
	getenv := a.sys.getenv
	base := strings.TrimSpace(getenv("CODAT_BASE_URL"))
	if base == "" {
		base = api.DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, usage("setup.baseurl", api.Sanitize(base))
	}
	if err := checkKeyHost(creds, base); err != nil {
		return nil, err
	}
	marked := new(atomic.Bool)
	// Links on the API's own host are trusted as well as Codat's link
	// hosts: a sandbox serves its Hosted Link pages there.
	cfg := api.Config{BaseURL: base, APIKey: creds.apiKey, AuthHeader: creds.authHeader, HTTPClient: a.httpClient(marked),
		ReuseListing: a.reuseListing}
	if dir, err := stateDir(getenv); err == nil {
		cfg.CaseRules = &caseRulesFile{path: filepath.Join(dir, caseRulesFileName)}
	}
	client, err := api.New(cfg)
	if err != nil {
		return nil, usage("setup.badkey", assets.Vars{"Err": a.explain(err), "Where": creds.where})
	}
	var locks *guard.Locks
	if dir, err := stateDir(getenv); err == nil {
		locks = guard.NewLocks(dir, 0)
	} else {
		locks = guard.NoLocks(err)
	}
	return &backend{
		client: client, guarded: guard.New(client, locks), baseURL: client.BaseURL(), marked: marked, apiHost: u.Host, creds: creds,
		secret: strings.TrimSpace(getenv("CODAT_WEBHOOK_SECRET")), close: func() {}, now: a.sys.now,
	}, nil
}

// httpClient is the HTTP client every backend uses: the standard transport,
// logged to the debug file under --debug, noting in marked whether an
// answer came from a sandbox.
func (a *app) httpClient(marked *atomic.Bool) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSHandshakeTimeout = 10 * time.Second
	tr.ResponseHeaderTimeout = 60 * time.Second
	var rt http.RoundTripper = tr
	if a.debug != nil {
		rt = &debugTransport{next: tr, log: a.debug}
	}
	rt = markerTransport{next: rt, marked: marked}
	if a.pace != nil {
		rt = a.pace(rt)
	}
	return &http.Client{Transport: rt, Timeout: 2 * time.Minute}
}

// markerTransport notes an answer carrying the sandbox's marker header.
type markerTransport struct {
	next   http.RoundTripper
	marked *atomic.Bool
}

func (t markerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil && resp.Header.Get(sandbox.SandboxHeader) == "1" {
		t.marked.Store(true)
	}
	return resp, err
}

// isSandbox reports whether the API is a sandbox: the demo's own, or one
// whose answers so far carried the marker header. Ask it after a call.
func (b *backend) isSandbox() bool { return b.demo || b.marked != nil && b.marked.Load() }

// linkHost is the host invites name for the Hosted Link: a sandbox's own,
// else Codat's.
func (b *backend) linkHost() string {
	if b.isSandbox() {
		return b.apiHost
	}
	return "link.codat.io"
}

// startDemo runs the sandbox in-process, so its Hosted Link pages open in a
// browser while onboard runs: where a.demoAt says, else on a free loopback
// port.
func (a *app) startDemo() (*backend, error) {
	served, err := startDemoSandbox(a.demoAt, a.sys.stderr)
	if err != nil {
		return nil, err
	}
	sb := served.sb
	u, _ := url.Parse(sb.BaseURL()) // the host links name
	marked := new(atomic.Bool)
	cfg := api.Config{BaseURL: served.apiURL, APIKey: sb.APIKey(), LinkHosts: []string{u.Host}, HTTPClient: a.httpClient(marked)}
	if served.reachable {
		// The pages are plain http on the network because the person asked.
		cfg.HTTPLinkHosts = cfg.LinkHosts
	}
	client, err := api.New(cfg)
	if err != nil {
		served.close()
		return nil, err
	}
	return &backend{
		// The demo's sandbox is this process's own: nothing to lock.
		client: client, guarded: guard.New(client, nil), baseURL: sb.BaseURL(), demo: true, marked: marked, apiHost: u.Host,
		sandbox: sb, served: served, secret: sb.WebhookSecret(), close: served.close, now: a.sys.now,
	}, nil
}

// backendFor connects for a scripted command: it says on stderr when the
// demo sandbox is used, and checks nothing else up front (the command's own
// first call will meet a wrong key).
func (a *app) backendFor(ctx context.Context, stderr io.Writer) (*backend, error) {
	b, err := a.connect(ctx, false)
	if err != nil {
		return nil, err
	}
	if b.demo {
		say(stderr, "demo.scripted", nil)
	}
	return b, nil
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
	return b.classify(err)
}

// classify gives an API error its exit code, and names where a refused key
// came from so the person knows what to fix.
func (b *backend) classify(err error) error {
	if err != nil && api.KeyRefused(err) && b != nil && b.creds.source != "" && !strings.HasPrefix(b.creds.source, "CODAT_") {
		return withCode(exitAuth, fmt.Errorf("%w %s", err, assets.Text("setup.refusedkey", b.creds.where)))
	}
	return classify(err)
}

// classify gives an API error its exit code.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case api.KeyRefused(err):
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

// basicHeader is what a raw key becomes on the wire, for printing the
// sandbox's curl example.
func basicHeader(key string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(key))
}

// explain words err for the person, at the command's time (a rate limit's
// retry hint counts down from it).
func (a *app) explain(err error) string { return explain.Explain(err, a.sys.now()) }

// say writes the named block of assets/commands.tmpl and a line break to w:
// words for the person, never machine output.
func say(w io.Writer, name string, data any) {
	fmt.Fprintln(w, assets.Text(name, data))
}
