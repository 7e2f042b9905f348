// Package prose keeps sentences for a person out of the packages that must
// not hold any (api, steps, webhook): their errors are typed, and package
// explain words them from assets. Tests call NoProse on their own directory.
package prose

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

// LooksLikeProse reports whether s holds a sentence for a person rather than
// a terse form for logs: four or more words in a row, separated by single
// spaces. A comma, semicolon or full stop after a word does not end the run
// (sentences have them); a colon ends it after the word before it, and a
// bracket, a quote or a format verb ends it at once, so "verify webhook: no
// matching signature" stays terse.
func LooksLikeProse(s string) bool {
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

// NoProse fails t when a string in the code of the Go package in dir (the
// text of its errors included) is a sentence for a person; atLeast is how
// many strings the package is known to hold at least, so a pattern gone
// stale cannot pass by checking nothing.
func NoProse(t *testing.T, dir string, atLeast int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
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
			if LooksLikeProse(s) {
				t.Errorf("%s: %q is a sentence; give the error a type and word it in assets/errors.tmpl (package explain)",
					fset.Position(lit.Pos()), s)
			}
		}
	}
	if checked < atLeast {
		t.Fatalf("checked only %d strings in %s, want %d or more; the pattern is stale", checked, dir, atLeast)
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
