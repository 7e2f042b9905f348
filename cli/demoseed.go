package cli

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/store"
)

// The demo's example businesses, there before the first key is pressed so
// that reuse, the duplicate guard and picking up what was handed on all
// show on a first run.
const (
	demoLinkedCompany    = "Millbrook Joinery Ltd"   // accounting linked (Xero)
	demoRevokedCompany   = "Kestrel Garden Centre"   // its QuickBooks Online access withdrawn
	demoInvitedCompany   = "Wren & Ashdown Florists" // an invite handed on two days ago
	demoInviteRecipient  = "ana@wrenashdown.example"
	demoInviteFromName   = "Sam Okafor"
	demoInvitePlatform   = "gbol"
	demoInvitePlatformIs = "Xero"
)

// demoSeed is what the demo starts with: the sandbox's companies, and a
// store of its own in a scratch directory that remembers the invite. The
// person's own list of what was handed on is never read or written: the
// demo's sandbox, and all it knows, ends with the session.
type demoSeed struct {
	store *store.Store
	dir   string
}

// seedDemo makes the example businesses in the demo's sandbox through its
// API, as a person would have, and notes the invite in the demo's store.
func seedDemo(ctx context.Context, b *backend, now time.Time) (*demoSeed, error) {
	c, sb := b.client, b.sandbox
	linked, err := c.CreateCompany(ctx, api.CompanyRequest{Name: demoLinkedCompany})
	if err != nil {
		return nil, err
	}
	xero, err := c.CreateConnection(ctx, linked.ID, "gbol")
	if err != nil {
		return nil, err
	}
	if err := sb.Authorize(linked.ID, xero.ID); err != nil {
		return nil, err
	}
	revoked, err := c.CreateCompany(ctx, api.CompanyRequest{Name: demoRevokedCompany})
	if err != nil {
		return nil, err
	}
	qbo, err := c.CreateConnection(ctx, revoked.ID, "qhyg")
	if err != nil {
		return nil, err
	}
	if err := sb.Authorize(revoked.ID, qbo.ID); err != nil {
		return nil, err
	}
	if err := sb.Deauthorize(revoked.ID, qbo.ID); err != nil {
		return nil, err
	}
	invited, err := c.CreateCompany(ctx, api.CompanyRequest{Name: demoInvitedCompany})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "onboard-demo-")
	if err != nil {
		return nil, err
	}
	seed := &demoSeed{dir: dir}
	st, _, err := store.Open(filepath.Join(dir, "onboardings.json"))
	if err == nil {
		seed.store = st
		handedOn := now.Add(-50 * time.Hour)
		_, err = st.Upsert(store.Entry{
			CompanyID: invited.ID, CompanyName: demoInvitedCompany, Category: string(flow.Accounting),
			PlatformKey: demoInvitePlatform, PlatformName: demoInvitePlatformIs, Path: store.PathDelegate,
			Recipient: demoInviteRecipient, HandedOn: string(flow.HandedOnPrepared), HandedOnAt: handedOn,
			FromName: demoInviteFromName, StartedAt: handedOn, Status: flow.StatusPendingAuth, BaseURL: b.baseURL,
		})
	}
	if err != nil {
		seed.remove()
		return nil, err
	}
	return seed, nil
}

// remove deletes the demo's store.
func (s *demoSeed) remove() { _ = os.RemoveAll(s.dir) }
