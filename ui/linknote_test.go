package ui

import (
	"strings"
	"testing"

	"github.com/onboardcli/onboard/flow"
)

// TestLinkNotesGiveWayOnTheScreen: "opened in your browser" and "copied"
// describe the sign-in under way; once it ends, linked or cancelled, the
// authorize screen no longer says so, and once linked it no longer shows
// the link.
func TestLinkNotesGiveWayOnTheScreen(t *testing.T) {
	opened := "Opened the link in your browser"
	// atLink starts a journey and says yes to signing in: the link shows.
	atLink := func(t *testing.T) (*harness, snapshot) {
		h := newHarness(t, 100, 30, true)
		h.toSignIn("Acme Ltd")
		h.text("y")
		return h, h.waitFor("the link", func(s snapshot) bool { return s.st.Connection.LinkURL != "" })
	}
	t.Run("opened, then linked", func(t *testing.T) {
		h, s := atLink(t)
		h.text("o")
		h.waitFor("the note", func(s snapshot) bool { return strings.Contains(s.view, opened) })
		authorizeOnPage(t, s.st.Connection.LinkURL)
		s = h.waitFor("linked", func(s snapshot) bool { return strings.Contains(s.view, "Codat Sandbox is linked") })
		if strings.Contains(s.view, opened) {
			t.Fatalf("the note on opening the link outlived the link:\n%s", s.view)
		}
		if strings.Contains(s.view, "Open this link") || strings.Contains(s.view, s.st.Connection.LinkURL) {
			t.Fatalf("the link and how to use it outlived the link:\n%s", s.view)
		}
	})
	t.Run("copied, then cancelled", func(t *testing.T) {
		h, s := atLink(t)
		h.text("c")
		s = h.waitFor("the copy report", func(s snapshot) bool { return s.st.Notice != nil })
		report := s.st.Notice.Data.(string)
		if !strings.Contains(strings.Join(strings.Fields(s.view), " "), report) {
			t.Fatalf("the copy report %q is not on screen:\n%s", report, s.view)
		}
		if err := h.sb.Cancel(s.st.Company.ID, s.st.Connection.ID); err != nil {
			t.Fatal(err)
		}
		s = h.waitFor("the failure", func(s snapshot) bool { return s.st.Watch.Failed })
		if s.st.Notice != nil || strings.Contains(strings.Join(strings.Fields(s.view), " "), report) {
			t.Fatalf("the copy report outlived the attempt (notice %+v):\n%s", s.st.Notice, s.view)
		}
		if s.st.Step != flow.StepAuthorize {
			t.Fatalf("step=%v", s.st.Step)
		}
	})
}
