package cli

import (
	"errors"
	"net/url"
	"strings"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
)

// A key stored by `onboard auth login` is bound to the API host it was
// checked against, as gh binds a token to its host: pointing CODAT_BASE_URL
// somewhere else must not send the key there. What is stored is the host's
// origin, a space, then the key (or "Basic …" header). A value stored before
// keys were bound has no origin; it was meant for Codat, so it is bound to
// api.DefaultBaseURL.

// storedValue is what login stores for secret, checked at origin.
func storedValue(origin, secret string) string { return origin + " " + secret }

// splitStored reads a stored value into the origin the key is bound to and
// the key.
func splitStored(value string) (origin, secret string) {
	value = strings.TrimSpace(value)
	if first, rest, ok := strings.Cut(value, " "); ok && strings.Contains(first, "://") {
		if o, err := apiOrigin(first); err == nil {
			return o, strings.TrimSpace(rest)
		}
	}
	o, _ := apiOrigin(api.DefaultBaseURL)
	return o, value
}

// apiOrigin is the scheme and host of a base URL, in lower case, with the
// port only when it is not the scheme's default: the part of the URL a key
// is bound to.
func apiOrigin(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return "", errors.New("not an http(s) URL")
	}
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" && !(scheme == "https" && port == "443" || scheme == "http" && port == "80") {
		host += ":" + port
	}
	return scheme + "://" + host, nil
}

// configuredOrigin is the origin of CODAT_BASE_URL (Codat's own when unset),
// or "" when it is not a usable URL.
func configuredOrigin(getenv func(string) string) string {
	base := strings.TrimSpace(getenv("CODAT_BASE_URL"))
	if base == "" {
		base = api.DefaultBaseURL
	}
	o, _ := apiOrigin(base)
	return o
}

// checkKeyHost refuses a stored key for a base URL other than the one it
// was stored for; keys from the environment or just typed go anywhere.
func checkKeyHost(creds credentials, baseURL string) error {
	if creds.host == "" {
		return nil
	}
	if o, err := apiOrigin(baseURL); err == nil && o == creds.host {
		return nil
	}
	return withCode(exitAuth, errors.New(assets.Text("setup.otherhost", assets.Vars{
		"Where": creds.where, "Host": creds.host, "Base": api.Sanitize(baseURL),
	})))
}
