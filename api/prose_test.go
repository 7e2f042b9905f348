package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// word is one word of prose: letters, perhaps joined by a hyphen or an
// apostrophe (next-page, Codat's).
var word = regexp.MustCompile(`^[A-Za-z]+(?:['’-][A-Za-z]+)*$`)

// looksLikeProse reports whether s holds a sentence for a person rather than
// a terse form for logs: four or more words in a row, separated by single
// spaces. A comma, semicolon or full stop after a word does not end the run
// (sentences have them); a colon ends it after the word before it, and a
// bracket, a quote or a format verb ends it at once, so "verify webhook: no
// matching signature" stays terse.
func looksLikeProse(s string) bool {
	run := 0
	for _, tok := range strings.Split(s, " ") {
		colon := strings.HasSuffix(tok, ":")
		tok = strings.TrimRight(tok, ".,;!?:")
		if !word.MatchString(tok) {
			run = 0
			continue
		}
		if run++; run >= 4 {
			return true
		}
		if colon {
			run = 0
		}
	}
	return false
}

func TestLooksLikeProse(t *testing.T) {
	for _, s := range []string{
		// What this package used to say.
		"Codat rejected the API key (401). Check CODAT_API_KEY or CODAT_AUTH_HEADER.",
		"Could not %s: Codat's rate limit was reached (429).",
		"the link goes to %s, which is not a Codat link host",
		"the Codat base URL %q uses plain http, which would expose the API key; use https",
		"webhook secret: too short (%d bytes after decoding, need at least %d)",
		"webhook secret: empty; copy the endpoint's signing secret (whsec_…) from Codat's Portal",
		"webhook secret: does not start with whsec_",
		"no Codat API key: set CODAT_API_KEY or CODAT_AUTH_HEADER",
		"%s: no platform key given",
		"%s: stopped after %d pages; narrow the search",
		"refusing Codat's next-page link to %s: it is not %s",
		"verify webhook: timestamp outside the allowed window",
		"expected a string or a number",
		"no link to check",
	} {
		if !looksLikeProse(s) {
			t.Errorf("%q is prose but passes as terse", s)
		}
	}
	for _, s := range []string{
		"codat %s: status %d (correlation id %s)",
		"codat base url %q: http off loopback",
		"parse webhook: no id/eventType",
		"link: host %s not trusted",
		"webhook secret: %d bytes, need %d",
		"verify webhook: no matching signature",
		"start webhook receiver: already started",
		"next page host %s: want %s",
		"company name %q: no usable characters",
		"decode: want string/number",
	} {
		if looksLikeProse(s) {
			t.Errorf("%q is terse but reads as prose", s)
		}
	}
}

// TestNoProse keeps this package a plain client: no string in its code (the
// text of its errors included) is a sentence for a person. Package explain
// words its typed errors, from assets/errors.tmpl.
func TestNoProse(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, lit := range stringsIn(f) {
			checked++
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			if looksLikeProse(s) {
				t.Errorf("%s: %q is a sentence; give the error a type and word it in assets/errors.tmpl",
					fset.Position(lit.Pos()), s)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("checked only %d strings; the pattern is stale", checked)
	}
}

// stringsIn finds the string literals of f's code: not its import paths, nor
// the tags of struct fields (JSON names).
func stringsIn(f *ast.File) []*ast.BasicLit {
	var lits []*ast.BasicLit
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.Field:
			if n.Tag != nil {
				return false
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				lits = append(lits, n)
			}
		}
		return true
	})
	return lits
}
