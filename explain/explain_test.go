package explain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/webhook"
)

// clock is the fixed time every retry hint here counts down from.
var clock = time.Date(2030, 5, 6, 14, 0, 50, 0, time.UTC)

type netTimeout struct{}

func (netTimeout) Error() string   { return "i/o timeout" }
func (netTimeout) Timeout() bool   { return true }
func (netTimeout) Temporary() bool { return true }

func decodeError() error {
	var v struct{ Name string }
	return json.Unmarshal([]byte(`{"name":`), &v)
}

func TestExplainCodatErrors(t *testing.T) {
	tests := []struct {
		name string
		err  *api.Error
		want string
	}{
		{"401 leaves out Codat's message", &api.Error{Op: api.OpGetCompany, Status: 401, Message: "Unauthorized"},
			"Codat rejected the API key (401). Check CODAT_API_KEY or CODAT_AUTH_HEADER."},
		{"402", &api.Error{Op: api.OpGetCompany, Status: 402, Message: "Your trial has expired"},
			"Could not get company: Codat requires payment on this account (402); a free trial may have ended. Codat said: Your trial has expired."},
		{"403", &api.Error{Op: api.OpCreateConnection, Status: 403, Message: "You do not have permission."},
			"Could not create connection: this API key is not allowed to do that (403). Codat said: You do not have permission."},
		{"404", &api.Error{Op: api.OpGetConnection, Status: 404, Message: " Company not found "},
			"Could not get connection: Codat has no such record (404); it may have been deleted. Codat said: Company not found."},
		{"404 of no named step", &api.Error{Status: 404},
			"Could not reach Codat: Codat has no such record (404); it may have been deleted."},
		{"429, time unknown", &api.Error{Op: api.OpListCompanies, Status: 429},
			"Could not list companies: Codat's rate limit was reached (429). Try again later."},
		{"429 in minutes", &api.Error{Op: api.OpCreateCompany, Status: 429, RetryAt: clock.Add(2*time.Minute + 10*time.Second)},
			"Could not create company: Codat's rate limit was reached (429). Try again after 14:03:00 UTC (in 2m10s)."},
		{"429 in hours", &api.Error{Op: api.OpListCompanies, Status: 429, RetryAt: clock.Add(90*time.Minute + 20*time.Second)},
			"Could not list companies: Codat's rate limit was reached (429). Try again after 15:31:10 UTC (in 1h30m)."},
		{"429 the next day names it", &api.Error{Op: api.OpListCompanies, Status: 429, RetryAt: clock.Add(25*time.Hour + 10*time.Second)},
			"Could not list companies: Codat's rate limit was reached (429). Try again after Tue 7 May 15:01 UTC (in 25h00m)."},
		{"429 whose time has come", &api.Error{Op: api.OpListCompanies, Status: 429, RetryAt: clock.Add(-time.Minute)},
			"Could not list companies: Codat's rate limit was reached (429). Try again now."},
		{"5xx names the correlation id", &api.Error{Op: api.OpCreateCompany, Status: 503, Message: "Boom", CorrelationID: "0a40c2f3"},
			"Could not create company: Codat had a problem on its side (503). Try again in a minute. Codat said: Boom. (Codat correlation id 0a40c2f3.)"},
		{"5xx with Retry-After", &api.Error{Op: api.OpGetCompany, Status: 503, RetryAt: clock.Add(45 * time.Second)},
			"Could not get company: Codat had a problem on its side (503). Try again after 14:01:35 UTC (in 45s)."},
		{"400 with validation", &api.Error{Op: api.OpCreateCompany, Status: 400, Message: "The request was not valid.",
			Validation: []string{"Tags cannot have more than 10 entries", "  "}},
			"Could not create company: Codat rejected the request (400). Codat said: The request was not valid. Tags cannot have more than 10 entries."},
		{"401 keeps validation", &api.Error{Status: 401, Validation: []string{"Key revoked."}},
			"Codat rejected the API key (401). Check CODAT_API_KEY or CODAT_AUTH_HEADER. Key revoked."},
		{"unexpected status", &api.Error{Op: api.OpGetCompany, Status: 304},
			"Could not get company: Codat answered with an unexpected status (304)."},
		{"2xx that cannot be decoded", &api.Error{Op: api.OpGetCompany, Status: 200, Err: decodeError()},
			"Could not get company: Codat's answer could not be read (unexpected end of JSON input)."},
		{"2xx with a field of the wrong kind", &api.Error{Op: api.OpGetConnection, Status: 200, Err: api.ErrWantStringOrNumber},
			"Could not get connection: Codat's answer could not be read (expected a string or a number)."},
		{"deadline", &api.Error{Op: api.OpListCompanies, Err: context.DeadlineExceeded},
			"Could not list companies: Codat did not answer in time. Check your network and try again."},
		{"network timeout", &api.Error{Op: api.OpListCompanies, Err: &net.OpError{Op: "read", Net: "tcp", Err: netTimeout{}}},
			"Could not list companies: Codat did not answer in time. Check your network and try again."},
		{"cancelled", &api.Error{Op: api.OpSearchCompanies, Err: context.Canceled},
			"Stopped before Codat answered: search companies was cancelled."},
		{"unknown host", &api.Error{Op: api.OpGetCompany, Err: &net.DNSError{Err: "no such host", Name: "api.codat.example"}},
			"Could not get company: no answer from Codat (the host name could not be found). Check your network and CODAT_BASE_URL."},
		{"refused", &api.Error{Op: api.OpGetCompany, Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}},
			"Could not get company: no answer from Codat (the connection was refused). Check your network and CODAT_BASE_URL."},
		{"answer too large", &api.Error{Op: api.OpListConnections, Err: &url.Error{Op: "Get", URL: "https://api.codat.io/x", Err: api.ErrBodyTooLarge}},
			"Could not list connections: no answer from Codat (it was too large). Check your network and CODAT_BASE_URL."},
		{"a broken connection quotes the reason, not the URL", &api.Error{Op: api.OpGetCompany,
			Err: &url.Error{Op: "Get", URL: "https://api.codat.io/companies/c", Err: errors.New("EOF")}},
			"Could not get company: no answer from Codat (EOF). Check your network and CODAT_BASE_URL."},
		{"a cause is sanitized", &api.Error{Op: api.OpGetCompany, Err: errors.New("bad\x1b[2J thing")},
			"Could not get company: no answer from Codat (bad thing). Check your network and CODAT_BASE_URL."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Explain(tt.err, clock); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
			if strings.Contains(tt.err.Error(), "Could not") {
				t.Fatalf("the terse form %q is worded for a person", tt.err.Error())
			}
		})
	}
}

func TestExplainChecks(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{api.ErrNoCredentials, "no Codat API key: set CODAT_API_KEY or CODAT_AUTH_HEADER"},
		{api.ErrKeyUnsafe, "the Codat API key contains spaces or control characters; copy it again from the Codat Portal"},
		{api.ErrAuthHeaderMalformed, `the Codat authorization header should look like "Basic <base64 key>"; copy it again from the Codat Portal`},
		{api.ErrBaseURLNotAbsolute{URL: "api.codat.io"}, `the Codat base URL "api.codat.io" is not an absolute URL like https://api.codat.io`},
		{api.ErrBaseURLUserinfo, "the Codat base URL must not contain a user name or password"},
		{api.ErrBaseURLQuery{URL: "https://api.codat.io/?x=1"}, `the Codat base URL "https://api.codat.io/?x=1" must not have a query or fragment`},
		{api.ErrBaseURLPlainHTTP{URL: "http://api.codat.io"}, `the Codat base URL "http://api.codat.io" uses plain http, which would expose the API key; use https (http is allowed only on this machine, e.g. http://127.0.0.1:PORT)`},
		{api.ErrBaseURLScheme{URL: "ftp://api.codat.io"}, `the Codat base URL "ftp://api.codat.io" must start with https://`},
		{api.ErrLinkHostEntry{Host: "a/b"}, `link host "a/b" should be a host name with an optional port, like link.example.com or 127.0.0.1:8080`},
		{api.ErrNoLink, "no link to check"},
		{api.ErrLinkNotText, "the link is not valid text"},
		{api.ErrLinkUnsafe, "the link contains spaces or control characters"},
		{api.ErrLinkNotAbsolute, "the link is not an absolute web address"},
		{api.ErrLinkUserinfo, "the link carries a user name or password"},
		{api.ErrLinkHost{Host: "evil.example"}, "the link goes to evil.example, which is not a Codat link host"},
		{api.ErrLinkScheme{Scheme: "ftp"}, "the link must use https, not ftp"},
		{&api.OpError{Op: api.OpHostedLink, Err: api.ErrLinkHost{Host: "evil.example"}},
			"get the company's Hosted Link: the link goes to evil.example, which is not a Codat link host"},
		{&api.OpError{Op: api.OpGetCompany, Err: api.ErrMissing{Field: api.FieldCompanyID}}, "get company: no company id given"},
		{&api.OpError{Op: api.OpGetConnection, Err: api.ErrMissing{Field: api.FieldConnectionID}}, "get connection: no connection id given"},
		{&api.OpError{Op: api.OpCreateConnection, Err: api.ErrMissing{Field: api.FieldPlatformKey}}, "create connection: no platform key given"},
		{&api.OpError{Op: api.OpDeleteWebhookConsumer, Err: api.ErrMissing{Field: api.FieldWebhookID}}, "delete webhook consumer: no webhook consumer id given"},
		{&api.OpError{Op: api.OpCreateWebhookConsumer, Err: api.ErrMissing{Field: api.FieldEndpointURL}}, "create webhook consumer: no endpoint URL given"},
		{&api.OpError{Op: api.OpCreateCompany, Err: api.ErrMissing{Field: api.FieldCompanyName}}, "create company: the company needs a name"},
		{&api.OpError{Op: api.OpCreateCompany, Err: api.ErrMissing{Field: api.FieldUID}}, "create company: no uid to tag the company with"},
		{&api.OpError{Op: api.OpWatchConnection, Err: steps.ErrNoWaitTarget}, "watch connection: no connection, platform or category to wait for"},
		{&api.OpError{Op: api.OpFindOrCreateCompany, Err: api.ErrNameHasNoLetters{Name: "!!!"}},
			`find or create company: the name "!!!" has no letters or digits Codat accepts`},
		{&api.OpError{Op: api.OpListCompanies, Err: api.ErrTooManyPages{Pages: 500}}, "list companies: stopped after 500 pages; narrow the search"},
		{&api.OpError{Op: api.OpFindCompany, Err: api.ErrNameCaseUnconfirmed{Listed: 40000}}, "find company: Codat compares company names case-sensitively here and this account has more than 40000 companies, too many for onboard to compare them itself, so it cannot rule out that this company exists with its name in another case. Type the name exactly as Codat has it"},
		{&api.OpError{Op: api.OpListConnections, Err: api.ErrNextPageNotURL{Link: "%zz"}}, `list connections: the next-page link "%zz" from Codat is not a URL`},
		{&api.OpError{Op: api.OpListCompanies, Err: api.ErrNextPageHost{Host: "evil.example", Want: "api.codat.io"}},
			"list companies: refusing Codat's next-page link to evil.example: it is not api.codat.io"},
		{&api.OpError{Op: api.OpListIntegrations, Err: api.ErrNextPageList{Path: "/integrations"}},
			"list integrations: refusing Codat's next-page link: it leaves /integrations"},
		{&api.OpError{Op: api.OpFindCompany, Err: api.ErrNextPageSeen}, "find company: Codat's next-page link leads back to a page already read"},
		{webhook.ErrSecretEmpty, "webhook secret: empty; copy the endpoint's signing secret (whsec_…) from Codat's Portal"},
		{webhook.ErrSecretPrefix, "webhook secret: does not start with whsec_"},
		{webhook.ErrSecretEncoding, "webhook secret: the part after whsec_ is not valid base64"},
		{webhook.ErrSecretTooShort{Got: 15, Need: 16}, "webhook secret: too short (15 bytes after decoding, need at least 16)"},
		{webhook.ErrHeaders, "verify webhook: missing or malformed signature headers"},
		{webhook.ErrTimestamp, "verify webhook: timestamp outside the allowed window"},
		{webhook.ErrSignature, "verify webhook: no matching signature"},
		{webhook.ErrReplayed, "verify webhook: message already received"},
		{webhook.ErrEnvelope, "parse webhook: the envelope has no id or eventType"},
		{webhook.ErrReceiverPath{Path: "hooks"}, `webhook receiver: path "hooks" does not start with /`},
		{webhook.ErrReceiverStarted, "start webhook receiver: already started"},
		{webhook.ErrReceiverClosed, "start webhook receiver: already closed"},
		{context.DeadlineExceeded, "Codat took too long to answer. Check your connection and try again."},
		{context.Canceled, "Cancelled."},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			if got := Explain(tt.err, clock); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// shown is a wrapper that words things its own way and keeps the cause.
type shown struct{ err error }

func (shown) Error() string   { return "something else went wrong" }
func (s shown) Unwrap() error { return s.err }

// listErr is an error type that cannot be compared with ==.
type listErr []string

func (l listErr) Error() string { return strings.Join(l, ", ") }

func TestExplainKeepsWhatWrappingAdds(t *testing.T) {
	gone := &api.Error{Op: api.OpGetCompany, Status: 404}
	goneWords := "Could not get company: Codat has no such record (404); it may have been deleted."
	limited := &api.Error{Op: api.OpListCompanies, Status: 429, RetryAt: clock.Add(2*time.Minute + 10*time.Second)}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"an error no block words", errors.New("disk full"), "disk full"},
		{"one that cannot be compared", listErr{"a", "b"}, "a, b"},
		{"context before", fmt.Errorf("reuse: %w", gone), "reuse: " + goneWords},
		{"context after", fmt.Errorf("%w The key used is the one in the OS keyring", gone),
			goneWords + " The key used is the one in the OS keyring"},
		{"two layers", fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", limited)),
			"outer: inner: Could not list companies: Codat's rate limit was reached (429). Try again after 14:03:00 UTC (in 2m10s)."},
		{"a link refused, said by the caller", fmt.Errorf("the link Codat gave for Xero: %w", api.ErrLinkScheme{Scheme: "http"}),
			"the link Codat gave for Xero: the link must use https, not http"},
		{"joined", errors.Join(gone, api.ErrNoLink), goneWords + "\nno link to check"},
		{"a wrapper with words of its own keeps them", shown{gone}, "something else went wrong"},
		{"a bare deadline wrapped", fmt.Errorf("wait: %w", context.DeadlineExceeded),
			"wait: Codat took too long to answer. Check your connection and try again."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Explain(tt.err, clock); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestEveryOpHasWords reads the Op constants from package api's source, so
// a new operation cannot reach a person as its bare identifier.
func TestEveryOpHasWords(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../api/errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, ok := spec.Type.(*ast.Ident); !ok || id.Name != "Op" {
			return true
		}
		for _, v := range spec.Values {
			if lit, ok := v.(*ast.BasicLit); ok {
				s, _ := strconv.Unquote(lit.Value)
				ops = append(ops, s)
			}
		}
		return true
	})
	if len(ops) < 20 {
		t.Fatalf("found only %d Op constants in api/errors.go; the pattern is stale", len(ops))
	}
	seen := map[string]string{}
	for _, op := range ops {
		w := assets.Text("codat.op", op)
		if w == op || w == "" || w == "codat.op" {
			t.Errorf("operation %q has no words in codat.op", op)
		}
		if other, dup := seen[w]; dup {
			t.Errorf("operations %q and %q are both worded %q", op, other, w)
		}
		seen[w] = op
	}
}
