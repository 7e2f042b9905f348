package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/onboardcli/onboard/api/sandbox"
)

// TestHelpHasNoTrailingSpaces: no line of any command's --help ends in
// spaces.
func TestHelpHasNoTrailingSpaces(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sandbox.Options{})
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if !sub.Hidden && sub.Name() != "help" && sub.Name() != "completion" {
				walk(sub, append(append([]string{}, path...), sub.Name()))
			}
		}
	}
	walk(newRootCmd(&app{}), nil)
	if len(paths) < 10 {
		t.Fatalf("only %d commands found", len(paths))
	}
	for _, p := range paths {
		r := h.run("", append(p, "--help")...)
		if r.code != exitOK || !strings.Contains(r.stdout, "USAGE") {
			t.Errorf("%v --help: code %d\n%s%s", p, r.code, r.stdout, r.stderr)
		}
		for i, line := range strings.Split(r.stdout, "\n") {
			if strings.TrimRight(line, " \t") != line {
				t.Errorf("%v --help line %d ends in spaces: %q", p, i+1, line)
			}
		}
	}
}

// TestLineTrimmerKeepsColours: spaces before the colour reset that ends a
// line go, the reset stays, and a last line with no break is written on
// Flush.
func TestLineTrimmerKeepsColours(t *testing.T) {
	var out bytes.Buffer
	tr := &lineTrimmer{w: &out}
	for _, part := range []string{"\x1b[1mUSAGE  ", "\x1b[m\n  a b  \n\n", "last  "} {
		if _, err := tr.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if got := out.String(); got != "\x1b[1mUSAGE\x1b[m\n  a b\n\n" {
		t.Fatalf("before Flush: %q", got)
	}
	if err := tr.Flush(); err != nil || out.String() != "\x1b[1mUSAGE\x1b[m\n  a b\n\nlast  " {
		t.Fatalf("after Flush: %q, %v", out.String(), err)
	}
}
