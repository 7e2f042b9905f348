package steps

import (
	"context"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/flow"
)

// Platforms lists the enabled platforms of a category. The category is
// checked here too: a server that ignores the sourceType filter must not put
// Plaid under Accounting.
func Platforms(ctx context.Context, c Codat, cat flow.Category) ([]flow.Platform, error) {
	ints, err := c.ListIntegrations(ctx, api.SourceType(cat.SourceType()), true)
	if err != nil {
		return nil, err
	}
	out := make([]flow.Platform, 0, len(ints))
	for _, in := range ints {
		p := PlatformOf(in)
		if !in.Enabled || p.Category != cat {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// Catalogue lists every platform Codat knows, enabled or not: commands
// resolve a key or a name against it, and connections that carry no
// integrationKey are recognised through it.
func Catalogue(ctx context.Context, c Codat) ([]flow.Platform, []api.Integration, error) {
	ints, err := c.ListIntegrations(ctx, "", false)
	if err != nil {
		return nil, nil, err
	}
	out := make([]flow.Platform, 0, len(ints))
	for _, in := range ints {
		out = append(out, PlatformOf(in))
	}
	return out, ints, nil
}

// EnabledPlatforms lists the enabled platforms of every category offered,
// in one call: fetched ahead, before the category is chosen.
func EnabledPlatforms(ctx context.Context, c Codat) ([]flow.Platform, error) {
	ints, err := c.ListIntegrations(ctx, "", true)
	if err != nil {
		return nil, err
	}
	out := make([]flow.Platform, 0, len(ints))
	for _, in := range ints {
		if p := PlatformOf(in); in.Enabled && p.Category.Known() {
			out = append(out, p)
		}
	}
	return out, nil
}
