// Package assets holds the words a person reads: screen copy, consent, help,
// the commands' help and messages, what an error means, and the invite email,
// embedded so the binary is self-contained.
package assets

import (
	"bytes"
	"embed"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"
)

//go:embed screens.tmpl commands.tmpl share.tmpl store.tmpl errors.tmpl invitechecks.tmpl reader.tmpl
var files embed.FS

// The words are parsed on first use, one file at a time: a command's help
// needs one file of the seven, and parsing them all took about half of the
// time onboard spent before main. Each file's blocks refer only to blocks of
// the same file. Every set refuses a missing key, so a misspelt value shows up
// in the tests as a block that fails to render, never as "<no value>" on a
// screen or in a message.
var (
	screens   = sync.OnceValue(func() *template.Template { return parseWords("screens.tmpl") })
	textFiles = []string{"commands.tmpl", "share.tmpl", "store.tmpl", "errors.tmpl", "invitechecks.tmpl", "reader.tmpl"}
	textSets  = lazySets(textFiles)
	// textHome says which file defines each block, from a scan for its
	// {{define}} that costs far less than parsing.
	textHome = sync.OnceValue(func() map[string]string {
		home := map[string]string{}
		for _, file := range textFiles {
			for _, name := range definedIn(mustRead(file)) {
				home[name] = file
			}
		}
		return home
	})
)

func parseWords(file string) *template.Template {
	return template.Must(template.New(file).Option("missingkey=error").Funcs(funcs).ParseFS(files, file))
}

func lazySets(files []string) map[string]func() *template.Template {
	sets := make(map[string]func() *template.Template, len(files))
	for _, file := range files {
		sets[file] = sync.OnceValue(func() *template.Template { return parseWords(file) })
	}
	return sets
}

const defineOpen = `{{define "`

// definedIn lists the names of the blocks a file defines.
func definedIn(text string) []string {
	var names []string
	for {
		i := strings.Index(text, defineOpen)
		if i < 0 {
			return names
		}
		text = text[i+len(defineOpen):]
		if end := strings.IndexByte(text, '"'); end > 0 {
			names = append(names, text[:end])
		}
	}
}

// lookupText finds a block in the file that defines it.
func lookupText(name string) *template.Template {
	file, ok := textHome()[name]
	if !ok {
		return nil
	}
	return textSets[file]().Lookup(name)
}

// funcs are what the words may do with their data: lower puts a name in
// lower case ("Which accounting platform"), as the language needs.
var funcs = template.FuncMap{"lower": strings.ToLower, "join": strings.Join}

// Vars are the named values a block of screen copy uses, such as
// {{.Platform}}; a block may take a single value as {{.}} instead.
type Vars = map[string]any

// Screen renders one named block of screen copy with data. The names are the
// {{define}} blocks of screens.tmpl; a missing name is a programming error
// caught by the tests, so it renders as the name itself rather than panicking.
// Line breaks around a block are dropped; spaces are kept, since they may
// come from the data (an empty name leaves its space, as a literal would).
func Screen(name string, data any) string {
	var b strings.Builder
	if err := screens().ExecuteTemplate(&b, name, data); err != nil {
		return name
	}
	return strings.Trim(b.String(), "\n")
}

// Text renders one named block of the words the commands and packages
// share, store, invite and explain give a person: help, messages, next
// steps and errors. The names are the {{define}} blocks of commands.tmpl,
// share.tmpl, store.tmpl, errors.tmpl and invitechecks.tmpl; a missing name renders as the name
// itself, like Screen.
// A block longer than a line may start and end on lines of their own: the
// line break right after its {{define}} and the one right before its {{end}}
// are dropped. Nothing else is, so what the data holds is printed as it is.
func Text(name string, data any) string {
	t := lookupText(name)
	if t == nil {
		return name
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return name
	}
	s := b.String()
	if nodes := t.Root.Nodes; len(nodes) > 0 {
		if first, ok := nodes[0].(*parse.TextNode); ok && bytes.HasPrefix(first.Text, []byte("\n")) {
			s = strings.TrimPrefix(s, "\n")
		}
		if last, ok := nodes[len(nodes)-1].(*parse.TextNode); ok && bytes.HasSuffix(last.Text, []byte("\n")) {
			s = strings.TrimSuffix(s, "\n")
		}
	}
	return s
}

// ScreenNames lists the defined blocks of screen copy, for tests.
func ScreenNames() []string { return blockNames(screens()) }

// TextNames lists the defined blocks Text renders, for tests.
func TextNames() []string {
	var names []string
	for _, file := range textFiles {
		names = append(names, blockNames(textSets[file]())...)
	}
	return names
}

func blockNames(set *template.Template) []string {
	var names []string
	for _, t := range set.Templates() {
		if !strings.HasSuffix(t.Name(), ".tmpl") {
			names = append(names, t.Name())
		}
	}
	return names
}

func mustRead(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Error is an error worded by the Text block it names. The words are read
// when it is printed, so a package's error variables parse nothing before
// main; errors.Is still compares them by name.
type Error string

func (e Error) Error() string { return Text(string(e), nil) }

// ScreenError is an Error worded by a Screen block: the words of the
// journey's screens, for the errors the journey itself returns.
type ScreenError string

func (e ScreenError) Error() string { return Screen(string(e), nil) }
