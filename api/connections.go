package api

import (
	"context"
	"net/http"
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
// them, the pending one a create whose answer was lost may have made. The
// steps give the one chooser every command uses (steps.PendingOf): which
// connection is the platform's is decided there, not here, as Codat may
// leave a connection's integrationKey out.
type ConnectionFinder func(conns []Connection) (Connection, bool)

// CreateConnection starts a data connection from the company to the
// platform with this key (e.g. "gbol" for Xero). The new connection is
// normally PendingAuth, and its LinkURL sends a person straight to the
// platform's sign-in. It sends the create once: when the answer leaves
// unclear whether Codat acted (see ambiguousFailure), it returns the error,
// as it cannot tell which connection would be the one it made. A caller
// that can tell uses CreateConnectionOrFind.
func (c *Client) CreateConnection(ctx context.Context, companyID, platformKey string) (Connection, error) {
	return c.CreateConnectionOrFind(ctx, companyID, platformKey, nil)
}

// CreateConnectionOrFind is CreateConnection for a caller that recognises
// the platform's connections with find: after an unclear answer it lists
// the company's connections and returns the one find picks as made by this
// call, and it sends the create again only after a 429 whose look found
// none. A nil find looks for nothing and never sends the create again.
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
	create := func(ctx context.Context) (Connection, error) {
		var conn Connection
		err := c.do(ctx, call{
			op: op, method: http.MethodPost, endpoint: "/companies/{id}/connections", path: "/companies/" + seg + "/connections",
			body: struct {
				PlatformKey string `json:"platformKey"`
			}{platformKey},
		}, &conn)
		return conn, err
	}
	if find == nil {
		return create(ctx)
	}
	return createLookingFirst(ctx, c, create, func(ctx context.Context) (Connection, bool, error) {
		conns, err := c.ListConnections(ctx, companyID)
		if err != nil {
			return Connection{}, false, err
		}
		conn, ok := find(conns)
		return conn, ok, nil
	})
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
