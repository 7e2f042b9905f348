package api

import (
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// authHeader builds the Authorization value from a raw key or a ready
// header, and lists the strings that must never appear in output.
func authHeader(key, ready string) (header string, secrets []string, err error) {
	key, ready = strings.TrimSpace(key), strings.TrimSpace(ready)
	switch {
	case key != "":
		if !headerSafe(key) {
			return "", nil, ErrKeyUnsafe
		}
		enc := base64.StdEncoding.EncodeToString([]byte(key))
		return "Basic " + enc, []string{key, enc}, nil
	case ready != "":
		var token string
		switch parts := strings.Fields(ready); {
		case len(parts) == 2 && strings.EqualFold(parts[0], "Basic"):
			token = parts[1]
		case len(parts) == 1 && !strings.EqualFold(parts[0], "Basic"):
			token = parts[0]
		}
		if token == "" || !headerSafe(token) {
			return "", nil, ErrAuthHeaderMalformed
		}
		secrets := []string{token}
		// The header is base64 of the raw key; keep the key itself out of
		// error text too.
		if raw, err := base64.StdEncoding.DecodeString(token); err == nil && len(raw) >= 4 {
			secrets = append(secrets, string(raw))
		}
		return "Basic " + token, secrets, nil
	}
	return "", nil, ErrNoCredentials
}

// headerSafe reports whether s is printable ASCII without spaces, so it can
// neither break the header nor smuggle another one in.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, ErrBaseURLNotAbsolute{Sanitize(raw)}
	}
	if u.User != nil {
		return nil, ErrBaseURLUserinfo
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, ErrBaseURLQuery{Sanitize(raw)}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && loopbackHost(u.Hostname()):
	case u.Scheme == "http":
		return nil, ErrBaseURLPlainHTTP{Sanitize(raw)}
	default:
		return nil, ErrBaseURLScheme{Sanitize(raw)}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// loopbackHost reports whether host names this machine.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// authTransport adds the Authorization header only to requests for the
// configured scheme and host, and removes it from any other, so neither a
// redirect nor a URL taken from a response can carry the key elsewhere.
type authTransport struct {
	next         http.RoundTripper
	scheme, host string
	header       string
}

func (t *authTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Del("Authorization")
	if strings.EqualFold(r.URL.Scheme, t.scheme) && strings.EqualFold(r.URL.Host, t.host) {
		r2.Header.Set("Authorization", t.header)
	}
	return t.next.RoundTrip(r2)
}
