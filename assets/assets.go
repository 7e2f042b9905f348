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

var screens = template.Must(template.New("screens").ParseFS(files, "screens.tmpl"))

// Screen renders one named block of screen copy with data. The names are the
// {{define}} blocks of screens.tmpl; a missing name is a programming error
// caught by the tests, so it renders as the name itself rather than panicking.
func Screen(name string, data any) string {
	var b strings.Builder
	if err := screens.ExecuteTemplate(&b, name, data); err != nil {
		return name
	}
	return strings.TrimSpace(b.String())
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
