package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/flow"
)

// TestDoneSaysUntouchedCategoriesAreNotConnected: the recap does not call a
// category the person never opened "skipped".
func TestDoneSaysUntouchedCategoriesAreNotConnected(t *testing.T) {
	m := feed(atDelegate(screen(80, 24, true)), flow.Finish{})
	frame := ansi.Strip(m.render())
	if m.st.Step != flow.StepDone || strings.Contains(frame, "skipped") ||
		!strings.Contains(frame, "Banking: not connected") || !strings.Contains(frame, "Commerce: not connected") {
		t.Fatalf("recap:\n%s", frame)
	}
}

// TestDemoDoneDoesNotPromiseTheLink: the demo's recap help does not say a
// link stays printed, since none outlives the demo.
func TestDemoDoneDoesNotPromiseTheLink(t *testing.T) {
	m := feed(atDelegate(screen(80, 24, true)), flow.Finish{})
	if !strings.Contains(helpOf(m), "stays printed") {
		t.Fatalf("help:\n%s", helpOf(m))
	}
	m.st.Demo = true
	if help := helpOf(m); strings.Contains(help, "stays printed") || !strings.Contains(help, "demo's sandbox stops") {
		t.Fatalf("demo help:\n%s", help)
	}
}
