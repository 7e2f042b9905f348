package e2e

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNoWordsParsedBeforeMain: onboard's own packages do next to nothing
// before main, so `--help` and the first frame are not kept waiting by
// words they do not show. The runtime's init trace gives what each
// package's initializers allocated; parsing even one file of words takes
// tens of kilobytes.
func TestNoWordsParsedBeforeMain(t *testing.T) {
	const limit = 8 << 10 // bytes allocated by one package's initializers
	cmd := exec.Command(onboardBin, "--version")
	cmd.Env = baseEnv(t, "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("onboard --version: %v\n%s", err, out)
	}
	line := regexp.MustCompile(`(?m)^init (github\.com/onboardcli/onboard\S*) @\S+ ms, \S+ ms clock, (\d+) bytes`)
	found := line.FindAllStringSubmatch(string(out), -1)
	if len(found) < 5 {
		t.Fatalf("the init trace names only %d of onboard's packages; is its format new?\n%s", len(found), out)
	}
	for _, m := range found {
		bytes, _ := strconv.Atoi(m[2])
		if bytes > limit {
			t.Errorf("%s allocates %d bytes before main (at most %d): something parses or builds eagerly",
				strings.TrimPrefix(m[1], "github.com/onboardcli/"), bytes, limit)
		}
	}
}
