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
// The three are made side by side: they are on the way to the first frame.
func seedDemo(ctx context.Context, b *backend, now time.Time) (*demoSeed, error) {
	errs := make(chan error, 2)
	go func() { errs <- seedLinked(ctx, b, demoLinkedCompany, "gbol", false) }()
	go func() { errs <- seedLinked(ctx, b, demoRevokedCompany, "qhyg", true) }()
	seed, err := seedInvited(ctx, b, now)
	for range 2 {
		if e := <-errs; err == nil {
			err = e
		}
	}
	if err != nil {
		if seed != nil {
			seed.remove()
		}
		return nil, err
	}
	return seed, nil
}

// seedLinked makes a company whose platform was linked, and, when revoked,
// whose access was withdrawn since.
func seedLinked(ctx context.Context, b *backend, name, platform string, revoked bool) error {
	co, err := b.client.CreateCompany(ctx, api.CompanyRequest{Name: name})
	if err != nil {
		return err
	}
	conn, err := b.client.CreateConnection(ctx, co.ID, platform)
	if err != nil {
		return err
	}
	if err := b.sandbox.Authorize(co.ID, conn.ID); err != nil {
		return err
	}
	if revoked {
		return b.sandbox.Deauthorize(co.ID, conn.ID)
	}
	return nil
}

// seedInvited makes the company an invite was handed on for, two days ago,
// and notes the invite in the demo's own store.
func seedInvited(ctx context.Context, b *backend, now time.Time) (*demoSeed, error) {
	invited, err := b.client.CreateCompany(ctx, api.CompanyRequest{Name: demoInvitedCompany})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "onboard-demo-")
	if err != nil {
		return nil, err
	}
	seed := &demoSeed{dir: dir}
	st, _, err := store.OpenScratch(filepath.Join(dir, "onboardings.json"))
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
