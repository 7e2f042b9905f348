package api

import (
	"context"
	"strings"
)

// CreateTaggedCompany creates a company tagged uid=<uid> for a uid that was
// never sent before, so no company can carry it yet: unlike
// CreateCompanyOnce it does not look for the tag first. After an ambiguous
// failure of the create it looks for the tag, as CreateCompanyOnce does,
// before anything else (see createLookingFirst). Any later attempt with the
// same uid must go through CreateCompanyOnce or FindOrCreateCompany.
func (c *Client) CreateTaggedCompany(ctx context.Context, name, uid string) (Company, error) {
	const op = OpCreateCompany
	cleaned, _ := ValidCompanyName(name)
	uid = strings.TrimSpace(uid)
	switch {
	case cleaned == "":
		return Company{}, &OpError{op, ErrNameHasNoLetters{Sanitize(name)}}
	case uid == "":
		return Company{}, &OpError{op, ErrMissing{FieldUID}}
	}
	return createLookingFirst(ctx, c, func(ctx context.Context) (Company, error) {
		return c.CreateCompany(ctx, CompanyRequest{Name: cleaned, Tags: map[string]string{"uid": uid}})
	}, func(ctx context.Context) (Company, bool, error) { return c.findTagged(ctx, op, uid) })
}
