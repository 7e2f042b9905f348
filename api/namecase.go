package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/onboardcli/onboard/flow"
)

// Codat may compare names in a query case-sensitively: a company stored as
// "McDonald Trading" is then found by none of the case forms of
// "mcdonald trading" a query can ask for. With Config.CaseRules set, the
// client does not trust a query until it knows the API compares names
// regardless of case: it lists the account's companies instead (in the one
// call the query would have cost, while they fit in a page) and compares
// them locally by the one name rule. Only for an account larger than a page
// does it learn the rule, once per API (CaseRules keeps it): a case-blind
// API is then searched by query; a case-sensitive one is listed up to
// confirmPages pages, and beyond them a name no query finds as typed is
// refused (ErrNameCaseUnconfirmed) rather than risk a second company.

// CaseRule is how an API compares company names in a query.
type CaseRule string

const (
	CaseUnknown     CaseRule = ""
	CaseInsensitive CaseRule = "insensitive"
	CaseSensitive   CaseRule = "sensitive"
)

// CaseRules remembers each API's CaseRule, keyed by base URL.
type CaseRules interface {
	CaseRule(baseURL string) CaseRule
	LearnedCaseRule(baseURL string, rule CaseRule)
}

// confirmPages bounds the listing that confirms a name on a case-sensitive
// API: 20 pages of 2,000 companies.
const confirmPages = 20

// ErrNameCaseUnconfirmed: the API compares names case-sensitively and the
// account has more companies than onboard lists to compare them itself, so
// a company of this name in another case cannot be ruled out.
type ErrNameCaseUnconfirmed struct{ Listed int }

func (e ErrNameCaseUnconfirmed) Error() string {
	return fmt.Sprintf("find company: case-sensitive names, over %d companies", e.Listed)
}

// companyListing is the account's companies as last listed, kept while
// Config.ReuseListing allows, with the companies this client made since.
// They are indexed by name (flow.CompanyKey of the name and of the
// description), so finding one business in a kept listing costs the same
// however many companies it holds.
type companyListing struct {
	mu    sync.Mutex
	at    time.Time
	cos   []Company
	named map[string][]int // CompanyKey -> indexes in cos, in listing order
	// gen counts forgets: a listing asked for before one is not kept, since
	// it may miss the company an unclear create made meanwhile.
	gen int
}

// reuse returns the kept listing while it is younger than max.
func (l *companyListing) reuse(now time.Time, max time.Duration) ([]Company, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.fresh(now, max) {
		return nil, false
	}
	return append([]Company(nil), l.cos...), true
}

// sameNamed returns the kept companies whose name or description is
// name's (flow.SameCompanyName), while the listing is younger than max.
func (l *companyListing) sameNamed(now time.Time, max time.Duration, name string) ([]Company, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.fresh(now, max) {
		return nil, false
	}
	key := flow.CompanyKey(name)
	if key == "" {
		return nil, true
	}
	var out []Company
	for _, i := range l.named[key] {
		out = append(out, l.cos[i])
	}
	return out, true
}

func (l *companyListing) fresh(now time.Time, max time.Duration) bool {
	return !l.at.IsZero() && max > 0 && now.Sub(l.at) <= max
}

// asked notes when a listing is asked for, for keep.
func (l *companyListing) asked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gen
}

// keep keeps cos, listed as asked at gen, unless a forget came since.
func (l *companyListing) keep(now time.Time, gen int, cos []Company) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen {
		return
	}
	l.at, l.cos, l.named = now, nil, map[string][]int{}
	for _, co := range cos {
		l.add(co)
	}
}

// add appends co and indexes it under its name and its description.
func (l *companyListing) add(co Company) {
	i := len(l.cos)
	l.cos = append(l.cos, co)
	name := flow.CompanyKey(co.Name)
	if name != "" {
		l.named[name] = append(l.named[name], i)
	}
	if desc := flow.CompanyKey(co.Description); desc != "" && desc != name {
		l.named[desc] = append(l.named[desc], i)
	}
}

// forget drops the kept listing.
func (l *companyListing) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.at, l.cos, l.named = time.Time{}, nil, nil
	l.gen++
}

// made adds a company this client created to a kept listing.
func (l *companyListing) made(co Company) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.at.IsZero() {
		l.add(co)
	}
}

// caseRule is the API's rule as known so far; CaseInsensitive without
// CaseRules (the query is trusted, as before).
func (c *Client) caseRule() CaseRule {
	if c.caseRules == nil {
		return CaseInsensitive
	}
	return c.caseRules.CaseRule(c.BaseURL())
}

// companiesListed lists the companies to compare a name with locally when
// the query cannot be trusted (see above). cleaned is the name, term its
// query form.
func (c *Client) companiesListed(ctx context.Context, op Op, cleaned, term string) ([]Company, error) {
	if cos, ok := c.listing.reuse(c.now(), c.reuseListing); ok {
		return cos, nil
	}
	gen := c.listing.asked()
	cl := call{op: op, method: http.MethodGet, endpoint: "/companies", path: "/companies",
		query: url.Values{"pageSize": {strconv.Itoa(maxPageSize)}}}
	first, more, err := listUpTo[Company](ctx, c, cl, true, 1)
	if err != nil {
		return nil, err
	}
	if !more {
		c.listing.keep(c.now(), gen, first)
		return first, nil
	}
	rule := c.caseRule()
	if rule == CaseUnknown {
		if rule, err = c.probeCaseRule(ctx, op, first); err != nil {
			return nil, err
		}
	}
	if rule == CaseInsensitive {
		return c.companiesQueried(ctx, op, term)
	}
	all, more, err := listUpTo[Company](ctx, c, cl, true, confirmPages)
	if err != nil {
		return nil, err
	}
	if !more {
		c.listing.keep(c.now(), gen, all)
		return all, nil
	}
	// Beyond the bound: enough only when the query finds the name itself.
	found, err := c.companiesQueried(ctx, op, term)
	if err != nil {
		return nil, err
	}
	for _, co := range found {
		if sameCompanyName(co.Name, cleaned) || sameCompanyName(co.Description, cleaned) {
			return found, nil
		}
	}
	return nil, &OpError{op, ErrNameCaseUnconfirmed{len(all)}}
}

// probeCaseRule asks for a listed company by its name in another case: the
// API compares names regardless of case exactly when it comes back. The
// rule learnt is kept in CaseRules. Without a name to ask by, names are
// taken to be case-sensitive, the safe side, and nothing is kept.
func (c *Client) probeCaseRule(ctx context.Context, op Op, listed []Company) (CaseRule, error) {
	for _, co := range listed {
		swapped := swapCase(co.Name)
		if swapped == co.Name || !plainName(co.Name) {
			continue
		}
		got, _, err := listUpTo[Company](ctx, c, call{op: op, method: http.MethodGet, endpoint: "/companies", path: "/companies",
			query: url.Values{"query": {"name=" + swapped}, "pageSize": {"10"}}}, true, 1)
		if err != nil {
			return CaseUnknown, err
		}
		rule := CaseSensitive
		for _, g := range got {
			if g.ID == co.ID {
				rule = CaseInsensitive
			}
		}
		c.caseRules.LearnedCaseRule(c.BaseURL(), rule)
		return rule, nil
	}
	return CaseSensitive, nil
}

// plainName: letters, digits and single spaces only, so that it reads the
// same inside a query.
func plainName(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.Contains(s, "  ") {
		return false
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ')) {
			return false
		}
	}
	return true
}

// swapCase turns upper case letters to lower and lower to upper.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}
