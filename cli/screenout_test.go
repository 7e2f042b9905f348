package cli

import (
	"bytes"
	"os"
	"testing"

	"github.com/onboardcli/onboard/internal/termout"
)

// TestScreensDrawThroughTermout: a terminal file is written through
// termout, so no frame is lost part-way; any other writer is used as is.
func TestScreensDrawThroughTermout(t *testing.T) {
	if out, _ := screenOutput(os.Stderr); out == nil {
		t.Fatal("no output")
	} else if _, ok := out.(*termout.Terminal); !ok {
		t.Fatalf("a terminal file is written as %T", out)
	}
	var buf bytes.Buffer
	if out, _ := screenOutput(&buf); out != &buf {
		t.Fatalf("a buffer is written as %T", out)
	}
}
