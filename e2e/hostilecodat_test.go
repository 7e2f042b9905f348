package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// hostileCodat is the sandbox behind a proxy that rewrites its answers the
// way a compromised or broken Codat could: hostile text in every name, and
// chosen link URLs in connections and company redirects.
type hostileCodat struct {
	*codat
	srv  *httptest.Server
	link atomic.Value // string: the linkUrl and redirect to answer with
}

func startHostileCodat(t *testing.T, names []CorpusEntry) *hostileCodat {
	t.Helper()
	c := startSandbox(t, sandbox.Options{})
	target, _ := url.Parse(c.sb.BaseURL())
	h := &hostileCodat{codat: c}
	h.link.Store("")
	proxy := httputil.NewSingleHostReverseProxy(target)
	var n atomic.Int64 // answers are rewritten concurrently
	proxy.ModifyResponse = func(resp *http.Response) error {
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		body = bytes.ReplaceAll(body, []byte(c.sb.BaseURL()), []byte(h.srv.URL))
		var doc any
		if json.Unmarshal(body, &doc) == nil {
			walkJSON(doc, func(key string, v string) string {
				switch key {
				case "name", "platformName", "description", "sourceType":
					if key == "sourceType" {
						return v
					}
					// After the real name, so a sequence that swallows
					// what follows it (ESC, then the next bytes) cannot eat
					// the name a test looks for.
					i := n.Add(1)
					return v + " " + names[i%int64(len(names))].Value
				case "linkUrl", "redirect":
					if link := h.link.Load().(string); link != "" {
						return link
					}
				}
				return v
			})
			body, _ = json.Marshal(doc)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	h.srv = httptest.NewServer(proxy)
	t.Cleanup(h.srv.Close)
	return h
}

// walkJSON replaces every string value in place, telling f its key.
func walkJSON(v any, f func(key, v string) string) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok {
				x[k] = f(k, s)
			} else {
				walkJSON(val, f)
			}
		}
	case []any:
		for _, val := range x {
			walkJSON(val, f)
		}
	}
}

func (h *hostileCodat) env(t *testing.T) []string {
	return baseEnv(t, "CODAT_BASE_URL="+h.srv.URL, "CODAT_API_KEY="+h.sb.APIKey())
}

// TestHostileCodat drives both paths against a Codat whose answers carry
// hostile names and foreign links: every name is shown as text only, and
// a foreign link is refused with a message, never shown, linked, copied or
// opened.
func TestHostileCodat(t *testing.T) {
	t.Parallel()
	names, err := LoadCorpus("names.txt")
	if err != nil {
		t.Fatal(err)
	}
	links := []string{
		"https://evil.example/company/abc",
		"https://user:pass@%s/company/abc",
		"javascript:alert(1)//%s",
		"https://%s.evil.example/company/abc",
	}
	for i, link := range links {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			// The proxy's own host is the trusted link host here; each link
			// looks as close to it as the attack allows.
			h := startHostileCodat(t, names)
			host := strings.TrimPrefix(h.srv.URL, "http://")
			if strings.Contains(link, "%s") {
				link = fmt.Sprintf(link, host)
			}

			tt := startTTY(t, h.env(t), 160, 60)
			// First a link the proxy leaves alone: "c" copies it. That
			// shows copies are seen here, so the count staying put below
			// means the keys were refused, not lost.
			tt.toAuthorize("Hostile " + strconv.Itoa(i))
			tt.Send("c")
			tt.WaitFor(step, "OSC 52")
			// The sentence and the sequence are written apart: wait for both.
			tt.WaitOutput(step, "the link to be copied", func(out []byte) bool { return copiesIn(out) == 1 })

			h.link.Store(link)
			tt.Send(keyEsc)
			tt.WaitFor(step, titleSignIn)
			tt.Send(keyEnter) // yes, I can sign in: the connection's link is foreign now
			s := tt.WaitFor(step, problemPrefix)
			if strings.Contains(s, "/company/abc") || strings.Contains(s, "alert(1)") {
				t.Errorf("the foreign link is on screen:\n%s", s)
			}
			tt.pressUnderProblem("c", "o") // copy, open
			tt.Send(keyEsc)
			tt.WaitFor(step, titleSignIn)
			tt.Send(keyDown, keyEnter) // someone else: the company's Hosted Link is foreign
			s = tt.WaitFor(step, problemPrefix)
			if strings.Contains(s, "/company/abc") || strings.Contains(s, "alert(1)") {
				t.Errorf("the foreign Hosted Link is on screen:\n%s", s)
			}
			tt.pressUnderProblem("c", "i") // copy, compose the invite
			tt.Send(keyCtrlC)
			if code := tt.Wait(exitWait); code != exitInterrupted {
				t.Errorf("exit code %d, want %d", code, exitInterrupted)
			}
			// All it wrote is in now, a copy's sequence included.
			if n := copiesIn(tt.Output()); n != 1 {
				t.Errorf("%d copies, want only the first: something was copied while no link was valid", n)
			}
			for _, f := range foreignOutput(tt.Output(), host) {
				t.Errorf("reached the terminal: %s", f)
			}
		})
	}
}

// copiesIn counts the clipboard writes (OSC 52) in what onboard wrote.
func copiesIn(out []byte) int { return bytes.Count(out, []byte("\x1b]52;")) }

// pressUnderProblem presses keys while a problem is shown, then makes sure
// they were handled: "?" opens help even there, and keys are handled in
// order, so once help shows the keys before it have had their effect. The
// problem must still be on screen after help closes.
func (tt *tty) pressUnderProblem(keys ...string) {
	tt.t.Helper()
	tt.Send(keys...)
	tt.Send("?")
	tt.WaitFor(step, "any key: close help")
	tt.Send("x")
	tt.WaitUntil(step, "close help and show the problem again", func(s string) bool {
		return strings.Contains(s, problemPrefix) && !strings.Contains(s, "any key: close help")
	})
}
