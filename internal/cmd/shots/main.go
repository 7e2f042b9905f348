// Command shots redraws the README's pictures of the journey from the
// screen goldens: run it from the module root as `go run ./internal/cmd/shots`.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/onboardcli/onboard/internal/shots"
)

func main() {
	pics, err := shots.Generate(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "shots:", err)
		os.Exit(1)
	}
	paths := make([]string, 0, len(pics))
	for p := range pics {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "shots:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, pics[p], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "shots:", err)
			os.Exit(1)
		}
		fmt.Println(p)
	}
}
