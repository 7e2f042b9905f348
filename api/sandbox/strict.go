package sandbox

import (
	"crypto/hmac"
	"crypto/rand"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The strict profile (Options.Strict) answers as Codat's contract and
// documentation allow at worst, where the default profile is kinder:
//
//   - name= and name~ on /companies compare case-sensitively;
//   - connections carry no integrationKey (the contract no longer requires it);
//   - query is ignored on /integrations: every integration comes back;
//   - Hosted Links are one-time: a company's redirect and a connection's
//     linkUrl carry a code that works once and for a day, so every fetch of the
//     company or connection gives a new link and a second use of one answers
//     an expired page;
//   - dataStatus lists every data type: null for those no connection reads,
//     and an entry with only dataType for those not read yet;
//   - every API answer carries the rate limit headers (Codat's daily quota
//     unless RateLimit is set), and the quota is enforced;
//   - the tags filter on /companies is refused, as for a client that never
//     asked for it to be switched on;
//   - webhooks are signed with the endpoint's own secret alone;
//   - dataStatus shows a read only once it is picked up, strictReadPickup
//     after the link: until then, after a reconnect, the last read's
//     Complete entries still show.

const (
	strictReadPickup = 400 * time.Millisecond
	oneTimeLinkLife  = 24 * time.Hour
	// maxOneTimeLinks bounds the codes remembered; the oldest go first,
	// and a forgotten code answers like an expired one.
	maxOneTimeLinks = 100_000
	linkSessionLife = time.Hour
	linkSessionName = "sandbox_link_session"
)

// oneTimeLink is a Hosted Link code handed out in the strict profile.
type oneTimeLink struct {
	companyID    string
	connectionID string // "" for a company's redirect
	expires      time.Time
	used         bool
}

// mintLinkLocked makes a new one-time code for a company's redirect
// (connectionID "") or a connection's linkUrl.
func (s *Server) mintLinkLocked(companyID, connectionID string) string {
	now := s.now()
	for len(s.otpOrder) > 0 {
		oldest := s.otps[s.otpOrder[0]]
		if len(s.otpOrder) < maxOneTimeLinks && (oldest == nil || now.Before(oldest.expires)) {
			break
		}
		delete(s.otps, s.otpOrder[0])
		s.otpOrder = s.otpOrder[1:]
	}
	var code string
	for code == "" || s.otps[code] != nil {
		code = randomDigits(6)
	}
	s.otps[code] = &oneTimeLink{companyID: companyID, connectionID: connectionID, expires: now.Add(oneTimeLinkLife)}
	s.otpOrder = append(s.otpOrder, code)
	return code
}

// redirectLocked is a company's Hosted Link as the API gives it.
func (s *Server) redirectLocked(c *company) string {
	link := s.companyLinkLocked(c)
	if s.opts.Strict {
		link += "?link.otp=" + s.mintLinkLocked(c.ID, "")
	}
	return link
}

// connectionLinkLocked is a connection's linkUrl as the API gives it.
func (s *Server) connectionLinkLocked(c *company, con *connection) string {
	link := s.baseURL + startPath(c.ID, con.ID)
	if s.opts.Strict {
		link += "?otp=" + s.mintLinkLocked(c.ID, con.ID)
	}
	return link
}

// admitLinkLocked decides whether a Link page of company c (and connection
// connectionID, "" for the company's own pages) may be used. The default
// profile always admits. The strict profile admits a request carrying an
// unused, unexpired code for exactly that page, using the code up and
// starting a browser session for the company, or a request from such a
// session; anything else gets the expired page and false.
func (s *Server) admitLinkLocked(w http.ResponseWriter, r *http.Request, c *company, connectionID string) bool {
	if !s.opts.Strict {
		return true
	}
	q := r.URL.Query()
	code := q.Get("link.otp")
	if connectionID != "" {
		code = q.Get("otp")
	}
	if code == "" && (q.Has("link.otp") || q.Has("otp")) {
		code = "-" // present but empty: never valid
	}
	if code == "" && s.linkSessionValid(r, c.ID) {
		return true
	}
	if l := s.otps[code]; code != "" && l != nil && !l.used && s.now().Before(l.expires) &&
		l.companyID == c.ID && l.connectionID == connectionID {
		l.used = true
		http.SetCookie(w, s.linkSessionCookie(c.ID))
		return true
	}
	s.pageError(w, http.StatusGone, "linkused", pageData{Company: companyView{c.ID, c.Name}})
	return false
}

// linkSessionCookie lets the browser that opened a one-time link go on
// through the pages that follow it, for an hour, for that company only.
func (s *Server) linkSessionCookie(companyID string) *http.Cookie {
	exp := strconv.FormatInt(time.Now().Add(linkSessionLife).Unix(), 10)
	return &http.Cookie{
		Name: linkSessionName, Value: url.PathEscape(companyID) + "." + exp + "." + s.tokenMAC("session:"+companyID, exp),
		Path: "/link/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: int(linkSessionLife / time.Second),
	}
}

func (s *Server) linkSessionValid(r *http.Request, companyID string) bool {
	ck, err := r.Cookie(linkSessionName)
	if err != nil {
		return false
	}
	parts := strings.Split(ck.Value, ".")
	if len(parts) != 3 || parts[0] != url.PathEscape(companyID) {
		return false
	}
	n, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || time.Now().Unix() > n {
		return false
	}
	return hmac.Equal([]byte(parts[2]), []byte(s.tokenMAC("session:"+companyID, parts[1])))
}

// randomDigits is n random decimal digits, like Codat's link codes.
func randomDigits(n int) string {
	var b strings.Builder
	for range n {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			panic("sandbox: no randomness: " + err.Error())
		}
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String()
}

// allDataTypes is every data type the catalogue reads, in catalogue order.
func allDataTypes() []string {
	var out []string
	seen := map[string]bool{}
	for i := range catalogue {
		for _, dt := range catalogue[i].DataTypes {
			if !seen[dt] {
				seen[dt] = true
				out = append(out, dt)
			}
		}
	}
	return out
}

// strictDataStatusLocked fills in what the strict profile adds to a
// company's data status: null for every data type none of its connections
// reads, and an entry with only dataType for those a connection offers but
// has not read yet (docs: "Only dataType present: the type was never
// synced").
func (s *Server) strictDataStatusLocked(c *company, read map[string]*dataStatusJSON) map[string]*dataStatusJSON {
	for _, dt := range allDataTypes() {
		if _, ok := read[dt]; !ok {
			read[dt] = nil
		}
	}
	for _, con := range c.Connections {
		p, _ := findIntegration(con.PlatformKey)
		for _, dt := range p.DataTypes {
			if read[dt] == nil {
				read[dt] = &dataStatusJSON{DataType: dt}
			}
		}
	}
	return read
}
