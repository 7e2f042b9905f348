package e2e

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// onboardBin is the binary under test, built once per run.
var onboardBin string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	flag.Parse()
	// ONBOARD_E2E_BIN runs the tests and benchmarks against a binary built
	// elsewhere, such as an earlier commit's, to compare.
	if bin := os.Getenv("ONBOARD_E2E_BIN"); bin != "" {
		onboardBin = bin
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "onboard-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	onboardBin = filepath.Join(dir, "onboard")
	build := exec.Command("go", "build", "-o", onboardBin, ".")
	build.Dir = ".." // the module root, where package main lives
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building onboard: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}
