package steps

import (
	"context"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// CheckPending asks Codat about something handed on earlier and judges the
// answer with flow.PendingVerdict: with one call when the item follows a
// connection, else the company's connections. catalogue completes platforms
// for connections without an integrationKey; it may be nil.
func CheckPending(ctx context.Context, c Codat, it flow.PendingItem, catalogue []flow.Platform) (flow.Verdict, error) {
	if it.ConnectionID != "" {
		conn, err := c.GetConnection(ctx, it.CompanyID, it.ConnectionID)
		if err == nil {
			return flow.PendingVerdict(it, []flow.Connection{ConnectionOf(conn)}, catalogue), nil
		}
		if !api.IsNotFound(err) {
			return flow.Verdict{}, err
		}
		it.ConnectionID = "" // gone: judge from what the company has now
	}
	conns, err := c.ListConnections(ctx, it.CompanyID)
	if err != nil {
		return flow.Verdict{}, err
	}
	return flow.PendingVerdict(it, ConnectionsOf(conns), catalogue), nil
}
