package guard

import (
	"context"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// Client is an api.Client whose creates hold the locks: a find-or-create of
// a company holds the lock for its name, and a create of a connection holds
// the lock for its company and platform and looks for a pending connection
// first. Every other call goes straight to the api.Client. With nil locks
// (a sandbox private to this process) nothing is locked.
//
// Every create under a lock records when it ended in the lock's file
// (made.go), so a later holder can tell whether what it saw before taking
// the lock still holds.
type Client struct {
	*api.Client
	locks *Locks
}

// New wraps c; locks may be nil.
func New(c *api.Client, locks *Locks) *Client { return &Client{Client: c, locks: locks} }

// FindOrCreateCompany is api.Client.FindOrCreateCompany under the lock for
// the name, so another onboard on this computer making the same company
// either finishes first, and its company is found, or waits.
func (c *Client) FindOrCreateCompany(ctx context.Context, name, uid string) (api.Company, bool, error) {
	h, err := c.lockCompany(ctx, name)
	if err != nil {
		return api.Company{}, false, err
	}
	defer h.unlock()
	co, reused, err := c.Client.FindOrCreateCompany(ctx, name, uid)
	if err != nil || !reused {
		h.markMade()
	}
	return co, reused, err
}

// CreateCompanyOnce is api.Client.CreateCompanyOnce under the lock for the
// name.
func (c *Client) CreateCompanyOnce(ctx context.Context, name, uid string) (api.Company, error) {
	h, err := c.lockCompany(ctx, name)
	if err != nil {
		return api.Company{}, err
	}
	defer h.unlock()
	defer h.markMade()
	return c.Client.CreateCompanyOnce(ctx, name, uid)
}

// CreateTaggedCompany is api.Client.CreateTaggedCompany (a uid never sent
// before) under the lock for the name.
func (c *Client) CreateTaggedCompany(ctx context.Context, name, uid string) (api.Company, error) {
	h, err := c.lockCompany(ctx, name)
	if err != nil {
		return api.Company{}, err
	}
	defer h.unlock()
	defer h.markMade()
	return c.Client.CreateTaggedCompany(ctx, name, uid)
}

// CreateCompanySearched finds or creates the company when a look for it
// (api.Client.FindCompany, or a search for the name with a uid never sent)
// sent at searched found nothing. Under the lock for the name: if no
// onboard on this computer made a company of the name since then, that look
// is still the whole answer and the company is created at once (one call);
// otherwise it is FindOrCreateCompany, looking again.
func (c *Client) CreateCompanySearched(ctx context.Context, name, uid string, searched time.Time) (api.Company, bool, error) {
	h, err := c.lockCompany(ctx, name)
	if err != nil {
		return api.Company{}, false, err
	}
	defer h.unlock()
	if searched.IsZero() || h.madeSince(searched) {
		co, reused, err := c.Client.FindOrCreateCompany(ctx, name, uid)
		if err != nil || !reused {
			h.markMade()
		}
		return co, reused, err
	}
	defer h.markMade()
	co, err := c.Client.CreateCompanyNotFound(ctx, name, uid)
	return co, false, err
}

// CreateConnectionOrFind returns the company's pending connection to the
// platform that find (steps.PendingOf, the chooser) picks, or creates one:
// under the lock for the company and platform, so onboard processes
// started together share one connection. A pending connection is as good
// to authorize as a new one, and Codat keeps one pending per attempt
// otherwise. After an unclear answer to the create, find picks again.
func (c *Client) CreateConnectionOrFind(ctx context.Context, companyID, platformKey string, find api.ConnectionFinder) (api.Connection, error) {
	return c.createConnection(ctx, companyID, platformKey, find, false)
}

// CreateConnectionNewCompany is CreateConnectionOrFind for a company this
// process made moments ago: nobody else knows of it but another onboard
// that found it by name, so the company's connections are listed first only
// when one was ever made under the lock for the company and platform.
func (c *Client) CreateConnectionNewCompany(ctx context.Context, companyID, platformKey string, find api.ConnectionFinder) (api.Connection, error) {
	return c.createConnection(ctx, companyID, platformKey, find, true)
}

func (c *Client) createConnection(ctx context.Context, companyID, platformKey string, find api.ConnectionFinder, newCompany bool) (api.Connection, error) {
	if find == nil {
		find = steps.PendingOf(flow.Target{Platform: flow.Platform{Key: platformKey}})
	}
	var h *held
	if c.locks != nil {
		var err error
		if h, err = c.locks.connection(ctx, companyID, platformKey); err != nil {
			return api.Connection{}, err
		}
		defer h.unlock()
		defer h.markMade()
	}
	if !newCompany || h != nil && h.everMade() {
		conns, err := c.Client.ListConnections(ctx, companyID)
		if err != nil {
			return api.Connection{}, err
		}
		if conn, ok := find(conns); ok {
			return conn, nil
		}
	}
	return c.Client.CreateConnectionOrFind(ctx, companyID, platformKey, find)
}

func (c *Client) lockCompany(ctx context.Context, name string) (*held, error) {
	if c.locks == nil {
		return &held{unlock: func() {}}, nil
	}
	return c.locks.company(ctx, name)
}
