package sandbox

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// nameIndex narrows a company search by name or description to the
// companies that can match, so a search costs what it finds rather than
// every company the sandbox holds (a bulk run searches once a row).
//
// It keeps, for each three-byte piece of a company's lower-cased name and
// description, the companies that have it. A company whose field contains
// a text, in any case, has every piece of the text lower-cased: so the
// companies holding all its pieces are a superset of those matching, and
// the query itself is then run on them alone, unchanged. A query the
// index cannot narrow (other properties, a text under three bytes) reads
// every company, as before.
type nameIndex struct {
	st     *state // the state indexed; when the server's is another, it is indexed afresh
	seq    map[*company]int
	next   int
	fields map[*company][2]string // the lower-cased name and description indexed
	pieces map[indexKey]map[*company]struct{}
}

// indexKey is a piece of one field: 0 the name, 1 the description.
type indexKey struct {
	field int
	piece [3]byte
}

// indexedFields are the properties the index answers for, in its order.
var indexedFields = []string{"name", "description"}

// candidatesLocked returns the companies q may match, in the state's
// order, or all of them when the index cannot narrow q.
func (s *Server) candidatesLocked(q *queryNode) []*company {
	if q == nil {
		return s.st.Companies
	}
	idx := &s.names
	if idx.st != s.st || len(idx.seq) != len(s.st.Companies) {
		idx.rebuild(s.st)
	}
	set, ok := idx.narrow(q)
	if !ok {
		return s.st.Companies
	}
	out := make([]*company, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *company) int { return idx.seq[a] - idx.seq[b] })
	return out
}

// companyChangedLocked keeps the index in step once c was created,
// renamed or deleted. It is called whether or not the change was saved:
// when the state was put back the index sees another state and starts
// again; otherwise the change stands.
func (s *Server) companyChangedLocked(c *company, deleted bool) {
	idx := &s.names
	if idx.st != s.st {
		return
	}
	idx.unindex(c)
	if deleted {
		delete(idx.seq, c)
	} else {
		idx.add(c)
	}
}

func (idx *nameIndex) rebuild(st *state) {
	*idx = nameIndex{st: st, seq: map[*company]int{}, fields: map[*company][2]string{}, pieces: map[indexKey]map[*company]struct{}{}}
	for _, c := range st.Companies {
		idx.add(c)
	}
}

func (idx *nameIndex) add(c *company) {
	f := [2]string{strings.ToLower(c.Name), strings.ToLower(c.Description)}
	if _, ok := idx.seq[c]; !ok {
		idx.seq[c] = idx.next
		idx.next++
	}
	idx.fields[c] = f
	for field, text := range f {
		for _, k := range piecesOf(field, text) {
			set := idx.pieces[k]
			if set == nil {
				set = map[*company]struct{}{}
				idx.pieces[k] = set
			}
			set[c] = struct{}{}
		}
	}
}

// unindex takes c out of the pieces; its place in the order stays, for a
// rename.
func (idx *nameIndex) unindex(c *company) {
	f, ok := idx.fields[c]
	if !ok {
		return
	}
	for field, text := range f {
		for _, k := range piecesOf(field, text) {
			delete(idx.pieces[k], c)
			if len(idx.pieces[k]) == 0 {
				delete(idx.pieces, k)
			}
		}
	}
	delete(idx.fields, c)
}

// narrow returns a superset of the companies q matches, or false when q
// holds a condition the index does not answer. Only name and description
// conditions joined by && and || are narrowed: they compare text alone,
// so no company left out could have made the query fail with an error.
func (idx *nameIndex) narrow(q *queryNode) (map[*company]struct{}, bool) {
	switch q.op {
	case "||":
		union := map[*company]struct{}{}
		for _, c := range q.children {
			set, ok := idx.narrow(c)
			if !ok {
				return nil, false
			}
			for co := range set {
				union[co] = struct{}{}
			}
		}
		return union, true
	case "&&":
		var smallest map[*company]struct{}
		for _, c := range q.children {
			set, ok := idx.narrow(c)
			if !ok {
				return nil, false
			}
			if smallest == nil || len(set) < len(smallest) {
				smallest = set
			}
		}
		return smallest, true
	case "~", "=":
	default:
		return nil, false
	}
	field := slices.Index(indexedFields, q.prop)
	// A text compared exactly contains another only where the lower-cased
	// ones do if both are whole UTF-8, as every stored value is.
	if field < 0 || !utf8.ValidString(q.value) {
		return nil, false
	}
	keys := piecesOf(field, strings.ToLower(q.value))
	if len(keys) == 0 {
		return nil, false
	}
	return idx.holdingAll(keys), true
}

// holdingAll is the companies that have every one of keys.
func (idx *nameIndex) holdingAll(keys []indexKey) map[*company]struct{} {
	slices.SortFunc(keys, func(a, b indexKey) int { return len(idx.pieces[a]) - len(idx.pieces[b]) })
	out := map[*company]struct{}{}
	for c := range idx.pieces[keys[0]] {
		all := true
		for _, k := range keys[1:] {
			if _, ok := idx.pieces[k][c]; !ok {
				all = false
				break
			}
		}
		if all {
			out[c] = struct{}{}
		}
	}
	return out
}

// piecesOf is every three-byte piece of text (a piece twice is harmless).
func piecesOf(field int, text string) []indexKey {
	if len(text) < 3 {
		return nil
	}
	keys := make([]indexKey, 0, len(text)-2)
	for i := 0; i+3 <= len(text); i++ {
		keys = append(keys, indexKey{field, [3]byte{text[i], text[i+1], text[i+2]}})
	}
	return keys
}
