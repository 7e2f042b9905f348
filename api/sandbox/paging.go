package sandbox

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Paging limits from Codat's contract.
const (
	defaultPageSize = 100
	maxPageSize     = 5000
)

// listRequest is a list endpoint's paging, query and ordering.
type listRequest struct {
	page, pageSize int
	query, orderBy string
	tags           string
	hasTags        bool
	exact          []string // properties compared case-sensitively
}

// parseList reads the paging parameters, answering 400 itself when they are
// invalid.
func (s *Server) parseList(w http.ResponseWriter, r *http.Request) (listRequest, bool) {
	q := r.URL.Query()
	lr := listRequest{page: 1, pageSize: defaultPageSize, query: q.Get("query"), orderBy: q.Get("orderBy")}
	lr.tags, lr.hasTags = q.Get("tags"), q.Has("tags")
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"page", &lr.page, 0}, {"pageSize", &lr.pageSize, maxPageSize}} {
		raw := q.Get(p.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || (p.max > 0 && n > p.max) {
			msg := fmt.Sprintf("%s must be a whole number of at least 1", p.name)
			if p.max > 0 {
				msg = fmt.Sprintf("%s must be a whole number from 1 to %d", p.name, p.max)
			}
			s.writeError(w, http.StatusBadRequest, servicePublic, "Error processing request - not valid.",
				[]validationItemJSON{{ItemID: p.name, Message: msg, ValidatorName: "Paging"}})
			return lr, false
		}
		*p.dst = n
	}
	return lr, true
}

// listOf filters, orders and pages items, writing the paging envelope or a
// 400 for a bad query. self is the list's path; items are turned into their
// JSON documents for querying.
func listOf[T any](s *Server, w http.ResponseWriter, lr listRequest, self string, items []T,
	known func(string) bool, resource string, extra func(T) (bool, error),
) {
	var filter *queryNode
	if strings.TrimSpace(lr.query) != "" {
		n, err := parseQuery(lr.query, known, resource)
		if err != nil {
			s.writeError(w, http.StatusBadRequest, serviceClients, err.Error(), nil)
			return
		}
		n.walk(func(c *queryNode) { c.exact = contains(lr.exact, c.prop) })
		filter = n
	}
	rows, status, msg := filterRows(s, lr, items, filter, extra)
	if status != 0 {
		service := serviceClients
		if status == http.StatusInternalServerError {
			service = servicePublic
		}
		s.writeError(w, status, service, msg, nil)
		return
	}
	if lr.orderBy != "" {
		field, desc := strings.CutPrefix(lr.orderBy, "-")
		if !known(field) || strings.Contains(field, ".") {
			s.writeError(w, http.StatusBadRequest, serviceClients,
				fmt.Sprintf("Error parsing orderBy - Could not resolve property %s on %s", field, resource), nil)
			return
		}
		slices.SortStableFunc(rows, func(a, b listRow[T]) int {
			c := cmp.Compare(sortKey(a.doc[field]), sortKey(b.doc[field]))
			if desc {
				return -c
			}
			return c
		})
	}

	total := len(rows)
	start := min((lr.page-1)*lr.pageSize, total)
	end := min(start+lr.pageSize, total)
	results := make([]T, 0, end-start)
	for _, r := range rows[start:end] {
		results = append(results, r.item)
	}
	links := linksJSON{Self: hrefJSON{self}, Current: hrefJSON{pageHref(self, lr, lr.page)}}
	if end < total {
		links.Next = &hrefJSON{pageHref(self, lr, lr.page+1)}
	}
	if lr.page > 1 {
		links.Previous = &hrefJSON{pageHref(self, lr, lr.page-1)}
	}
	writeJSON(w, http.StatusOK, pageJSON[T]{
		Results: results, PageNumber: lr.page, PageSize: lr.pageSize, TotalResults: total, Links: links,
	})
}

// listRow is an item of a list, with the document its query and order read
// (nil when neither is asked for).
type listRow[T any] struct {
	item T
	doc  map[string]any
}

// filterRows keeps the items the query and extra accept, or says what status
// and message refuse the request.
func filterRows[T any](s *Server, lr listRequest, items []T, filter *queryNode, extra func(T) (bool, error)) ([]listRow[T], int, string) {
	rows := make([]listRow[T], 0, len(items))
	needDocs := filter != nil || lr.orderBy != ""
	for _, it := range items {
		var doc map[string]any
		if needDocs {
			var err error
			if doc, err = s.docs.of(it); err != nil {
				return nil, http.StatusInternalServerError, "There is a problem with our server. Please try again later."
			}
		}
		if filter != nil {
			ok, err := filter.match(jsonLookup(doc))
			if err != nil {
				return nil, http.StatusBadRequest, err.Error()
			}
			if !ok {
				continue
			}
		}
		if extra != nil {
			ok, err := extra(it)
			if err != nil {
				return nil, http.StatusBadRequest, err.Error()
			}
			if !ok {
				continue
			}
		}
		rows = append(rows, listRow[T]{it, doc})
	}
	return rows, 0, ""
}

// pageHref is a relative link to one page of the same list, keeping the
// query, tags and ordering so following it gives the next slice of the same
// results.
func pageHref(self string, lr listRequest, page int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s?page=%d&pageSize=%d", self, page, lr.pageSize)
	if lr.query != "" {
		b.WriteString("&query=" + url.QueryEscape(lr.query))
	}
	if lr.hasTags {
		b.WriteString("&tags=" + url.QueryEscape(lr.tags))
	}
	if lr.orderBy != "" {
		b.WriteString("&orderBy=" + url.QueryEscape(lr.orderBy))
	}
	return b.String()
}

func sortKey(v any) string {
	switch v := v.(type) {
	case string:
		return strings.ToLower(v)
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return fmt.Sprintf("%020.6f", v)
	}
	return ""
}

// docCache keeps the documents queries read, by the JSON they were made
// from: encoding an item is cheap, decoding it into a document is not, and
// a list filters every item on every request.
type docCache struct {
	mu   sync.Mutex
	docs map[string]map[string]any
}

// maxCachedDocs bounds the cache; past it, it starts again empty.
const maxCachedDocs = 50000

// of is v's document. Queries only read documents, so one is shared.
func (c *docCache) of(v any) (map[string]any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	doc, ok := c.docs[string(data)]
	c.mu.Unlock()
	if ok {
		return doc, nil
	}
	if doc, err = toDoc(data); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.docs == nil || len(c.docs) >= maxCachedDocs {
		c.docs = map[string]map[string]any{}
	}
	c.docs[string(data)] = doc
	c.mu.Unlock()
	return doc, nil
}

// toDoc turns a wire struct's JSON into the generic document queries read.
func toDoc(data []byte) (map[string]any, error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errors.New("not an object")
	}
	return doc, nil
}
