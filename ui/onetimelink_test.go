package ui

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/onboardcli/onboard/api/sandbox"
)

// Where Codat's links work once (the strict sandbox), opening the link a
// second time from the authorize screen opens a fresh one, which shows the
// sign-in page again rather than an expired one, and the wait goes on.
func TestAuthorizeOpensAFreshLinkOnceOneWasUsed(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	var mu sync.Mutex
	var opened []string
	pages := map[string]int{}
	browse := func(link string) error {
		resp, err := http.Get(link) // each open a browser's first visit
		if err != nil {
			return err
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		mu.Lock()
		defer mu.Unlock()
		opened = append(opened, link)
		if resp.StatusCode == http.StatusOK && strings.Contains(string(page), "<form") {
			pages[link] = resp.StatusCode
		}
		return nil
	}
	h := startHarness(t, sb, nil, 100, 30, false, func(d *Deps) { d.Browser = browse })
	h.toSignIn("Acme Ltd")
	h.text("y")
	first := h.waitFor("the link", func(s snapshot) bool { return s.st.Connection.LinkURL != "" })
	for i := range 2 {
		h.text("o")
		h.waitFor("the browser to open", func(snapshot) bool { mu.Lock(); defer mu.Unlock(); return len(opened) == i+1 })
	}
	s := h.waitFor("the fresh link shown", func(s snapshot) bool {
		return s.st.Connection.LinkURL != first.st.Connection.LinkURL && s.st.Busy == nil
	})
	mu.Lock()
	defer mu.Unlock()
	if opened[0] == opened[1] || len(pages) != 2 {
		t.Errorf("opened %q; sign-in pages shown for %v, want two different links each showing it", opened, pages)
	}
	if opened[1] != s.st.Connection.LinkURL || !strings.Contains(strings.ReplaceAll(s.view, "\n", ""), opened[1]) || !s.st.Watch.Active {
		t.Errorf("the screen shows %q (wait active %v), want the link opened last, %q, with the wait going on\n%s",
			s.st.Connection.LinkURL, s.st.Watch.Active, opened[1], s.view)
	}
}
