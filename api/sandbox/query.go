package sandbox

import (
	"fmt"
	"strings"
)

// Codat's query language, the part of it that applies to the fields the
// sandbox serves: property OP value with the operators = != ~ (contains)
// > < >= <=, joined by && and ||, grouped with { }. Dotted properties reach
// into objects, and into arrays element by element, so
// dataConnections.status=PendingAuth matches a company with any pending
// connection (and != matches one with none). Comparisons of text ignore
// case, as Codat's appear to, except on properties marked exact (company
// names, in the strict profile).

// errMalformedQuery carries Codat's exact wording.
var errMalformedQuery error = queryError("Error parsing query - Malformed query.")

// queryError is an error whose text is sent to the client as it is.
type queryError string

func (e queryError) Error() string { return string(e) }

// unresolvedError names a property the resource does not have.
type unresolvedError struct{ prop, resource string }

func (e unresolvedError) Error() string {
	return fmt.Sprintf("Error parsing query - Could not resolve property %s on %s", e.prop, e.resource)
}

// queryNode is a parsed query: either a condition or an and/or of children.
type queryNode struct {
	op       string // "&&", "||" or a comparison operator
	children []*queryNode
	prop     string
	value    string
	exact    bool // compare text case-sensitively
}

// parseQuery parses q; known reports whether a property exists (resource
// names it in errors).
func parseQuery(q string, known func(string) bool, resource string) (*queryNode, error) {
	if len(q) > 2048 {
		return nil, errMalformedQuery
	}
	p := &queryParser{src: q}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return nil, errMalformedQuery
	}
	var bad string
	n.walk(func(c *queryNode) {
		if bad == "" && !known(c.prop) {
			bad = c.prop
		}
	})
	if bad != "" {
		return nil, unresolvedError{bad, resource}
	}
	return n, nil
}

type queryParser struct {
	src string
	pos int
}

func (p *queryParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

func (p *queryParser) consume(tok string) bool {
	p.skipSpace()
	if strings.HasPrefix(p.src[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *queryParser) parseOr() (*queryNode, error) {
	return p.parseJoined("||", p.parseAnd)
}

func (p *queryParser) parseAnd() (*queryNode, error) {
	return p.parseJoined("&&", p.parseTerm)
}

func (p *queryParser) parseJoined(op string, next func() (*queryNode, error)) (*queryNode, error) {
	first, err := next()
	if err != nil {
		return nil, err
	}
	n := &queryNode{op: op, children: []*queryNode{first}}
	for p.consume(op) {
		c, err := next()
		if err != nil {
			return nil, err
		}
		n.children = append(n.children, c)
	}
	if len(n.children) == 1 {
		return first, nil
	}
	return n, nil
}

func (p *queryParser) parseTerm() (*queryNode, error) {
	if p.consume("{") {
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if !p.consume("}") {
			return nil, errMalformedQuery
		}
		return n, nil
	}
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.src) && !strings.ContainsRune("=!~<>{}&| \t", rune(p.src[p.pos])) {
		p.pos++
	}
	prop := p.src[start:p.pos]
	if prop == "" {
		return nil, errMalformedQuery
	}
	var op string
	for _, candidate := range []string{"!=", ">=", "<=", "=", "~", ">", "<"} {
		if p.consume(candidate) {
			op = candidate
			break
		}
	}
	if op == "" {
		return nil, errMalformedQuery
	}
	start = p.pos
	for p.pos < len(p.src) {
		rest := p.src[p.pos:]
		if strings.HasPrefix(rest, "&&") || strings.HasPrefix(rest, "||") || rest[0] == '}' || rest[0] == '{' {
			break
		}
		p.pos++
	}
	value := strings.TrimSpace(p.src[start:p.pos])
	if value == "" || strings.ContainsAny(value[:1], "=!~<>") {
		return nil, errMalformedQuery
	}
	return &queryNode{op: op, prop: prop, value: value}, nil
}

// walk calls f for every condition in the query.
func (n *queryNode) walk(f func(*queryNode)) {
	if n.children == nil {
		f(n)
		return
	}
	for _, c := range n.children {
		c.walk(f)
	}
}

// match evaluates the query against a JSON-shaped document (maps, slices,
// strings, bools, numbers). A bool compared with anything but true or false
// is malformed, as is contains on a bool.
func (n *queryNode) match(lookup func(prop string) []any) (bool, error) {
	switch n.op {
	case "&&", "||":
		for _, c := range n.children {
			ok, err := c.match(lookup)
			if err != nil {
				return false, err
			}
			if ok == (n.op == "||") {
				return ok, nil
			}
		}
		return n.op == "&&", nil
	}
	values := lookup(n.prop)
	if n.op == "!=" {
		for _, v := range values {
			eq, err := compareValue("=", v, n.value, n.exact)
			if err != nil {
				return false, err
			}
			if eq {
				return false, nil
			}
		}
		return true, nil
	}
	for _, v := range values {
		ok, err := compareValue(n.op, v, n.value, n.exact)
		if err != nil {
			return false, err
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

func compareValue(op string, v any, want string, exact bool) (bool, error) {
	switch v := v.(type) {
	case bool:
		var b bool
		switch strings.ToLower(want) {
		case "true":
			b = true
		case "false":
		default:
			return false, errMalformedQuery
		}
		if op != "=" {
			return false, errMalformedQuery
		}
		return v == b, nil
	case string:
		a, b := v, want
		if !exact {
			a, b = strings.ToLower(v), strings.ToLower(want)
		}
		switch op {
		case "=":
			return a == b, nil
		case "~":
			return strings.Contains(a, b), nil
		case ">":
			return a > b, nil
		case "<":
			return a < b, nil
		case ">=":
			return a >= b, nil
		case "<=":
			return a <= b, nil
		}
	case nil:
		return false, nil
	}
	return false, nil
}

// jsonLookup resolves a dotted property in a JSON-shaped document, fanning
// out over arrays.
func jsonLookup(doc map[string]any) func(string) []any {
	return func(prop string) []any {
		current := []any{doc}
		for _, part := range strings.Split(prop, ".") {
			var next []any
			for _, c := range current {
				m, ok := c.(map[string]any)
				if !ok {
					continue
				}
				v, ok := m[part]
				if !ok {
					continue
				}
				if arr, ok := v.([]any); ok {
					next = append(next, arr...)
				} else {
					next = append(next, v)
				}
			}
			current = next
		}
		return current
	}
}

// Queryable properties of each resource.
var (
	connectionFields = []string{
		"id", "integrationId", "integrationKey", "sourceId", "sourceType", "platformName",
		"linkUrl", "status", "lastSync", "created",
	}
	companyFields = []string{
		"id", "name", "description", "redirect", "lastSync", "created", "createdByUserName", "products",
	}
	integrationFields = []string{
		"key", "logoUrl", "name", "enabled", "sourceId", "sourceType", "integrationId",
		"isOfflineConnector", "isBeta", "dataProvidedBy",
	}
)

func knownConnectionField(p string) bool { return contains(connectionFields, p) }

func knownIntegrationField(p string) bool { return contains(integrationFields, p) }

func knownCompanyField(p string) bool {
	if contains(companyFields, p) {
		return true
	}
	if rest, ok := strings.CutPrefix(p, "dataConnections."); ok {
		return knownConnectionField(rest)
	}
	if rest, ok := strings.CutPrefix(p, "tags."); ok {
		return rest != ""
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tagsLookup resolves a tag key in a company's tags; keys match exactly, or
// else ignoring case.
func tagsLookup(tags map[string]string) func(string) []any {
	return func(key string) []any {
		if v, ok := tags[key]; ok {
			return []any{v}
		}
		for k, v := range tags {
			if strings.EqualFold(k, key) {
				return []any{v}
			}
		}
		return nil
	}
}
