package sandbox

import (
	"crypto/subtle"
	"net/http"
	"net/url"
)

// The stand-in Portal: one page listing the webhook endpoints with their
// signing secrets, where an endpoint can also be added, as in Codat's Portal
// (Monitor > Webhooks > Events). It lives under /portal, outside the API
// routes, needs no API key, and opens only with the token in PortalURL, so
// someone else on the machine who finds the port cannot read the secrets.

// PortalPath is where the stand-in Portal page is served.
const PortalPath = "/portal/webhooks"

// PortalURL is the address of the stand-in Portal page, token included:
// print it only where the API key is printed too.
func (s *Server) PortalURL() string {
	return s.BaseURL() + PortalPath + "?" + url.Values{"token": {s.portalToken}}.Encode()
}

// endpointView is one endpoint on the Portal page.
type endpointView struct {
	ID, URL, Secret string
	Events          []string
}

func (s *Server) portalTokenOK(got string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.portalToken)) == 1
}

func (s *Server) portalPage(w http.ResponseWriter, r *http.Request) {
	if !s.portalTokenOK(r.URL.Query().Get("token")) {
		s.portalError(w, http.StatusForbidden, "portal-locked")
		return
	}
	data := pageData{
		Title: "Webhooks", Portal: true, Action: PortalPath,
		Token: s.formToken("portal"), PortalToken: s.portalToken,
	}
	for _, e := range s.Endpoints() {
		data.Endpoints = append(data.Endpoints, endpointView{ID: e.ID, URL: e.URL, Secret: e.Secret, Events: e.Events})
	}
	s.renderPage(w, http.StatusOK, "portal", data)
}

// portalAddEndpoint handles the page's form, then shows the page again.
func (s *Server) portalAddEndpoint(w http.ResponseWriter, r *http.Request) {
	if !s.checkForm(r, "portal") {
		s.portalError(w, http.StatusForbidden, "expired")
		return
	}
	if !s.portalTokenOK(r.PostForm.Get("portal")) {
		s.portalError(w, http.StatusForbidden, "portal-locked")
		return
	}
	if _, err := s.AddEndpoint(r.PostForm.Get("url"), nil); err != nil {
		s.portalError(w, http.StatusBadRequest, "portal-bad-url")
		return
	}
	http.Redirect(w, r, PortalPath+"?"+url.Values{"token": {s.portalToken}}.Encode(), http.StatusSeeOther)
}

func (s *Server) portalError(w http.ResponseWriter, status int, problem string) {
	s.renderPage(w, status, "error", pageData{Title: "Webhooks", Tone: "error", Portal: true, Problem: problem})
}
