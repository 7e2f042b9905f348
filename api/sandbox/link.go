package sandbox

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onboardcli/onboard/assets"
)

// The stand-in Hosted Link pages. A company's redirect URL leads to a
// category choice, then a platform choice (which creates the connection, as
// picking a platform does in Codat's Link; a connection already pending for
// that platform is reused rather than piling up), then the pretend sign-in
// page of that connection, which is also where a connection's linkUrl leads.
// Its Authorize and Cancel buttons are what move the connection.
//
// Forms carry a token signed for that one form and valid for an hour, and a
// POST from another site's page is refused, so a page elsewhere cannot click
// the buttons for the presenter.

const tokenLifetime = time.Hour

// pageNames are the page templates in assets/linkpages besides the layout.
var pageNames = []string{"company", "platforms", "signin", "done", "error", "portal"}

// linkPages are parsed the first time a page is opened, not when the
// sandbox starts: the demo's first frame waits for the start.
var linkPages = sync.OnceValues(parsePages)

// parsePages builds one template set per page, each wrapped in the layout.
func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).ParseFS(assets.LinkPages, "linkpages/layout.html", "linkpages/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse link page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// pageData is what every Link page template receives.
type pageData struct {
	Title        string
	Tone         string // ok, cancel or error: colours the heading
	Company      companyView
	Connections  []connView
	Categories   []categoryView
	Category     string
	CategoryNoun string
	Platforms    []platformView
	Platform     platformView
	Action       string
	Token        string
	BackHref     string
	Reconnect    bool
	WasCancelled bool
	Outcome      string // done page: connected, already or cancelled
	Problem      string // error page: notfound, expired, linkused, accounting-taken, unavailable, internal, portal-…
	Other        string // error page: the platform already connected
	Portal       bool   // a stand-in Portal page rather than a Link page
	PortalToken  string
	Endpoints    []endpointView
}

type companyView struct{ ID, Name string }

type connView struct{ Platform, Category, Status string }

type categoryView struct{ Name, Href, Linked string }

type platformView struct {
	Key, Name, Initial string
	Color              template.CSS
	Beta, Offline      bool
}

func viewOf(p *integration) platformView {
	return platformView{Key: p.Key, Name: p.Name, Initial: p.initial(), Color: template.CSS(p.Color), Beta: p.Beta, Offline: p.Offline}
}

// renderPage writes a Link page. The headers keep the page self-contained:
// nothing loads from elsewhere, forms post only back here, and no other site
// can frame it.
func (s *Server) renderPage(w http.ResponseWriter, status int, name string, data pageData) {
	var buf bytes.Buffer
	pages, err := linkPages()
	if err == nil {
		err = pages[name].ExecuteTemplate(&buf, "layout", data)
	}
	if err != nil {
		http.Error(w, "render page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(buf.Bytes()) //nolint:errcheck // the browser may already be gone
}

func (s *Server) pageError(w http.ResponseWriter, status int, problem string, data pageData) {
	data.Title, data.Tone, data.Problem = "Link", "error", problem
	s.renderPage(w, status, "error", data)
}

// formToken signs purpose (which names the one form) with an expiry.
func (s *Server) formToken(purpose string) string {
	exp := strconv.FormatInt(time.Now().Add(tokenLifetime).Unix(), 10)
	return exp + "." + s.tokenMAC(purpose, exp)
}

func (s *Server) tokenMAC(purpose, exp string) string {
	m := hmac.New(sha256.New, s.linkKey)
	m.Write([]byte(purpose + "|" + exp))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkForm accepts a POST only with a valid, unexpired token for purpose,
// and only from a page of this server (browsers send Origin on form posts).
func (s *Server) checkForm(r *http.Request, purpose string) bool {
	if origin := r.Header.Get("Origin"); origin != "" && origin != "null" {
		u, err := url.Parse(origin)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	if err := r.ParseForm(); err != nil {
		return false
	}
	exp, mac, ok := strings.Cut(r.PostForm.Get("token"), ".")
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || time.Now().Unix() > n {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(s.tokenMAC(purpose, exp)))
}

func categoryNoun(sourceType string) string { return strings.ToLower(sourceType) }

// linkCompanyPage is the company redirect: the category choice, or with
// ?category= the platforms of one category.
func (s *Server) linkCompanyPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("companyId")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.findCompanyLocked(id)
	if c == nil {
		s.pageError(w, http.StatusNotFound, "notfound", pageData{})
		return
	}
	if !s.admitLinkLocked(w, r, c, "") {
		return
	}
	self := "/link/company/" + url.PathEscape(c.ID)
	data := pageData{Title: c.Name, Company: companyView{c.ID, c.Name}}

	category := ""
	for _, cat := range linkCategories {
		if strings.EqualFold(r.URL.Query().Get("category"), cat) {
			category = cat
		}
	}
	if category == "" {
		for _, con := range c.Connections {
			p, _ := findIntegration(con.PlatformKey)
			data.Connections = append(data.Connections, connView{p.Name, p.SourceType, con.Status})
		}
		for _, cat := range linkCategories {
			cv := categoryView{Name: cat, Href: self + "?category=" + strings.ToLower(cat)}
			for _, con := range c.Connections {
				if p, _ := findIntegration(con.PlatformKey); p.SourceType == cat && con.Status == statusLinked {
					cv.Linked = p.Name
				}
			}
			data.Categories = append(data.Categories, cv)
		}
		s.renderPage(w, http.StatusOK, "company", data)
		return
	}
	data.Category, data.CategoryNoun = category, categoryNoun(category)
	data.Action = self
	data.Token = s.formToken("pick:" + c.ID)
	data.BackHref = self
	// Sandbox platforms first: they are what a demo picks.
	for _, sandboxFirst := range []bool{true, false} {
		for i := range catalogue {
			p := &catalogue[i]
			if p.SourceType == category && p.Enabled && strings.Contains(p.Name, "Sandbox") == sandboxFirst {
				data.Platforms = append(data.Platforms, viewOf(p))
			}
		}
	}
	s.renderPage(w, http.StatusOK, "platforms", data)
}

// linkPickPlatform handles a platform choice: it finds or creates the
// connection and sends the browser to its sign-in page.
func (s *Server) linkPickPlatform(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("companyId")
	if !s.checkForm(r, "pick:"+id) {
		s.pageError(w, http.StatusForbidden, "expired", pageData{BackHref: "/link/company/" + url.PathEscape(id)})
		return
	}
	key := r.PostForm.Get("platformKey")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.findCompanyLocked(id)
	if c == nil {
		s.pageError(w, http.StatusNotFound, "notfound", pageData{})
		return
	}
	if !s.admitLinkLocked(w, r, c, "") {
		return
	}
	back := "/link/company/" + url.PathEscape(c.ID)
	data := pageData{Company: companyView{c.ID, c.Name}, BackHref: back}
	p, ok := findIntegration(key)
	if !ok || !p.Enabled {
		s.pageError(w, http.StatusBadRequest, "unavailable", data)
		return
	}
	var con *connection
	for _, existing := range c.Connections {
		if existing.PlatformKey == key && existing.Status != statusLinked {
			con = existing // pending, unlinked or deauthorized: sign in again to the same one
		}
	}
	if con == nil {
		if other := linkedAccounting(c); p.SourceType == "Accounting" && other != nil {
			op, _ := findIntegration(other.PlatformKey)
			data.Other = op.Name
			s.pageError(w, http.StatusConflict, "accounting-taken", data)
			return
		}
		var status int
		if con, status, _ = s.createConnectionLocked(c, key); con == nil {
			s.pageError(w, status, "internal", data)
			return
		}
	}
	http.Redirect(w, r, startPath(c.ID, con.ID)+"?from=company", http.StatusSeeOther)
}

func startPath(companyID, connectionID string) string {
	return path.Join("/link/companies", url.PathEscape(companyID), "connections", url.PathEscape(connectionID), "start")
}

// connectionPage is what the sign-in and done pages of a connection show.
func connectionPage(c *company, con *connection) (pageData, *integration) {
	p, _ := findIntegration(con.PlatformKey)
	return pageData{
		Title: p.Name, Company: companyView{c.ID, c.Name}, Platform: viewOf(p),
		Category: p.SourceType, CategoryNoun: categoryNoun(p.SourceType),
	}, p
}

// linkStartPage is a connection's linkUrl: the pretend sign-in page.
func (s *Server) linkStartPage(w http.ResponseWriter, r *http.Request) {
	cid, conid := r.PathValue("companyId"), r.PathValue("connectionId")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, err := s.lookupLocked(cid, conid)
	if err != nil {
		s.pageError(w, http.StatusNotFound, "notfound", pageData{})
		return
	}
	if !s.admitLinkLocked(w, r, c, con.ID) {
		return
	}
	data, p := connectionPage(c, con)
	if r.URL.Query().Get("from") == "company" {
		data.BackHref = "/link/company/" + url.PathEscape(c.ID) + "?category=" + strings.ToLower(p.SourceType)
	}
	if con.Status == statusLinked {
		data.Tone, data.Outcome = "ok", "already"
		s.renderPage(w, http.StatusOK, "done", data)
		return
	}
	data.Reconnect = con.Status == statusUnlinked || con.Status == statusDeauthorized
	data.WasCancelled = cancelled(con)
	data.Action = startPath(c.ID, con.ID)
	data.Token = s.formToken("decide:" + con.ID)
	s.renderPage(w, http.StatusOK, "signin", data)
}

// linkDecide handles Authorize and Cancel on the sign-in page.
func (s *Server) linkDecide(w http.ResponseWriter, r *http.Request) {
	cid, conid := r.PathValue("companyId"), r.PathValue("connectionId")
	if !s.checkForm(r, "decide:"+conid) {
		s.pageError(w, http.StatusForbidden, "expired", pageData{})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, con, err := s.lookupLocked(cid, conid)
	if err != nil {
		s.pageError(w, http.StatusNotFound, "notfound", pageData{})
		return
	}
	if !s.admitLinkLocked(w, r, c, con.ID) {
		return
	}
	data, _ := connectionPage(c, con)
	data.BackHref = "/link/company/" + url.PathEscape(c.ID)
	switch r.PostForm.Get("action") {
	case "authorize":
		err = s.authorizeLocked(c, con)
		data.Tone, data.Outcome = "ok", "connected"
	case "cancel":
		err = s.cancelLocked(c, con)
		data.Tone, data.Outcome = "cancel", "cancelled"
	default:
		s.pageError(w, http.StatusBadRequest, "internal", data)
		return
	}
	switch {
	case errors.Is(err, ErrAlreadyLinked):
		data.Tone, data.Outcome = "ok", "already"
	case errors.Is(err, ErrAccountingTaken):
		if other := linkedAccounting(c); other != nil {
			op, _ := findIntegration(other.PlatformKey)
			data.Other = op.Name
		}
		s.pageError(w, http.StatusConflict, "accounting-taken", data)
		return
	case err != nil:
		s.pageError(w, http.StatusInternalServerError, "internal", data)
		return
	}
	s.renderPage(w, http.StatusOK, "done", data)
}
