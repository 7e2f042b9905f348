// Package assets holds the words a person reads: screen copy, consent, help
// and the invite email, embedded so the binary is self-contained.
package assets

import (
	"embed"
	"strings"
	"text/template"
)

//go:embed screens.tmpl help.txt
var files embed.FS

// Help is the full help text shown by ? and in accessible mode.
var Help = mustRead("help.txt")

// screens refuses a missing key, so a misspelt value shows up in the tests
// as a block that fails to render, never as "<no value>" on a screen.
var screens = template.Must(template.New("screens").Option("missingkey=error").ParseFS(files, "screens.tmpl"))

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
	if err := screens.ExecuteTemplate(&b, name, data); err != nil {
		return name
	}
	return strings.Trim(b.String(), "\n")
}

// ScreenNames lists the defined blocks, for tests.
func ScreenNames() []string {
	var names []string
	for _, t := range screens.Templates() {
		if t.Name() != "screens" && t.Name() != "screens.tmpl" {
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
