package api

import (
	"context"
	"strings"
)

// Creates for a caller that already knows what looking first would find:
// the same creates and the same looking again after an unclear answer as
// FindOrCreateCompany and CreateCompanyOnce, without the look before.

// FindCompany is the look FindOrCreateCompany makes before it creates: the
// company tagged uid=<uid> (when uid is given), else one with exactly this
// name (ignoring case) that carries no other uid.
func (c *Client) FindCompany(ctx context.Context, name, uid string) (Company, bool, error) {
	cleaned, _ := ValidCompanyName(name)
	if cleaned == "" {
		return Company{}, false, &OpError{OpFindCompany, ErrNameHasNoLetters{Sanitize(name)}}
	}
	return c.findCompany(ctx, cleaned, strings.TrimSpace(uid))
}

// CreateCompanyNotFound is FindOrCreateCompany for a caller whose own
// FindCompany (or search) for the name just found nothing: it creates the
// company (tagged with the uid when given) at once. After an ambiguous
// failure it looks again by uid and name before anything else, as
// FindOrCreateCompany does.
func (c *Client) CreateCompanyNotFound(ctx context.Context, name, uid string) (Company, error) {
	const op = OpFindOrCreateCompany
	cleaned, _ := ValidCompanyName(name)
	uid = strings.TrimSpace(uid)
	if cleaned == "" {
		return Company{}, &OpError{op, ErrNameHasNoLetters{Sanitize(name)}}
	}
	req := newCompanyRequest(cleaned, name, uid)
	return createLookingFirst(ctx, c, func(ctx context.Context) (Company, error) {
		return c.CreateCompany(ctx, req)
	}, func(ctx context.Context) (Company, bool, error) {
		return c.findCompany(ctx, cleaned, uid)
	})
}

// CreateTaggedCompany creates a company tagged uid=<uid> for a uid that was
// never sent before, so no company can carry it yet: unlike
// CreateCompanyOnce it does not look for the tag first. After an ambiguous
// failure of the create it looks for the tag, as CreateCompanyOnce does,
// before anything else. Any later attempt with the same uid must go through
// CreateCompanyOnce or FindOrCreateCompany.
func (c *Client) CreateTaggedCompany(ctx context.Context, name, uid string) (Company, error) {
	const op = OpCreateCompany
	req, err := taggedCompanyRequest(op, name, uid)
	if err != nil {
		return Company{}, err
	}
	return createLookingFirst(ctx, c, func(ctx context.Context) (Company, error) {
		return c.CreateCompany(ctx, req)
	}, func(ctx context.Context) (Company, bool, error) { return c.findTagged(ctx, op, req.Tags["uid"]) })
}
