package guard

import (
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// TestAPendingConnectionIsFoundWithoutItsKey: in the strict profile Codat
// leaves integrationKey out of connections; a pending connection another
// onboard made since this one last looked is still found by the look
// before the create, through the catalogue's integration, and no second
// one is made.
func TestAPendingConnectionIsFoundWithoutItsKey(t *testing.T) {
	t.Parallel()
	sb, err := sandbox.Start(sandbox.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	c, err := api.New(api.Config{BaseURL: sb.BaseURL(), APIKey: sb.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	co, _, err := c.FindOrCreateCompany(ctx, "Keyless Ltd", "")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := c.CreateConnection(ctx, co.ID, "gbol")
	if err != nil {
		t.Fatal(err)
	}
	if theirs.IntegrationKey != "" {
		t.Fatalf("the strict profile gave integrationKey %q: the test shows nothing", theirs.IntegrationKey)
	}
	catalogue, _, err := steps.Catalogue(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	target := flow.TargetFor("gbol", "", catalogue)
	mine := New(c, NewLocks(t.TempDir(), 0))
	got, err := mine.CreateConnectionOrFind(ctx, co.ID, "gbol", steps.PendingOf(target))
	if err != nil {
		t.Fatal(err)
	}
	conns, err := c.ListConnections(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != theirs.ID || len(conns) != 1 {
		t.Fatalf("got %s and %d connections; want the other onboard's %s, alone", got.ID, len(conns), theirs.ID)
	}
}
