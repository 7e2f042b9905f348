package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
)

// ListConnections returns every data connection of a company.
func (c *Client) ListConnections(ctx context.Context, companyID string) ([]Connection, error) {
	const op = OpListConnections
	seg, err := pathSegment(op, FieldCompanyID, companyID)
	if err != nil {
		return nil, err
	}
	return listAll[Connection](ctx, c, call{
		op: op, method: http.MethodGet, endpoint: "/companies/{id}/connections", path: "/companies/" + seg + "/connections",
	}, true)
}

// GetConnection returns one data connection. It fails with a not-found
// error (see IsNotFound) when the company or the connection was deleted.
func (c *Client) GetConnection(ctx context.Context, companyID, connectionID string) (Connection, error) {
	const op = OpGetConnection
	path, err := connectionPath(op, companyID, connectionID)
	if err != nil {
		return Connection{}, err
	}
	var conn Connection
	err = c.do(ctx, call{op: op, method: http.MethodGet, endpoint: connectionEndpoint, path: path}, &conn)
	return conn, err
}

// ConnectionFinder picks, among a company's connections as Codat lists
// them, the pending one a create whose answer was lost may have made.
type ConnectionFinder func(conns []Connection) (Connection, bool)

// CreateConnection starts a data connection from the company to the
// platform with this key (e.g. "gbol" for Xero). The new connection is
// normally PendingAuth, and its LinkURL sends a person straight to the
// platform's sign-in. When the create fails without a clear answer (see
// ambiguousFailure), it lists the company's connections before anything
// else and returns the newest PendingAuth one to the platform: the one it
// made, or one as good to authorize. It sends the create again only after a
// 429 whose look found none.
func (c *Client) CreateConnection(ctx context.Context, companyID, platformKey string) (Connection, error) {
	return c.CreateConnectionOrFind(ctx, companyID, platformKey, nil)
}

// CreateConnectionOrFind is CreateConnection for a caller that knows how to
// recognise the platform's connections (by the catalogue's integration id
// or source id, where Codat leaves the key out): after an unclear answer,
// find picks among the company's connections. A nil find recognises them
// by key, asking Codat for the integration when a key is missing.
func (c *Client) CreateConnectionOrFind(ctx context.Context, companyID, platformKey string, find ConnectionFinder) (Connection, error) {
	const op = OpCreateConnection
	seg, err := pathSegment(op, FieldCompanyID, companyID)
	if err != nil {
		return Connection{}, err
	}
	platformKey = strings.TrimSpace(platformKey)
	if platformKey == "" {
		return Connection{}, &OpError{op, ErrMissing{FieldPlatformKey}}
	}
	return createLookingFirst(ctx, c, func(ctx context.Context) (Connection, error) {
		var conn Connection
		err := c.do(ctx, call{
			op: op, method: http.MethodPost, endpoint: "/companies/{id}/connections", path: "/companies/" + seg + "/connections",
			body: struct {
				PlatformKey string `json:"platformKey"`
			}{platformKey},
		}, &conn)
		return conn, err
	}, func(ctx context.Context) (Connection, bool, error) {
		conns, err := c.ListConnections(ctx, companyID)
		if err != nil {
			return Connection{}, false, err
		}
		if find != nil {
			conn, ok := find(conns)
			return conn, ok, nil
		}
		if conns, err = c.withPlatformKeys(ctx, conns, platformKey); err != nil {
			return Connection{}, false, err
		}
		conn, ok := NewestPending(conns, platformKey)
		return conn, ok, nil
	})
}

// withPlatformKeys fills in platformKey on the connections Codat gave
// without an integrationKey (its contract no longer requires one) that are
// of that platform by their integrationId, or else their sourceId. It asks
// for the integration only when a key is missing.
func (c *Client) withPlatformKeys(ctx context.Context, conns []Connection, platformKey string) ([]Connection, error) {
	if !slices.ContainsFunc(conns, func(x Connection) bool { return x.IntegrationKey == "" }) {
		return conns, nil
	}
	in, err := c.GetIntegration(ctx, platformKey)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(conns)
	for i := range out {
		x := &out[i]
		switch {
		case x.IntegrationKey != "":
		case x.IntegrationID != "" && in.IntegrationID != "":
			if strings.EqualFold(x.IntegrationID, in.IntegrationID) {
				x.IntegrationKey = platformKey
			}
		case x.SourceID != "" && in.SourceID != "" && strings.EqualFold(x.SourceID, in.SourceID):
			x.IntegrationKey = platformKey
		}
	}
	return out, nil
}

// NewestPending returns the newest PendingAuth connection to the platform
// with this key, if any.
func NewestPending(conns []Connection, platformKey string) (Connection, bool) {
	var newest *Connection
	for i := range conns {
		c := &conns[i]
		if c.Status == PendingAuth && strings.EqualFold(c.IntegrationKey, platformKey) && (newest == nil || c.Created.After(newest.Created.Time)) {
			newest = c
		}
	}
	if newest == nil {
		return Connection{}, false
	}
	return *newest, true
}

// UnlinkConnection stops a Linked connection from reading new data. The data
// already read is kept and the connection can be linked again later.
func (c *Client) UnlinkConnection(ctx context.Context, companyID, connectionID string) (Connection, error) {
	const op = OpUnlinkConnection
	path, err := connectionPath(op, companyID, connectionID)
	if err != nil {
		return Connection{}, err
	}
	var conn Connection
	err = c.do(ctx, call{
		op: op, method: http.MethodPatch, endpoint: connectionEndpoint, path: path,
		body: struct {
			Status ConnectionStatus `json:"status"`
		}{Unlinked},
	}, &conn)
	return conn, err
}

// DeleteConnection revokes a connection and removes it with its data. It is
// permanent: linking again needs a new connection.
func (c *Client) DeleteConnection(ctx context.Context, companyID, connectionID string) error {
	const op = OpDeleteConnection
	path, err := connectionPath(op, companyID, connectionID)
	if err != nil {
		return err
	}
	return c.do(ctx, call{op: op, method: http.MethodDelete, endpoint: connectionEndpoint, path: path, goneIsDone: true}, nil)
}

const connectionEndpoint = "/companies/{id}/connections/{connectionId}"

func connectionPath(op Op, companyID, connectionID string) (string, error) {
	co, err := pathSegment(op, FieldCompanyID, companyID)
	if err != nil {
		return "", err
	}
	conn, err := pathSegment(op, FieldConnectionID, connectionID)
	if err != nil {
		return "", err
	}
	return "/companies/" + co + "/connections/" + conn, nil
}
