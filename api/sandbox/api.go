package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Connection statuses, from Codat's contract.
const (
	statusPendingAuth  = "PendingAuth"
	statusLinked       = "Linked"
	statusUnlinked     = "Unlinked"
	statusDeauthorized = "Deauthorized"
)

// Codat's limits on company tags.
const (
	maxTags        = 10
	maxTagKeyLen   = 27
	maxTagValueLen = 100
	maxConsumers   = 50
)

// Codat writes most times with seven fractional digits and some with none;
// the sandbox does the same, so clients are exercised on both.
const (
	timeFine   = "2006-01-02T15:04:05.0000000Z"
	timeSecond = "2006-01-02T15:04:05Z"
)

func fmtTime(t time.Time) string    { return t.UTC().Format(timeFine) }
func fmtTimeSec(t time.Time) string { return t.UTC().Format(timeSecond) }
func fmtTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return fmtTime(*t)
}

// cleanName removes the characters Codat's company name pattern forbids,
// as Codat does ("Company (Codat[1])" becomes "Company Codat1"), and trims
// the ends.
func cleanName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" \t\n\v\f\r-',&@.?!", r):
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// validateCompany checks a name (already cleaned) and tags, returning
// Codat-style validation items.
func validateCompany(name string, tags map[string]string, validator string) []validationItemJSON {
	var errs []validationItemJSON
	add := func(msg string) {
		errs = append(errs, validationItemJSON{ItemID: "Company", Message: msg, ValidatorName: validator})
	}
	if name == "" {
		add("Name must contain at least one letter, digit or one of - ' , & @ . ? ! (other characters are removed).")
	}
	if len(tags) > maxTags {
		add(fmt.Sprintf("A company can have at most %d tags.", maxTags))
	}
	for k, v := range tags {
		if n := len([]rune(k)); n < 1 || n > maxTagKeyLen {
			add(fmt.Sprintf("Tag key %q must be 1 to %d characters long.", k, maxTagKeyLen))
		}
		if len([]rune(v)) > maxTagValueLen {
			add(fmt.Sprintf("Tag %q has a value longer than %d characters.", k, maxTagValueLen))
		}
	}
	return errs
}

// companyLinkLocked is the company's Hosted Link, its redirect. The sandbox
// has no Portal, so the same page also stands in for links.portal in
// webhook payloads.
func (s *Server) companyLinkLocked(c *company) string {
	return s.linkBaseLocked() + "/company/" + c.ID
}

func (s *Server) companyJSONLocked(c *company) companyJSON {
	conns := make([]connectionJSON, 0, len(c.Connections))
	for _, con := range c.Connections {
		conns = append(conns, s.connectionJSONLocked(c, con))
	}
	return companyJSON{
		ID:                           c.ID,
		Name:                         c.Name,
		Description:                  c.Description,
		Redirect:                     s.redirectLocked(c),
		LastSync:                     fmtTimePtr(c.LastSync),
		Created:                      fmtTime(c.Created),
		Products:                     []string{},
		Tags:                         copyTags(c.Tags),
		ReferenceSubsidiaryCompanies: []companyRefJSON{},
		DataConnections:              conns,
	}
}

func (s *Server) companyRefLocked(c *company) companyRefJSON {
	return companyRefJSON{
		ID: c.ID, Name: c.Name, Description: c.Description,
		Links: companyLinksJSON{Portal: s.companyLinkLocked(c)},
		Tags:  copyTags(c.Tags),
	}
}

func (s *Server) connectionJSONLocked(c *company, con *connection) connectionJSON {
	p, _ := findIntegration(con.PlatformKey)
	out := connectionJSON{
		ID:            con.ID,
		IntegrationID: p.integrationID(),
		SourceID:      p.sourceID(),
		SourceType:    p.SourceType,
		PlatformName:  p.Name,
		LinkURL:       s.connectionLinkLocked(c, con),
		Status:        con.Status,
		LastSync:      fmtTimePtr(con.LastSync),
		Created:       fmtTimeSec(con.Created),
	}
	if !s.opts.Strict {
		out.IntegrationKey = p.Key
	}
	for _, e := range con.Errors {
		ej := connectionErrorJSON{
			StatusCode: e.StatusCode, StatusText: e.StatusText, ErrorMessage: e.ErrorMessage,
			ErroredOnUtc: fmtTime(e.ErroredOn), Status: e.Status, ResolvedOnUtc: fmtTimePtr(e.ResolvedOn),
		}
		out.DataConnectionErrors = append(out.DataConnectionErrors, ej)
	}
	return out
}

func copyTags(t map[string]string) map[string]string {
	out := make(map[string]string, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}

func (s *Server) findCompanyLocked(id string) (*company, int) {
	for i, c := range s.st.Companies {
		if c.ID == id {
			return c, i
		}
	}
	return nil, -1
}

func findConnection(c *company, id string) (*connection, int) {
	for i, con := range c.Connections {
		if con.ID == id {
			return con, i
		}
	}
	return nil, -1
}

// companyLocked finds the company the request's path names, answering 404
// itself when there is none. i is its index in the state.
func (s *Server) companyLocked(w http.ResponseWriter, r *http.Request) (c *company, i int) {
	id := r.PathValue("companyId")
	if c, i = s.findCompanyLocked(id); c == nil {
		s.writeError(w, http.StatusNotFound, serviceClients, "No company was found with ID "+id, nil)
	}
	return c, i
}

// connectionLocked finds the company and the connection the request's path
// names, answering 404 itself when either is missing. i is the connection's
// index in the company.
func (s *Server) connectionLocked(w http.ResponseWriter, r *http.Request) (c *company, con *connection, i int) {
	if c, _ = s.companyLocked(w, r); c == nil {
		return nil, nil, -1
	}
	id := r.PathValue("connectionId")
	if con, i = findConnection(c, id); con == nil {
		s.writeError(w, http.StatusNotFound, servicePublic, "Data connection "+id+" not found", nil)
		return nil, nil, -1
	}
	return c, con, i
}

func (s *Server) stateError(w http.ResponseWriter, err error) {
	s.writeError(w, http.StatusInternalServerError, servicePublic,
		"There is a problem with our server. Please try again later. ("+err.Error()+")", nil)
}
