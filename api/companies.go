package api

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// ListCompaniesParams filters and orders a company list.
type ListCompaniesParams struct {
	Query   string // Codat query, e.g. "name~Acme"
	Tags    string // tag filter, e.g. "uid=cust_123"
	OrderBy string // field name, "-" prefix for descending
	// PageSize is the number of companies per request: 100 when zero, at
	// most 2000. Every page is fetched either way.
	PageSize int
}

// ListCompanies returns every company matching q, following Codat's paging
// until the list is complete.
func (c *Client) ListCompanies(ctx context.Context, q ListCompaniesParams) ([]Company, error) {
	return c.listCompanies(ctx, OpListCompanies, q)
}

func (c *Client) listCompanies(ctx context.Context, op Op, q ListCompaniesParams) ([]Company, error) {
	v := url.Values{}
	if q.Query != "" {
		v.Set("query", q.Query)
	}
	if q.Tags != "" {
		v.Set("tags", q.Tags)
	}
	if q.OrderBy != "" {
		v.Set("orderBy", q.OrderBy)
	}
	if q.PageSize > 0 {
		v.Set("pageSize", strconv.Itoa(min(q.PageSize, maxPageSize)))
	}
	return listAll[Company](ctx, c, call{
		op: op, method: http.MethodGet, endpoint: "/companies", path: "/companies", query: v,
	}, true)
}

// SearchCompanies finds the companies a person may mean by a typed name:
// first those whose name equals it (ignoring case and the characters Codat
// drops from names) or whose description holds it as onboard stored it, then
// those whose name contains it, each once. Codat may compare names
// case-sensitively, so the query asks for the name as typed, in lower case,
// in Title Case and in upper case (in the name or the description), and the
// answer is compared locally. Where Codat refuses the query, or it would be
// too long, every company is listed (in pages, up to the client's bound on
// pages) and compared locally; where Codat ignores it, that is what comes
// back anyway. A name that leaves nothing to search for (no character Codat
// accepts, or only "!" and "&") matches nothing.
func (c *Client) SearchCompanies(ctx context.Context, name string) ([]Company, error) {
	return c.searchCompanies(ctx, OpSearchCompanies, name)
}

func (c *Client) searchCompanies(ctx context.Context, op Op, name string) ([]Company, error) {
	cleaned, _ := ValidCompanyName(name)
	term := queryTerm(cleaned)
	if term == "" {
		return nil, nil
	}
	found, err := c.companiesNamed(ctx, op, cleaned, term)
	if err != nil {
		return nil, err
	}
	needle := strings.ToLower(cleaned)
	seen := map[string]bool{}
	var exact, partial []Company
	for _, co := range found {
		if seen[co.ID] {
			continue
		}
		seen[co.ID] = true
		have, _ := ValidCompanyName(co.Name)
		switch {
		case strings.EqualFold(have, cleaned), sameCompanyName(co.Description, cleaned):
			exact = append(exact, co)
		case strings.Contains(strings.ToLower(have), needle):
			partial = append(partial, co)
		}
	}
	return append(exact, partial...), nil
}

// maxQueryLen is the longest query Codat takes.
const maxQueryLen = 2048

// companiesNamed lists the companies whose name or description may hold
// term in any case: by query where the API ignores case in it, else by
// listing (namecase.go).
func (c *Client) companiesNamed(ctx context.Context, op Op, cleaned, term string) ([]Company, error) {
	if c.caseRule() != CaseInsensitive {
		return c.companiesListed(ctx, op, cleaned, term)
	}
	return c.companiesQueried(ctx, op, term)
}

// companiesQueried lists the companies whose name or description may hold
// term in any case, or every company when Codat refuses the query.
func (c *Client) companiesQueried(ctx context.Context, op Op, term string) ([]Company, error) {
	// The widest query that fits: every case form in the name or the
	// description, else in the name, else the name as typed.
	for _, query := range []string{caseFormsQuery(term, "name", "description"), caseFormsQuery(term, "name"), "name~" + term} {
		if len(query) > maxQueryLen {
			continue
		}
		found, err := c.listCompanies(ctx, op, ListCompaniesParams{Query: query})
		if !hasStatus(err, http.StatusBadRequest) {
			return found, err
		}
		break
	}
	return c.listCompanies(ctx, op, ListCompaniesParams{PageSize: maxPageSize})
}

// caseFormsQuery asks for companies where any of fields contains term as
// typed, in lower case, in Title Case or in upper case.
func caseFormsQuery(term string, fields ...string) string {
	var forms []string
	for _, f := range []string{term, strings.ToLower(term), titleCase(term), strings.ToUpper(term)} {
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	var conds []string
	for _, field := range fields {
		for _, f := range forms {
			conds = append(conds, field+"~"+f)
		}
	}
	return "{" + strings.Join(conds, " || ") + "}"
}

// titleCase puts each word's first letter in upper case and the rest in
// lower case: "omega LTD" becomes "Omega Ltd".
func titleCase(s string) string {
	b := []rune(strings.ToLower(s))
	start := true
	for i, r := range b {
		if start {
			b[i] = unicode.ToUpper(r)
		}
		start = r == ' ' || r == '-'
	}
	return string(b)
}

// queryTerm makes a name safe as the value of a Codat query term. Names may
// hold "&&", the query language's AND, and may start with "!", which reads as
// the operator "!=". The longest part without "&&", less any leading "!",
// still finds the company, and matching is finished locally. It is "" when
// nothing usable is left.
func queryTerm(name string) string {
	var longest string
	for part := range strings.SplitSeq(name, "&&") {
		if part = strings.TrimLeft(strings.Trim(part, " &"), "! "); len(part) > len(longest) {
			longest = part
		}
	}
	return longest
}

// CreateCompany creates a company. The request is sent once: after a lost
// answer the company may exist, so FindOrCreateCompany is the safe way to
// make sure one exists.
func (c *Client) CreateCompany(ctx context.Context, req CompanyRequest) (Company, error) {
	const op = OpCreateCompany
	if strings.TrimSpace(req.Name) == "" {
		return Company{}, &OpError{op, ErrMissing{FieldCompanyName}}
	}
	var co Company
	err := c.do(ctx, call{op: op, method: http.MethodPost, endpoint: "/companies", path: "/companies", body: req}, &co)
	if err != nil {
		// The create may have been carried out though its answer was lost:
		// the look that follows must not trust a listing made before it.
		c.listing.forget()
	} else {
		c.listing.made(co)
	}
	return co, err
}

// GetCompany returns one company, including its data connections.
func (c *Client) GetCompany(ctx context.Context, id string) (Company, error) {
	return c.getCompany(ctx, OpGetCompany, id)
}

func (c *Client) getCompany(ctx context.Context, op Op, id string) (Company, error) {
	seg, err := pathSegment(op, FieldCompanyID, id)
	if err != nil {
		return Company{}, err
	}
	var co Company
	err = c.do(ctx, call{op: op, method: http.MethodGet, endpoint: "/companies/{id}", path: "/companies/" + seg}, &co)
	return co, err
}

// UpdateCompany changes the fields of u that are not nil (PATCH). Codat
// replaces all tags when Tags is set.
func (c *Client) UpdateCompany(ctx context.Context, id string, u CompanyUpdate) (Company, error) {
	const op = OpUpdateCompany
	seg, err := pathSegment(op, FieldCompanyID, id)
	if err != nil {
		return Company{}, err
	}
	var co Company
	err = c.do(ctx, call{op: op, method: http.MethodPatch, endpoint: "/companies/{id}", path: "/companies/" + seg, body: u}, &co)
	return co, err
}

// DeleteCompany deletes a company with all its connections and data. It is
// permanent.
func (c *Client) DeleteCompany(ctx context.Context, id string) error {
	const op = OpDeleteCompany
	seg, err := pathSegment(op, FieldCompanyID, id)
	if err != nil {
		return err
	}
	return c.do(ctx, call{op: op, method: http.MethodDelete, endpoint: "/companies/{id}", path: "/companies/" + seg, goneIsDone: true}, nil)
}

// FindOrCreateCompany returns the company for a business, reusing one when
// it exists: Codat bills per company and a business that linked before
// should find its connections again.
//
// It looks up companies tagged uid=<uid> (when uid is given) and companies
// with exactly this name (ignoring case). A uid match wins; among name
// matches, one with a data connection wins, then the oldest. A name match
// tagged with a different uid belongs to another business and is skipped.
// Otherwise it creates the company (tagged with the uid when given). If the
// create fails without a clear answer (no answer, a broken connection, a
// 5xx, a 429, an unreadable answer), it searches again before anything else,
// and sends the create again only after a 429 whose search found nothing
// (see createLookingFirst). That search gets a short time of its own when
// the caller's deadline is what cut the create short, so it may end a little
// after that deadline; a cancelled ctx stops it at once.
func (c *Client) FindOrCreateCompany(ctx context.Context, name, uid string) (co Company, reused bool, err error) {
	const op = OpFindOrCreateCompany
	cleaned, _ := ValidCompanyName(name)
	uid = strings.TrimSpace(uid)
	if cleaned == "" {
		return Company{}, false, &OpError{op, ErrNameHasNoLetters{Sanitize(name)}}
	}
	if match, ok, err := c.findCompany(ctx, cleaned, uid); err != nil {
		return Company{}, false, err
	} else if ok {
		return match, true, nil
	}

	req := newCompanyRequest(cleaned, name, uid)
	created, err := createLookingFirst(ctx, c, func(ctx context.Context) (Company, error) {
		return c.CreateCompany(ctx, req)
	}, func(ctx context.Context) (Company, bool, error) {
		return c.findCompany(ctx, cleaned, uid)
	})
	if err != nil {
		return Company{}, false, err
	}
	return created, false, nil
}

// CreateCompanyOnce creates a company tagged uid=<uid> even when others share
// its name: use it once the person has said none of them is theirs. The uid
// makes it safe to call again after any failure: a company already carrying
// the tag (made by an earlier call whose answer was lost) is returned instead
// of a second one, and after an ambiguous failure of the create it looks for
// the tag again, as FindOrCreateCompany does, before anything else.
// Generate the uid once per business and keep it for every retry.
func (c *Client) CreateCompanyOnce(ctx context.Context, name, uid string) (Company, error) {
	const op = OpCreateCompany
	req, err := taggedCompanyRequest(op, name, uid)
	if err != nil {
		return Company{}, err
	}
	uid = req.Tags["uid"]
	find := func(ctx context.Context) (Company, bool, error) { return c.findTagged(ctx, op, uid) }
	if match, ok, err := find(ctx); err != nil || ok {
		return match, err
	}
	return createLookingFirst(ctx, c, func(ctx context.Context) (Company, error) {
		return c.CreateCompany(ctx, req)
	}, find)
}

// newCompanyRequest is the create for a business as named: Codat's spelling
// of the name (cleaned), the name as typed kept in the description, and the
// uid tag when one is given.
func newCompanyRequest(cleaned, typed, uid string) CompanyRequest {
	req := CompanyRequest{Name: cleaned, Description: typedName(typed)}
	if uid != "" {
		req.Tags = map[string]string{"uid": uid}
	}
	return req
}

// taggedCompanyRequest is newCompanyRequest for a create that must carry a
// uid, or the reason it cannot be made.
func taggedCompanyRequest(op Op, name, uid string) (CompanyRequest, error) {
	cleaned, _ := ValidCompanyName(name)
	uid = strings.TrimSpace(uid)
	switch {
	case cleaned == "":
		return CompanyRequest{}, &OpError{op, ErrNameHasNoLetters{Sanitize(name)}}
	case uid == "":
		return CompanyRequest{}, &OpError{op, ErrMissing{FieldUID}}
	}
	return newCompanyRequest(cleaned, name, uid), nil
}

// findCompany looks for an existing company by uid tag and exact name. Tag
// and name filters are also checked locally: a tenant without tag filtering
// would otherwise answer with every company.
func (c *Client) findCompany(ctx context.Context, name, uid string) (Company, bool, error) {
	const op = OpFindCompany
	if uid != "" {
		if match, ok, err := c.findTagged(ctx, op, uid); err != nil || ok {
			return match, ok, err
		}
	}
	found, kept := c.listing.sameNamed(c.now(), c.reuseListing, name)
	if !kept || c.caseRule() == CaseInsensitive {
		var err error
		if found, err = c.searchCompanies(ctx, op, name); err != nil {
			return Company{}, false, err
		}
	}
	named := slices.DeleteFunc(found, func(co Company) bool {
		other, tagged := co.Tags["uid"]
		same := sameCompanyName(co.Name, name) || sameCompanyName(co.Description, name)
		return !same || uid != "" && tagged && other != uid
	})
	if len(named) == 0 {
		return Company{}, false, nil
	}
	return preferredCompany(named), true, nil
}

// typedName is a company name as the person typed it, kept in the company's
// description when onboard makes the company: Codat may store the name
// otherwise (its pattern drops characters) and compare it case-sensitively,
// and the description lets a later search recognise it. Spacing and control
// characters are tidied; nothing else changes.
func typedName(name string) string {
	return strings.Join(strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// findTagged looks for the company tagged uid=<uid>, checking the tag locally
// too: a tenant without tag filtering would answer with every company, or
// refuse the filter, and then every company is listed.
func (c *Client) findTagged(ctx context.Context, op Op, uid string) (Company, bool, error) {
	tagged, err := c.listCompanies(ctx, op, ListCompaniesParams{Tags: "uid=" + uid})
	if hasStatus(err, http.StatusBadRequest) {
		// Filtering by tags is switched on per client at Codat: without
		// it, every company is listed and the tag checked here.
		tagged, err = c.listCompanies(ctx, op, ListCompaniesParams{PageSize: maxPageSize})
	}
	if err != nil {
		return Company{}, false, err
	}
	tagged = slices.DeleteFunc(tagged, func(co Company) bool { return co.Tags["uid"] != uid })
	if len(tagged) == 0 {
		return Company{}, false, nil
	}
	return preferredCompany(tagged), true, nil
}

// preferredCompany picks among duplicates: one with a data connection, then
// the oldest, then by id so the choice is stable.
func preferredCompany(cos []Company) Company {
	return slices.MinFunc(cos, func(a, b Company) int {
		ac, bc := len(a.DataConnections) > 0, len(b.DataConnections) > 0
		if ac != bc {
			if ac {
				return -1
			}
			return 1
		}
		if a.Created.IsZero() != b.Created.IsZero() {
			if a.Created.IsZero() {
				return 1
			}
			return -1
		}
		if d := a.Created.Compare(b.Created.Time); d != 0 {
			return d
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
