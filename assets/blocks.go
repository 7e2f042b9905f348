package assets

import (
	"strings"
	"sync"
	"text/template"
)

// The words are found block by block. A scan for each {{define}} costs far
// less than parsing a file: most blocks are plain sentences and are printed
// as they stand, and a block with actions is parsed alone, with the blocks
// it calls, the first time it is used. `onboard --help` so parses three
// small blocks instead of seven files.

// words is the index of one kind of words (screens, or the rest).
type words struct {
	blocks map[string]string // a block's source: its {{define}} up to the next one

	mu     sync.Mutex
	parsed map[string]*template.Template
}

const (
	defineOpen = `{{define "`
	endAction  = "{{end}}"
)

func indexWords(files ...string) *words {
	texts := make([]string, len(files))
	n := 0
	for i, file := range files {
		texts[i] = mustRead(file)
		n += strings.Count(texts[i], defineOpen)
	}
	// Sized once: growing a map of hundreds of names is most of the cost.
	w := &words{blocks: make(map[string]string, n), parsed: map[string]*template.Template{}}
	for _, text := range texts {
		eachBlock(text, func(name, src string) { w.blocks[name] = src })
	}
	return w
}

// eachBlock cuts a file at each {{define}}: blocks cannot nest, so each
// piece holds one block and what follows it (space, comments).
func eachBlock(text string, found func(name, src string)) {
	i := strings.Index(text, defineOpen)
	for i >= 0 {
		next := strings.Index(text[i+len(defineOpen):], defineOpen)
		end := len(text)
		if next >= 0 {
			end = i + len(defineOpen) + next
		}
		src := text[i:end]
		if name, _, ok := strings.Cut(src[len(defineOpen):], `"`); ok {
			found(name, src)
		}
		if next < 0 {
			return
		}
		i = end
	}
}

// plain returns a block's text when it holds no action, so it needs no
// parsing.
func (w *words) plain(name string) (text string, ok bool) {
	src, found := w.blocks[name]
	if !found {
		return "", false
	}
	_, body, found := strings.Cut(src, `"}}`)
	if !found {
		return "", false
	}
	text, rest, found := strings.Cut(body, "{{")
	if !found || !strings.HasPrefix("{{"+rest, endAction) {
		return "", false
	}
	return text, true
}

// template parses a block, and the blocks it calls, on first use; nil when
// no such block is defined or it does not parse (the tests parse every file
// whole, so that is caught before a person meets it).
func (w *words) template(name string) *template.Template {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t, ok := w.parsed[name]; ok {
		return t
	}
	set := template.New("words").Option("missingkey=error").Funcs(funcs)
	if !w.parseInto(set, name, map[string]bool{}) {
		return nil
	}
	t := set.Lookup(name)
	w.parsed[name] = t
	return t
}

func (w *words) parseInto(set *template.Template, name string, done map[string]bool) bool {
	if done[name] {
		return true
	}
	done[name] = true
	src, ok := w.blocks[name]
	if !ok {
		return false
	}
	if _, err := set.New("source of " + name).Parse(src); err != nil {
		return false
	}
	for _, called := range calledBy(src) {
		if !w.parseInto(set, called, done) {
			return false
		}
	}
	return true
}

// calledBy lists the blocks a block's {{template "…"}} actions call.
func calledBy(src string) []string {
	var names []string
	for {
		i := strings.Index(src, `template "`)
		if i < 0 {
			return names
		}
		src = src[i+len(`template "`):]
		if name, _, ok := strings.Cut(src, `"`); ok {
			names = append(names, name)
		}
	}
}

// names lists the defined blocks.
func (w *words) names() []string {
	names := make([]string, 0, len(w.blocks))
	for name := range w.blocks {
		names = append(names, name)
	}
	return names
}
