package e2e

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// onboardBin is the binary under test, built once per run.
var onboardBin string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	flag.Parse()
	widenParallel()
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

// widenParallel lets more tests run at once than there are CPUs, unless
// -parallel was given. These tests spend their time waiting on a program
// in a terminal and on the sandbox, not computing; each has its own
// sandbox, terminal and state directory, so nothing is shared.
func widenParallel() {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		_ = flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
}
