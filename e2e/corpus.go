// Package e2e drives the onboard binary as a person would, in a
// pseudo-terminal, against the sandbox and against a deliberately hostile
// Codat, and checks what reaches the terminal, the exit codes and the
// sandbox's state afterwards.
//
// This file is the loader for the shared hostile-input corpus in
// testdata/hostile at the repository root (see its README).
package e2e

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// CorpusEntry is one string of the hostile-input corpus.
type CorpusEntry struct {
	File    string // e.g. "names.txt"
	Line    int    // 1-based line in File
	Value   string // the unquoted string, bytes exactly as written
	Verdict string // the text after a tab, e.g. "accept"; "" when absent
}

// Name identifies the entry in test names and failure messages.
func (e CorpusEntry) Name() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// CorpusDir is the directory holding the corpus, found from this source
// file so tests of any package can use it.
func CorpusDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("..", "testdata", "hostile")
	}
	return filepath.Join(filepath.Dir(file), "..", "testdata", "hostile")
}

// LoadCorpus reads one corpus file ("names.txt", "emails.txt", "urls.txt"):
// one Go-quoted string per line, optionally followed by a tab and a verdict;
// blank lines and lines starting with # are skipped.
func LoadCorpus(name string) ([]CorpusEntry, error) {
	path := filepath.Join(CorpusDir(), name)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	defer f.Close()
	var out []CorpusEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		quoted, verdict, _ := strings.Cut(line, "\t")
		value, err := strconv.Unquote(strings.TrimSpace(quoted))
		if err != nil {
			return nil, fmt.Errorf("load corpus: %s:%d: not a Go-quoted string: %w", name, n, err)
		}
		out = append(out, CorpusEntry{File: name, Line: n, Value: value, Verdict: strings.TrimSpace(verdict)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("load corpus: %s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("load corpus: %s has no entries", name)
	}
	return out, nil
}
