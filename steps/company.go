package steps

import (
	"context"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// CompanyRequest asks for the company a person named (flow.CreateCompany).
type CompanyRequest struct {
	Name, UID string
	// New: the person said none of the companies of the name is theirs.
	New bool
	// Fresh: UID was never sent before, so no company carries it yet.
	Fresh bool
	// SearchedAt, when set, is when a search for this very name that found
	// no company of it was sent.
	SearchedAt time.Time
}

// taggedCreator makes a company for a uid never sent before without
// looking for the uid first (api.Client, guard.Client).
type taggedCreator interface {
	CreateTaggedCompany(ctx context.Context, name, uid string) (api.Company, error)
}

// searchedCreator trusts a search made just before, unless a create of the
// name on this computer ended since (guard.Client).
type searchedCreator interface {
	CreateCompanySearched(ctx context.Context, name, uid string, searched time.Time) (api.Company, bool, error)
}

// CreateCompany finds or creates the company, with as few calls in series
// as what is already known allows: a first attempt looks for no uid, and a
// search just made is not made again. Everything else is as
// FindOrCreateCompany and CreateCompanyOnce: the same locks, the same
// looking again after an unclear answer.
func CreateCompany(ctx context.Context, c Codat, req CompanyRequest) (flow.Company, bool, error) {
	if req.New {
		var co api.Company
		var err error
		if tc, ok := c.(taggedCreator); ok && req.Fresh {
			co, err = tc.CreateTaggedCompany(ctx, req.Name, req.UID)
		} else {
			co, err = c.CreateCompanyOnce(ctx, req.Name, req.UID)
		}
		return CompanyOf(co), false, err
	}
	if sc, ok := c.(searchedCreator); ok && req.Fresh && !req.SearchedAt.IsZero() {
		co, reused, err := sc.CreateCompanySearched(ctx, req.Name, req.UID, req.SearchedAt)
		return CompanyOf(co), reused, err
	}
	co, reused, err := c.FindOrCreateCompany(ctx, req.Name, req.UID)
	return CompanyOf(co), reused, err
}
