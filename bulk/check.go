package bulk

import (
	"errors"
	"strings"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
	"github.com/onboardcli/onboard/invite"
)

// Checked is a row once checked: refused with Err, or ready, with its name
// as Codat stores it, its platform found in the catalogue and its category.
type Checked struct {
	Row
	Name     string        // flow.CodatName of Company
	Platform flow.Platform // zero without a platform column value
	Category string        // the platform's, else the row's, else accounting
	Err      error
}

// Invite reports whether the row asks for an invite.
func (c Checked) Invite() bool { return c.To != "" }

// FindPlatform finds the platform a row names by key or name; the caller
// looks in Codat's catalogue, fetched once for the whole file.
type FindPlatform func(arg string) (flow.Platform, error)

// Check checks every row before anything is made: a name Codat would
// reduce to nothing, a bad address, an unknown platform or category, a row
// with shifted fields. A refused row says why, with its line.
func Check(rows []Row, width int, find FindPlatform) []Checked {
	out := make([]Checked, len(rows))
	for i, r := range rows {
		out[i] = checkRow(r, width, find)
	}
	return out
}

func checkRow(r Row, width int, find FindPlatform) Checked {
	c := Checked{Row: r, Category: string(flow.Accounting)}
	refuse := func(name string, data any) Checked {
		c.Err = errors.New(assets.Text(name, data))
		return c
	}
	nameErr := flow.ValidateCompanyName(r.Company)
	if nameErr == nil {
		// Named even when refused, so the row's report says whose it is.
		c.Name, _ = flow.CodatName(r.Company)
	}
	if r.Fields != 0 {
		return refuse("bulk.fields", assets.Vars{"Fields": r.Fields, "Width": width})
	}
	if nameErr != nil {
		return refuse("bulk.badname", assets.Vars{"Name": api.Sanitize(r.Company), "Err": nameErr})
	}
	if r.To != "" {
		if err := invite.ValidateAddress(r.To); err != nil {
			return refuse("bulk.badto", assets.Vars{"To": api.Sanitize(r.To), "Err": err})
		}
	}
	if cat := strings.ToLower(r.Category); cat != "" {
		if !flow.Category(cat).Known() {
			return refuse("bulk.badcategory", api.Sanitize(r.Category))
		}
		c.Category = cat
	}
	if r.Platform != "" {
		p, err := find(r.Platform)
		if err != nil {
			c.Err = err
			return c
		}
		c.Platform = p
		if p.Category != "" {
			c.Category = string(p.Category)
		}
	}
	return c
}

// Counts is how many rows were refused by Check, and how many are left.
func Counts(rows []Checked) (ok, refused int) {
	for _, r := range rows {
		if r.Err != nil {
			refused++
		} else {
			ok++
		}
	}
	return ok, refused
}
