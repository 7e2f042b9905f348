package prose

import "testing"

func TestLooksLikeProse(t *testing.T) {
	for _, s := range []string{
		// What package api used to say.
		"Codat rejected the API key (401). Check CODAT_API_KEY or CODAT_AUTH_HEADER.",
		"Could not %s: Codat's rate limit was reached (429).",
		"the link goes to %s, which is not a Codat link host",
		"the Codat base URL %q uses plain http, which would expose the API key; use https",
		"webhook secret: too short (%d bytes after decoding, need at least %d)",
		"webhook secret: empty; copy the endpoint's signing secret (whsec_…) from Codat's Portal",
		"webhook secret: does not start with whsec_",
		"no Codat API key: set CODAT_API_KEY or CODAT_AUTH_HEADER",
		"%s: no platform key given",
		"%s: stopped after %d pages; narrow the search",
		"refusing Codat's next-page link to %s: it is not %s",
		"verify webhook: timestamp outside the allowed window",
		"expected a string or a number",
		"no link to check",
	} {
		if !LooksLikeProse(s) {
			t.Errorf("%q is prose but passes as terse", s)
		}
	}
	for _, s := range []string{
		"codat %s: status %d (correlation id %s)",
		"codat base url %q: http off loopback",
		"parse webhook: no id/eventType",
		"link: host %s not trusted",
		"webhook secret: %d bytes, need %d",
		"verify webhook: no matching signature",
		"start webhook receiver: already started",
		"next page host %s: want %s",
		"company name %q: no usable characters",
		"decode: want string/number",
	} {
		if LooksLikeProse(s) {
			t.Errorf("%q is terse but reads as prose", s)
		}
	}
}
