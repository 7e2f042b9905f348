package sandbox

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// Services named in error bodies, as Codat names them.
const (
	servicePublic  = "PublicApi"
	serviceClients = "ClientsApi"
)

// SandboxHeader is set on every answer the sandbox gives, so a client can
// tell it is talking to the sandbox without guessing from the address.
const SandboxHeader = "X-Onboard-Sandbox"

type handler = func(*Server, http.ResponseWriter, *http.Request)

// apiRoutes are the Codat API operations the sandbox serves. The patterns
// double as the route templates Requests and the fault knobs use.
var apiRoutes = []struct {
	pattern string
	handle  handler
}{
	{"GET /companies", (*Server).listCompanies},
	{"POST /companies", (*Server).createCompany},
	{"GET /companies/{companyId}", (*Server).getCompany},
	{"PUT /companies/{companyId}", (*Server).replaceCompany},
	{"PATCH /companies/{companyId}", (*Server).updateCompany},
	{"DELETE /companies/{companyId}", (*Server).deleteCompany},
	{"GET /companies/{companyId}/connections", (*Server).listConnections},
	{"POST /companies/{companyId}/connections", (*Server).createConnection},
	{"GET /companies/{companyId}/connections/{connectionId}", (*Server).getConnection},
	{"PATCH /companies/{companyId}/connections/{connectionId}", (*Server).unlinkConnection},
	{"DELETE /companies/{companyId}/connections/{connectionId}", (*Server).deleteConnection},
	{"GET /companies/{companyId}/dataStatus", (*Server).getDataStatus},
	{"GET /integrations", (*Server).listIntegrations},
	{"GET /integrations/{platformKey}", (*Server).getIntegration},
	{"GET /integrations/{platformKey}/branding", (*Server).getBranding},
	{"GET /webhooks", (*Server).listWebhooks},
	{"POST /webhooks", (*Server).createWebhook},
	{"DELETE /webhooks/{webhookId}", (*Server).deleteWebhook},
	{"GET /profile", (*Server).getProfile},
	{"GET /profile/syncSettings", (*Server).getSyncSettings},
}

// pageRoutes are the stand-in pages for browsers: Hosted Link and Portal.
// They are no part of Codat's API, need no key and count against no quota.
var pageRoutes = []struct {
	pattern string
	handle  handler
}{
	{"GET /link/company/{companyId}", (*Server).linkCompanyPage},
	{"POST /link/company/{companyId}", (*Server).linkPickPlatform},
	{"GET /link/companies/{companyId}/connections/{connectionId}/start", (*Server).linkStartPage},
	{"POST /link/companies/{companyId}/connections/{connectionId}/start", (*Server).linkDecide},
	{"GET /portal/webhooks", (*Server).portalPage},
	{"POST /portal/webhooks", (*Server).portalAddEndpoint},
}

// Routes lists the API operations the sandbox serves, as the route
// templates FailNext, DropNext, TruncateNext and Requests take, such as
// "GET /companies/{companyId}".
func Routes() []string {
	out := make([]string, len(apiRoutes))
	for i, r := range apiRoutes {
		out[i] = r.pattern
	}
	return out
}

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	for _, table := range [][]struct {
		pattern string
		handle  handler
	}{apiRoutes, pageRoutes} {
		for _, r := range table {
			m.HandleFunc(r.pattern, func(w http.ResponseWriter, req *http.Request) { r.handle(s, w, req) })
		}
	}
	return m
}

// isPage reports whether a path is one of the browser pages.
func isPage(path string) bool {
	for _, prefix := range []string{"/link", "/portal"} {
		if path == prefix || strings.HasPrefix(path, prefix+"/") {
			return true
		}
	}
	return false
}

// faults are the knobs one request uses up.
type faults struct {
	latency    time.Duration
	drop       bool
	failStatus int
	truncate   bool
}

func (s *Server) takeFaultsLocked(route string) faults {
	f := faults{latency: s.latencyLocked(route)}
	f.drop = s.takeLocked(route, func(k *knob) *int { return &k.drop })
	if !f.drop {
		if k := s.takeKnobLocked(route, func(k *knob) *int { return &k.fail }); k != nil {
			f.failStatus = k.failStatus
		}
	}
	f.truncate = !f.drop && f.failStatus == 0 && s.takeLocked(route, func(k *knob) *int { return &k.truncate })
	return f
}

// ServeHTTP applies, in order: the sandbox header, request counting, the
// fault knobs, Basic auth and the rate limit (API only), then the endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(SandboxHeader, "1")
	// Handler only finds the route; the mux itself must serve the request so
	// the path values are filled in.
	_, route := s.mux.Handler(r)
	page := isPage(r.URL.Path)

	s.mu.Lock()
	if route != "" {
		s.requests[route]++
	}
	f := s.takeFaultsLocked(route)
	var after afterFault
	if !f.drop && f.failStatus == 0 && !f.truncate {
		after = s.takeAfterFaultLocked(route)
	}
	s.mu.Unlock()

	if f.latency > 0 {
		t := time.NewTimer(f.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f.drop {
		dropConnection(w)
		return
	}
	if f.failStatus != 0 {
		if !page {
			s.admit(w, false) // the quota's headers, without using it up
		}
		if f.failStatus == http.StatusTooManyRequests || f.failStatus == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		s.writeError(w, f.failStatus, servicePublic, injectedMessage(f.failStatus), nil)
		return
	}
	if !page {
		if !s.authorized(r) {
			s.admit(w, false)
			s.writeError(w, http.StatusUnauthorized, servicePublic, "Unauthorized", nil)
			return
		}
		if !s.admit(w, true) {
			return
		}
	}

	s.mu.Lock()
	s.advanceLocked()
	s.mu.Unlock()

	switch {
	case route == "":
		s.serveUnrouted(w, r, page)
	case after.act:
		s.serveAfterFault(w, r, after)
	case f.truncate:
		s.serveTruncated(w, r)
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// serveUnrouted lets the mux tell 404 from 405, then answers in Codat's
// shape, or with the not-found page under /link and /portal.
func (s *Server) serveUnrouted(w http.ResponseWriter, r *http.Request, page bool) {
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, r)
	if allow := rec.Header().Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	if page {
		s.pageError(w, rec.Code, "notfound", pageData{})
		return
	}
	msg := "The requested resource could not be found."
	if rec.Code == http.StatusMethodNotAllowed {
		msg = "The requested method is not supported for this resource."
	}
	s.writeError(w, rec.Code, servicePublic, msg, nil)
}

// serveTruncated runs the endpoint but sends only the first half of its
// body, with a Content-Length to match.
func (s *Server) serveTruncated(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	cut := body[:len(body)/2]
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(cut)))
	w.WriteHeader(rec.Code)
	w.Write(cut) //nolint:errcheck // the client may already be gone
}

// authorized reports whether the request carries "Basic " followed by the
// base64 of the API key, which is what Codat expects.
func (s *Server) authorized(r *http.Request) bool {
	got := strings.TrimSpace(r.Header.Get("Authorization"))
	scheme, value, ok := strings.Cut(got, " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return false
	}
	want := base64.StdEncoding.EncodeToString([]byte(s.APIKey()))
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(value)), []byte(want)) == 1
}

// dropConnection closes the connection without a response, like a network
// failure. Where the connection cannot be taken over (a ResponseRecorder),
// aborting the handler has the same effect on a real server.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func injectedMessage(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "You have made too many requests in a given amount of time; please retry later."
	case http.StatusInternalServerError:
		return "There is a problem with our server. Please try again later."
	case http.StatusServiceUnavailable:
		return "The Codat API is temporarily offline for maintenance. Please try again later."
	case http.StatusUnauthorized:
		return "Unauthorized"
	case http.StatusForbidden:
		return "You are using an outdated API key or a key not associated with that resource."
	}
	return http.StatusText(status)
}

// writeJSON sends a JSON body with a status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encode response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes()) //nolint:errcheck // the client may already be gone
}

// writeError sends Codat's ErrorMessage body.
func (s *Server) writeError(w http.ResponseWriter, status int, service, msg string, validation []validationItemJSON) {
	body := errorJSON{
		StatusCode:    status,
		Service:       service,
		Error:         msg,
		CorrelationID: randomToken(16),
		CanBeRetried:  "Unknown",
	}
	if len(validation) > 0 {
		body.Validation = &errorValidationJSON{Errors: validation, Warnings: []validationItemJSON{}}
	}
	writeJSON(w, status, body)
}

// refused is the status of a request the sandbox will not act on, for the
// operations whose contract declares no 400 (replacing or updating a
// company, creating or unlinking a connection): 403 is the refusal every
// operation declares, so a client meets only statuses the contract lists.
const refused = http.StatusForbidden

// decodeBody reads a JSON request body into v, answering status (400, or
// refused where the operation declares no 400) itself when it cannot.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any, validator string, status int) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		s.writeError(w, status, servicePublic, "Error processing request - not valid.",
			[]validationItemJSON{{ItemID: "body", Message: "The request body is not valid JSON: " + err.Error(), ValidatorName: validator}})
		return false
	}
	return true
}
