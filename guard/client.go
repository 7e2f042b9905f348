package guard

import (
	"context"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/steps"
)

// Client is an api.Client whose creates hold the locks: a find-or-create of
// a company holds the lock for its name, and a create of a connection holds
// the lock for its company and platform and looks for a pending connection
// first. Every other call goes straight to the api.Client. With nil locks
// (a sandbox private to this process) nothing is locked.
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
	unlock, err := c.lockCompany(ctx, name)
	if err != nil {
		return api.Company{}, false, err
	}
	defer unlock()
	return c.Client.FindOrCreateCompany(ctx, name, uid)
}

// CreateCompanyOnce is api.Client.CreateCompanyOnce under the lock for the
// name.
func (c *Client) CreateCompanyOnce(ctx context.Context, name, uid string) (api.Company, error) {
	unlock, err := c.lockCompany(ctx, name)
	if err != nil {
		return api.Company{}, err
	}
	defer unlock()
	return c.Client.CreateCompanyOnce(ctx, name, uid)
}

// CreateConnection returns the company's newest pending connection to the
// platform, or creates one: under the lock for the company and platform, so
// onboard processes started together share one connection. A pending
// connection is as good to authorize as a new one, and Codat keeps one
// pending per attempt otherwise.
func (c *Client) CreateConnection(ctx context.Context, companyID, platformKey string) (api.Connection, error) {
	if c.locks != nil {
		unlock, err := c.locks.Connection(ctx, companyID, platformKey)
		if err != nil {
			return api.Connection{}, err
		}
		defer unlock()
	}
	conns, err := c.Client.ListConnections(ctx, companyID)
	if err != nil {
		return api.Connection{}, err
	}
	target := flow.Target{Platform: flow.Platform{Key: platformKey}}
	if chosen, ok := flow.ChooseConnection(steps.ConnectionsOf(conns), target); ok && chosen.Status == flow.StatusPendingAuth {
		for _, c := range conns {
			if c.ID == chosen.ID {
				return c, nil
			}
		}
	}
	return c.Client.CreateConnection(ctx, companyID, platformKey)
}

func (c *Client) lockCompany(ctx context.Context, name string) (func(), error) {
	if c.locks == nil {
		return func() {}, nil
	}
	return c.locks.Company(ctx, name)
}
