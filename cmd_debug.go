package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/onboardcli/onboard/store"
)

// debugFileName is the --debug log's name in the state directory.
const debugFileName = "debug.log"

// debugLog is the --debug file: one line per request to Codat. It is private
// to the user (0600) and never holds the key: the Authorization header is
// written as its scheme and "[redacted]".
type debugLog struct {
	path string
	mu   sync.Mutex
	f    *os.File
	now  func() time.Time
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

func (l *debugLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.f, "%s %s\n", l.now().UTC().Format(time.RFC3339Nano), fmt.Sprintf(format, args...))
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
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, body.CorrelationID)
}
