package assets

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
)

// TestEveryScreenNameExists finds the names of screen copy in the screens
// and the journey, and checks each is defined, so nothing shows a bare name.
// A name is any "group.name" literal whose group screens.tmpl uses, so names
// the journey hands to the screens (Notice{Key: "busy.create"}) are checked
// too.
func TestEveryScreenNameExists(t *testing.T) {
	defined := ScreenNames()
	groups := map[string]bool{}
	for _, name := range defined {
		group, _, _ := strings.Cut(name, ".")
		groups[group] = true
	}
	literal := regexp.MustCompile(`"([a-z]+)\.([a-z]+)"`)
	for _, dir := range []string{"ui", "flow"} {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no %s sources found: %v", dir, err)
		}
		names := 0
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
				name := m[1] + "." + m[2]
				if !groups[m[1]] {
					continue
				}
				names++
				if !slices.Contains(defined, name) {
					t.Errorf("%s/%s uses screen text %q, which screens.tmpl does not define", dir, filepath.Base(f), name)
				}
			}
		}
		if names < 10 {
			t.Fatalf("found only %d names of screen text in %s; the pattern is stale", names, dir)
		}
	}
}

// TestEveryTextNameExists does the same for the words of the commands, of
// package share, of package store and of package explain, which Text renders, and checks the
// other way too: every block is used by a caller or by another block, so
// no stale copy is left behind. Tests are not callers: their literals
// ("sandbox.json") may look like names.
func TestEveryTextNameExists(t *testing.T) {
	defined := TextNames()
	groups := map[string]bool{}
	for _, name := range defined {
		group, _, _ := strings.Cut(name, ".")
		groups[group] = true
	}
	// A flag's help is named for its command too: flag.link.company.
	literal := regexp.MustCompile(`"([a-z]+)\.([a-z]+)"|"(flag)\.([a-z]+\.[a-z]+)"`)
	command := regexp.MustCompile(`\bcommand\("([a-z]+)",`)
	used := map[string]bool{}
	for _, tc := range []struct {
		dir      string
		minNames int // how many names the directory uses at least
	}{
		{"../cli", 100},
		{"../share", 10},
		{"../store", 15},
		{"../explain", 40},
		{"../invite", 10},
		{"../guard", 5},
		{"../bulk", 20},
	} {
		files, err := filepath.Glob(filepath.Join(tc.dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no sources found in %s: %v", tc.dir, err)
		}
		names := 0
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// command("link", …) in cli words a command by its
			// link.short, link.long and link.example blocks.
			for _, m := range command.FindAllStringSubmatch(string(src), -1) {
				for _, part := range []string{"short", "long", "example"} {
					name := m[1] + "." + part
					names++
					used[name] = true
					if !slices.Contains(defined, name) {
						t.Errorf("%s words command %q with %q, which no template defines", f, m[1], name)
					}
				}
			}
			for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
				if m[1] == "" {
					m = m[2:]
				}
				name := m[1] + "." + m[2]
				if !groups[m[1]] {
					continue
				}
				names++
				used[name] = true
				if !slices.Contains(defined, name) {
					t.Errorf("%s uses text %q, which no template defines", f, name)
				}
			}
		}
		if names < tc.minNames {
			t.Fatalf("found only %d uses of text names in %s; the pattern is stale", names, tc.dir)
		}
	}
	include := regexp.MustCompile(`\{\{template "([a-z]+\.[a-z]+)"`)
	for _, tmpl := range []string{"commands.tmpl", "share.tmpl", "store.tmpl", "errors.tmpl", "invitechecks.tmpl"} {
		for _, m := range include.FindAllStringSubmatch(mustRead(tmpl), -1) {
			used[m[1]] = true
		}
	}
	for _, name := range defined {
		if !used[name] {
			t.Errorf("text %q is defined but nothing uses it", name)
		}
	}
}

func TestTextRendersExactly(t *testing.T) {
	for _, tc := range []struct {
		name string
		data any
		want string
	}{
		{"root.next", "wait.", "Next: wait."},
		// Only the line breaks around a block written on lines of its own go.
		{"revocation.example", "unlink", "  onboard unlink --company \"Acme Ltd\" --platform gbol\n" +
			"  onboard unlink --company-id 8a2f… --connection 51c3… --yes --json"},
		// Trailing spaces and the data's own line breaks stay.
		{"unlink.question", Vars{"Platform": "Xero", "Company": "Acme"},
			"Unlink Xero from Acme? Codat stops reading new data; what it has is kept. [y/N] "},
		{"root.error", "two\nlines\n", "Error: two\nlines\n"},
		{"company.chosen", Vars{"Name": "Acme", "ID": "c1", "Reused": true}, "Company: Acme (found in Codat, id c1)."},
		{"share.qrtoobig", Vars{"Width": 82, "Height": 41},
			"The QR code needs 82 columns and 41 rows: make the window bigger, or copy the link instead."},
		// A value left out is a mistake that shows as the block's name.
		{"company.chosen", Vars{"Name": "Acme"}, "company.chosen"},
		{"no.such", nil, "no.such"},
	} {
		if got := Text(tc.name, tc.data); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if !strings.Contains(Text("root.long", nil), "\nExit codes:\n  0 done") {
		t.Error("the root help lacks the exit codes")
	}
}

func TestScreenRendersData(t *testing.T) {
	got := Screen("signin.title", "Xero")
	if got != "Can you sign in to Xero yourself?" {
		t.Fatalf("got %q", got)
	}
	if Screen("no.such.block", nil) != "no.such.block" {
		t.Fatal("a missing block should render as its name")
	}
}

// TestCopyMessagesNameTheLinkOnce keeps share's promise to its callers: a
// copy message that points at the link says "the link above" exactly once,
// so a caller copying something else (an email) can replace those words.
func TestCopyMessagesNameTheLinkOnce(t *testing.T) {
	for _, name := range []string{"share.terminal", "share.terminalfallback", "share.notcopied", "share.refused"} {
		if n := strings.Count(Text(name, nil), "the link"); n != 1 || !strings.Contains(Text(name, nil), "the link above") {
			t.Errorf("%s names the link %d times, want once as \"the link above\": %q", name, n, Text(name, nil))
		}
	}
}

// proseAllowed are string literals the prose check lets through, each with
// why: non-prose that happens to hold three lowercase words, such as a
// format or a list of keys. Keep it short.
var proseAllowed = map[string]string{}

// TestNoProseInCode keeps every sentence of the screens, the journey,
// package share and package invite in these templates: a string literal in their Go code that
// holds three lowercase words in a row is prose that belongs here.
func TestNoProseInCode(t *testing.T) {
	prose := regexp.MustCompile(`\b[a-z']+ [a-z']+ [a-z']+\b`)
	literals := 0
	for _, dir := range []string{"../ui", "../share", "../flow", "../invite"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no sources found in %s: %v", dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if _, ok := n.(*ast.ImportSpec); ok {
					return false
				}
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				literals++
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if _, ok := proseAllowed[s]; !ok && prose.MatchString(s) {
					t.Errorf("%s holds prose %q: give it a block in assets", f, s)
				}
				return true
			})
		}
	}
	if literals < 100 {
		t.Fatalf("found only %d string literals; the pattern is stale", literals)
	}
}

// parseFile parses a file of words whole, as the parser sees it.
func parseFile(t *testing.T, file string) *template.Template {
	t.Helper()
	set, err := template.New(file).Option("missingkey=error").Funcs(funcs).Parse(mustRead(file))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return set
}

// TestEveryBlockIsFoundInItsOwnFile keeps the index honest: the scan that
// finds each block agrees with the parser, no name is defined twice, and
// no block calls a block of another file.
func TestEveryBlockIsFoundInItsOwnFile(t *testing.T) {
	for _, kind := range []struct {
		files []string
		index *words
	}{{[]string{"screens.tmpl"}, screenWords()}, {textFiles, textWords()}} {
		home := map[string]string{}
		for _, file := range kind.files {
			eachBlock(mustRead(file), func(name, _ string) {
				if other, dup := home[name]; dup {
					t.Errorf("%q is defined in %s and in %s", name, other, file)
				}
				home[name] = file
			})
		}
		parsed := 0
		for _, file := range kind.files {
			for _, tmpl := range parseFile(t, file).Templates() {
				name := tmpl.Name()
				if name == file {
					continue
				}
				parsed++
				if home[name] != file {
					t.Errorf("%q: the scan places it in %q, the parser in %s", name, home[name], file)
				}
			}
			for _, call := range calledBy(mustRead(file)) {
				if home[call] != file {
					t.Errorf("%s calls %q, which %q defines", file, call, home[call])
				}
			}
		}
		if parsed != len(kind.index.blocks) {
			t.Errorf("the scan found %d blocks, the parser %d", len(kind.index.blocks), parsed)
		}
	}
}

// TestBlocksAloneAreTheBlocksOfTheFile: a block taken alone, as onboard
// takes it, is the block the whole file defines. A plain one prints as
// the parsed one does; one with actions parses to the same tree.
func TestBlocksAloneAreTheBlocksOfTheFile(t *testing.T) {
	plain := 0
	for _, kind := range []struct {
		files []string
		index *words
	}{{[]string{"screens.tmpl"}, screenWords()}, {textFiles, textWords()}} {
		for _, file := range kind.files {
			for _, whole := range parseFile(t, file).Templates() {
				name := whole.Name()
				if name == file {
					continue
				}
				if text, ok := kind.index.plain(name); ok {
					plain++
					var b strings.Builder
					if err := whole.Execute(&b, nil); err != nil || b.String() != text {
						t.Errorf("%s %q: taken alone %q, parsed %q (%v)", file, name, text, b.String(), err)
					}
					continue
				}
				alone := kind.index.template(name)
				if alone == nil {
					t.Errorf("%s %q does not parse alone", file, name)
					continue
				}
				if alone.Root.String() != whole.Root.String() {
					t.Errorf("%s %q: taken alone\n%s\nparsed\n%s", file, name, alone.Root, whole.Root)
				}
			}
		}
	}
	if plain < 300 {
		t.Errorf("only %d blocks are plain; the test of plainness is stale", plain)
	}
}
