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

// routes registers every endpoint. The registered patterns double as the
// route templates Requests and the fault knobs use.
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /companies", s.listCompanies)
	m.HandleFunc("POST /companies", s.createCompany)
	m.HandleFunc("GET /companies/{companyId}", s.getCompany)
	m.HandleFunc("PUT /companies/{companyId}", s.replaceCompany)
	m.HandleFunc("PATCH /companies/{companyId}", s.updateCompany)
	m.HandleFunc("DELETE /companies/{companyId}", s.deleteCompany)
	m.HandleFunc("GET /companies/{companyId}/connections", s.listConnections)
	m.HandleFunc("POST /companies/{companyId}/connections", s.createConnection)
	m.HandleFunc("GET /companies/{companyId}/connections/{connectionId}", s.getConnection)
	m.HandleFunc("PATCH /companies/{companyId}/connections/{connectionId}", s.unlinkConnection)
	m.HandleFunc("DELETE /companies/{companyId}/connections/{connectionId}", s.deleteConnection)
	m.HandleFunc("GET /companies/{companyId}/dataStatus", s.getDataStatus)
	m.HandleFunc("GET /integrations", s.listIntegrations)
	m.HandleFunc("GET /integrations/{platformKey}", s.getIntegration)
	m.HandleFunc("GET /integrations/{platformKey}/branding", s.getBranding)
	m.HandleFunc("GET /webhooks", s.listWebhooks)
	m.HandleFunc("POST /webhooks", s.createWebhook)
	m.HandleFunc("DELETE /webhooks/{webhookId}", s.deleteWebhook)

	m.HandleFunc("GET /link/company/{companyId}", s.linkCompanyPage)
	m.HandleFunc("POST /link/company/{companyId}", s.linkPickPlatform)
	m.HandleFunc("GET /link/companies/{companyId}/connections/{connectionId}/start", s.linkStartPage)
	m.HandleFunc("POST /link/companies/{companyId}/connections/{connectionId}/start", s.linkDecide)
	return m
}

// ServeHTTP applies, in order: request counting, the fault knobs, Basic auth
// and the rate limit (API only), then the endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Handler only finds the route; the mux itself must serve the request so
	// the path values are filled in.
	_, route := s.mux.Handler(r)
	isLink := r.URL.Path == "/link" || strings.HasPrefix(r.URL.Path, "/link/")

	f := s.takeFaults(route)
	if s.injectFault(w, r, f) {
		return
	}
	if !isLink {
		if !s.authorized(r) {
			s.writeError(w, http.StatusUnauthorized, servicePublic, "Unauthorized", nil)
			return
		}
		if !s.admit(w) {
			return
		}
	}

	s.mu.Lock()
	s.advanceLocked()
	s.mu.Unlock()

	switch {
	case route == "":
		s.serveUnrouted(w, r, isLink)
	case f.truncate:
		s.serveTruncated(w, r)
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// faults are what the knobs do to one request.
type faults struct {
	latency    time.Duration
	drop       bool
	failStatus int // 0: no injected failure
	truncate   bool
}

// takeFaults counts the request and takes the faults its route's knobs
// hold for it.
func (s *Server) takeFaults(route string) faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	if route != "" {
		s.requests[route]++
	}
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

// injectFault waits out the latency, then drops the connection or answers
// with the injected failure. It reports whether the request was answered
// (or abandoned) here.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, f faults) bool {
	if f.latency > 0 {
		t := time.NewTimer(f.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	if f.drop {
		dropConnection(w)
		return true
	}
	if f.failStatus != 0 {
		if f.failStatus == http.StatusTooManyRequests || f.failStatus == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		s.writeError(w, f.failStatus, servicePublic, injectedMessage(f.failStatus), nil)
		return true
	}
	return false
}

// serveUnrouted lets the mux tell 404 from 405, then answers in Codat's
// shape (or with the stand-in page's, under /link).
func (s *Server) serveUnrouted(w http.ResponseWriter, r *http.Request, isLink bool) {
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, r)
	if allow := rec.Header().Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	if isLink {
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
// body, with a Content-Length to match: an answer that arrives whole and
// cannot be read.
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

// decodeBody reads a JSON request body into v, answering 400 itself when it
// cannot.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any, validator string) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.",
			[]validationItemJSON{{ItemID: "body", Message: "The request body is not valid JSON: " + err.Error(), ValidatorName: validator}})
		return false
	}
	return true
}
