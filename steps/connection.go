package steps

import (
	"cmp"
	"context"
	"fmt"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// ConnectionRequest asks for the connection a person signs in through.
type ConnectionRequest struct {
	CompanyID string
	Platform  flow.Platform
	// Known are the company's connections as last seen (from the search or
	// the company read); the chooser picks from them, so reusing costs no
	// extra list.
	Known []flow.Connection
	// ReuseID is a connection the caller already chose to reuse.
	ReuseID string
	// Recheck is set when an earlier request may have made a connection
	// whose answer was lost: list the company's connections first.
	Recheck bool
	// NewCompany is set when this process made the company moments ago:
	// a client that can tell (guard.Client) then lists its connections
	// only if another onboard may have made one.
	NewCompany bool
}

// newCompanyConnector creates a connection for a company just made
// (guard.Client).
type newCompanyConnector interface {
	CreateConnectionNewCompany(ctx context.Context, companyID, platformKey string, find api.ConnectionFinder) (api.Connection, error)
}

// Prepared is the connection to sign in through, its link checked.
type Prepared struct {
	Connection flow.Connection
	// Reused: an existing connection (pending, or unlinked to reconnect on
	// the same id) rather than a new one. AlreadyLinked: the platform is
	// linked, and there is nothing to sign in to.
	Reused, AlreadyLinked bool
}

// ErrBadLink wraps a link Codat sent that failed ValidateLink.
type ErrBadLink struct{ Err error }

func (e ErrBadLink) Error() string { return fmt.Sprintf("bad link: %v", e.Err) }
func (e ErrBadLink) Unwrap() error { return e.Err }

// PrepareConnection returns the connection to authorize: the one
// flow.ChooseConnection picks, read afresh (its link may have expired), or
// a new one. It never creates a second connection beside a pending one.
func PrepareConnection(ctx context.Context, c Codat, req ConnectionRequest) (Prepared, error) {
	reuse := req.ReuseID
	target := flow.Target{Platform: req.Platform, Category: req.Platform.Category}
	if reuse == "" {
		known := req.Known
		if req.Recheck {
			conns, err := c.ListConnections(ctx, req.CompanyID)
			if err != nil {
				return Prepared{}, err
			}
			known = ConnectionsOf(conns)
		}
		if chosen, ok := flow.ChooseConnection(known, target); ok {
			if chosen.Status == flow.StatusLinked {
				return Prepared{Connection: chosen, AlreadyLinked: true}, nil
			}
			reuse = chosen.ID
		}
	}
	if reuse != "" {
		fresh, err := c.GetConnection(ctx, req.CompanyID, reuse)
		switch {
		case err == nil:
			return checked(c, req, ConnectionOf(fresh), true)
		case !api.IsNotFound(err):
			return Prepared{}, err
		}
	}
	create := c.CreateConnectionOrFind
	if nc, ok := c.(newCompanyConnector); ok && req.NewCompany && !req.Recheck {
		create = nc.CreateConnectionNewCompany
	}
	conn, err := create(ctx, req.CompanyID, req.Platform.Key, PendingOf(target))
	if err != nil {
		return Prepared{}, err
	}
	return checked(c, req, ConnectionOf(conn), false)
}

// PendingOf recognises, among the connections Codat lists, the pending
// one of the target that flow.ChooseConnection picks: what a create whose
// answer was lost made, found as every step finds a platform's
// connections (by key, else by the catalogue's integration id or source
// id, where Codat leaves the key out).
func PendingOf(t flow.Target) api.ConnectionFinder {
	return func(conns []api.Connection) (api.Connection, bool) {
		var pending []flow.Connection
		for _, c := range conns {
			if c.Status == api.PendingAuth {
				pending = append(pending, ConnectionOf(c))
			}
		}
		if chosen, ok := flow.ChooseConnection(pending, t); ok {
			for _, c := range conns {
				if c.ID == chosen.ID {
					return c, true
				}
			}
		}
		return api.Connection{}, false
	}
}

func checked(c Codat, req ConnectionRequest, conn flow.Connection, reused bool) (Prepared, error) {
	// Codat may leave the key out; it is the platform that was asked for.
	conn.PlatformKey = cmp.Or(conn.PlatformKey, req.Platform.Key)
	conn.PlatformName = cmp.Or(conn.PlatformName, req.Platform.Name)
	conn.Category = cmp.Or(conn.Category, req.Platform.Category)
	if conn.Status == flow.StatusLinked {
		return Prepared{Connection: conn, Reused: reused, AlreadyLinked: true}, nil
	}
	link, err := c.ValidateLink(conn.LinkURL)
	if err != nil {
		return Prepared{}, ErrBadLink{err}
	}
	conn.LinkURL = link
	return Prepared{Connection: conn, Reused: reused}, nil
}

// FreshHostedLink reads the company's Hosted Link afresh: links may be
// one-time and expire, so none is ever cached. The client checks it.
func FreshHostedLink(ctx context.Context, c Codat, companyID string) (string, error) {
	return c.HostedLink(ctx, companyID)
}
