package assets

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryScreenNameExists finds the names of screen copy in the screens
// and the journey, and checks each is defined, so nothing shows a bare name.
// A name is any "group.name" literal whose group screens.tmpl uses, so names
// handed to assets.Screen through a variable are checked too.
func TestEveryScreenNameExists(t *testing.T) {
	defined := ScreenNames()
	groups := map[string]bool{}
	for _, name := range defined {
		group, _, _ := strings.Cut(name, ".")
		groups[group] = true
	}
	call := regexp.MustCompile(`assets\.Screen\("([a-z]+\.[a-z]+)"`)
	literal := regexp.MustCompile(`"([a-z]+)\.([a-z]+)"`)
	for _, dir := range []string{"ui", "flow"} {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no %s sources found: %v", dir, err)
		}
		calls := 0
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			calls += len(call.FindAllIndex(src, -1))
			for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
				name := m[1] + "." + m[2]
				if groups[m[1]] && !slices.Contains(defined, name) {
					t.Errorf("%s/%s uses screen text %q, which screens.tmpl does not define", dir, filepath.Base(f), name)
				}
			}
		}
		if calls < 10 {
			t.Fatalf("found only %d uses of assets.Screen in %s; the pattern is stale", calls, dir)
		}
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
	if !strings.Contains(Help, "ctrl+c") {
		t.Fatal("help lacks the quit key")
	}
}
