package share

import (
	"errors"
	"strings"
	"testing"
)

// CopyMessage copies the body alone and says so; a copy that fails says
// where else to find the message, never "the link above".
func TestCopyMessageCopiesTheBodyAlone(t *testing.T) {
	var got string
	r := CopyMessage("Hi Jane,\n\nhttps://link.codat.io/x\n", "save it with s", Env{}, func(s string) error { got = s; return nil }, nil)
	if got != "Hi Jane,\n\nhttps://link.codat.io/x\n" || r.Method != MethodNative {
		t.Fatalf("copied %q via %q", got, r.Method)
	}
	if !strings.Contains(r.Message, "Only the invite's message was copied") {
		t.Errorf("report %q does not say only the message went", r.Message)
	}
	var seq string
	r = CopyMessage("Hi", "save it with s", Env{SSH: true}, nil, func(s string) error { seq = s; return nil })
	if seq != OSC52("Hi", Env{SSH: true}) || !strings.Contains(r.Message, "If paste comes up empty, save it with s.") || strings.Contains(r.Message, "link") {
		t.Errorf("over SSH: sent %q, said %q", seq, r.Message)
	}
	r = CopyMessage("Hi", "save it with s", Env{}, func(string) error { return errors.New("no display") }, nil)
	if r.Method != MethodNone || !strings.Contains(r.Message, "save it with s") || strings.Contains(r.Message, "link") || strings.Contains(r.Message, "Only the") {
		t.Errorf("failed copy: via %q, said %q", r.Method, r.Message)
	}
}
