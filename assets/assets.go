// Package assets holds the words a person reads: screen copy, consent, help,
// the commands' help and messages, what an error means, and the invite email,
// embedded so the binary is self-contained.
package assets

import (
	"bytes"
	_ "embed" // the files of words
	"strings"
	"sync"
	"text/template"
	"text/template/parse"
)

// The files of words, embedded as strings: read in place, never copied.
var (
	//go:embed screens.tmpl
	screensFile string
	//go:embed commands.tmpl
	commandsFile string
	//go:embed share.tmpl
	shareFile string
	//go:embed store.tmpl
	storeFile string
	//go:embed errors.tmpl
	errorsFile string
	//go:embed invitechecks.tmpl
	inviteChecksFile string
	//go:embed reader.tmpl
	readerFile string

	files = map[string]string{
		"screens.tmpl": screensFile, "commands.tmpl": commandsFile, "share.tmpl": shareFile, "store.tmpl": storeFile,
		"errors.tmpl": errorsFile, "invitechecks.tmpl": inviteChecksFile, "reader.tmpl": readerFile,
	}
)

// Every kind of words is indexed on first use (blocks.go). Each file's
// blocks call only blocks of the same file. Every block refuses a missing
// key, so a misspelt value shows up in the tests as a block that fails to
// render, never as "<no value>" on a screen or in a message.
var (
	textFiles   = []string{"commands.tmpl", "share.tmpl", "store.tmpl", "errors.tmpl", "invitechecks.tmpl", "reader.tmpl"}
	screenWords = sync.OnceValue(func() *words { return indexWords("screens.tmpl") })
	textWords   = sync.OnceValue(func() *words { return indexWords(textFiles...) })
)

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
	w := screenWords()
	if text, ok := w.plain(name); ok {
		return strings.Trim(text, "\n")
	}
	t := w.template(name)
	if t == nil {
		return name
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
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
	w := textWords()
	if text, ok := w.plain(name); ok {
		text = strings.TrimPrefix(text, "\n")
		return strings.TrimSuffix(text, "\n")
	}
	t := w.template(name)
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
func ScreenNames() []string { return screenWords().names() }

// TextNames lists the defined blocks Text renders, for tests.
func TextNames() []string { return textWords().names() }

func mustRead(name string) string {
	text, ok := files[name]
	if !ok {
		panic("assets: no file of words " + name)
	}
	return text
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
