package assets

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryScreenNameExists finds each assets.Screen("name", …) call in the
// screens and checks the name is defined, so no screen shows a bare name.
func TestEveryScreenNameExists(t *testing.T) {
	defined := ScreenNames()
	call := regexp.MustCompile(`assets\.Screen\("([a-z]+\.[a-z]+)"`)
	files, err := filepath.Glob(filepath.Join("..", "ui", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no ui sources found: %v", err)
	}
	used := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			used++
			if !slices.Contains(defined, m[1]) {
				t.Errorf("%s uses screen text %q, which screens.tmpl does not define", filepath.Base(f), m[1])
			}
		}
	}
	if used < 20 {
		t.Fatalf("found only %d uses of assets.Screen; the pattern is stale", used)
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
