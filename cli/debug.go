package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/store"
)

// debugFileName is the --debug log's name in the state directory.
const debugFileName = "debug.log"

// debugLog is the --debug file: one line per request to Codat. It is private
// to the user (0600) and never holds the key: the Authorization header is
// written as its scheme and "[redacted]", and every spelling of the key a
// server might echo (in a correlation id, an error, a next-page link) is
// redacted wherever it appears. Every line is cleaned like text from Codat,
// so what a server sends cannot draw on the terminal of whoever reads the log.
type debugLog struct {
	path    string
	mu      sync.Mutex
	f       *os.File
	now     func() time.Time
	secrets []string // every spelling of the credentials sent, longest first
}

// openDebug opens the debug log when --debug is set and says on stderr
// where it is.
func (a *app) openDebug(command string, stderr io.Writer) error {
	if !a.flags.debug || a.debug != nil {
		return nil
	}
	dir, err := stateDir(a.sys.getenv)
	if err != nil {
		return fmt.Errorf("--debug: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("--debug: create %s: %w", dir, err)
	}
	path := filepath.Join(dir, debugFileName)
	// Never through a link (appending to what it points to) nor to a FIFO (which would block).
	f, err := store.OpenPrivate(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("--debug: %w", err)
	}
	// 0600 applies only when the file is created; an older log keeps its
	// mode unless it is set again.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("--debug: make %s private: %w", path, err)
	}
	a.debug = &debugLog{path: path, f: f, now: a.sys.now}
	a.debug.printf("%s started", command)
	say(stderr, "debuglog.opened", path)
	return nil
}

func (a *app) closeDebug() {
	if a.debug != nil {
		a.debug.mu.Lock()
		a.debug.f.Close()
		a.debug.mu.Unlock()
	}
}

// printf writes one line. It is cleaned first and redacted after, so a key
// split by control characters is whole again before it is looked for.
func (l *debugLog) printf(format string, args ...any) {
	line := api.Sanitize(fmt.Sprintf(format, args...))
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.secrets {
		line = strings.ReplaceAll(line, s, "[redacted]")
	}
	fmt.Fprintf(l.f, "%s %s\n", l.now().UTC().Format(time.RFC3339Nano), line)
}

// learn notes the credentials a request carries, so that no spelling of
// them is ever written. The transport sees every request, so the log knows
// the key before the first answer that could echo it.
func (l *debugLog) learn(h http.Header) {
	var found []string
	for _, name := range []string{"Authorization", "Proxy-Authorization"} {
		for _, value := range h.Values(name) {
			found = append(found, credentialSpellings(value)...)
		}
	}
	if len(found) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range found {
		if !slices.Contains(l.secrets, s) {
			l.secrets = append(l.secrets, s)
		}
	}
	// Longest first, so a spelling that holds another is redacted whole.
	slices.SortFunc(l.secrets, func(a, b string) int { return len(b) - len(a) })
}

// stateDir is where onboard keeps its list of onboardings and debug logs:
// ONBOARD_STATE_DIR, else the platform's state directory.
func stateDir(getenv func(string) string) (string, error) {
	path, err := storePath(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Dir(path), nil
}

// storePath is the file of the list of onboardings. ONBOARD_STATE_DIR is
// read through getenv, so tests never touch the real one.
func storePath(getenv func(string) string) (string, error) {
	if dir := getenv(store.StateDirEnv); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("resolve %s=%s: %w", store.StateDirEnv, dir, err)
		}
		return filepath.Join(abs, "onboardings.json"), nil
	}
	return store.DefaultPath()
}

// debugTransport writes one line per HTTP exchange to the debug log: method,
// URL, status, duration, Codat's correlation id and the request headers,
// with Authorization redacted.
type debugTransport struct {
	next http.RoundTripper
	log  *debugLog
}

func (t *debugTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	took := time.Since(start).Round(time.Millisecond)
	t.log.learn(r.Header)
	headers := redactedHeaders(r.Header)
	if err != nil {
		t.log.printf("%s %s error after %s: %v [%s]", r.Method, r.URL.Redacted(), took, err, headers)
		return nil, err
	}
	corr := correlationID(resp)
	if corr == "" {
		corr = "-"
	}
	t.log.printf("%s %s %d %s correlation=%s [%s]", r.Method, r.URL.Redacted(), resp.StatusCode, took, corr, headers)
	return resp, nil
}

// redactedHeaders lists the request headers, each credential reduced to
// its scheme.
func redactedHeaders(h http.Header) string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, name := range names {
		value := strings.Join(h.Values(name), ", ")
		switch http.CanonicalHeaderKey(name) {
		case "Authorization", "Proxy-Authorization", "Cookie":
			scheme, _, _ := strings.Cut(value, " ")
			value = scheme + " [redacted]"
		}
		parts = append(parts, name+": "+value)
	}
	return strings.Join(parts, "; ")
}

// maxPeek bounds how much of an error answer is read for its correlation id.
const maxPeek = 64 << 10

// correlationID finds the id Codat support asks for: a response header
// naming it, else the correlationId of an error body. The body is read
// and put back so the client still sees all of it.
func correlationID(resp *http.Response) string {
	for name, v := range resp.Header {
		if strings.Contains(strings.ToLower(name), "correlation") && len(v) > 0 {
			return v[0]
		}
	}
	if resp.StatusCode < 400 || resp.Body == nil {
		return ""
	}
	peek, err := io.ReadAll(io.LimitReader(resp.Body, maxPeek))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(peek), resp.Body), resp.Body}
	if err != nil {
		return ""
	}
	var body struct {
		CorrelationID string `json:"correlationId"`
	}
	if json.Unmarshal(peek, &body) != nil {
		return ""
	}
	return body.CorrelationID // cleaned and redacted with the rest of the line
}

// minSecretLen is the shortest spelling redacted: shorter strings would
// match ordinary words in the log, and no Codat key comes near it.
const minSecretLen = 8

// credentialSpellings lists the ways the credentials in an Authorization
// value may come back from a server: the token after the scheme and, when
// the token is base64, the key it encodes; each as it is, in base64 (standard
// and URL alphabets, padded and not), and URL-encoded as a query value or a
// path segment.
func credentialSpellings(value string) []string {
	value = strings.TrimSpace(value)
	_, token, found := strings.Cut(value, " ")
	if !found {
		token = value
	}
	token = strings.TrimSpace(token)
	plain := []string{token}
	if key, ok := decodeBase64(token); ok {
		plain = append(plain, key)
	}
	var out []string
	add := func(s string) {
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if len(form) >= minSecretLen && !slices.Contains(out, form) {
				out = append(out, form)
			}
		}
	}
	for _, p := range plain {
		add(p)
		for _, enc := range base64Encodings {
			add(enc.EncodeToString([]byte(p)))
		}
	}
	return out
}

var base64Encodings = []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}

// decodeBase64 returns what s encodes, in any base64 alphabet and padding,
// when that is printable text (a key), and false otherwise.
func decodeBase64(s string) (string, bool) {
	for _, enc := range base64Encodings {
		b, err := enc.DecodeString(s)
		if err == nil && len(b) > 0 && utf8.Valid(b) && api.Sanitize(string(b)) == string(b) {
			return string(b), true
		}
	}
	return "", false
}
