package bulk

import (
	"strings"

	"github.com/onboardcli/onboard/flow"
)

// Group is the rows that name one business: its company is found or made
// once, by its first row's name and the uid its rows give, and then each
// row gets its own link and invite.
type Group struct {
	Name string // the first row's name, as Codat stores it
	// Typed is the first row's name as written (spaces tidied), which a
	// company made for the group keeps in its description.
	Typed string
	UID   string // the first uid any of its rows gives; "" when none does
	Rows  []int  // indexes into the checked rows, in file order
}

// Plan groups the rows that pass Check by business, in the order each
// business first appears. Rows are one business when their names are the
// same company name (flow.CompanyKey: case, spacing and what Codat drops)
// or when they give the same uid. A name already grouped under one uid is
// another business when a row gives it a different uid, as Codat's
// find-or-create treats it.
func Plan(rows []Checked) []Group {
	var groups []Group
	byUID := map[string]int{}
	byName := map[string]int{}
	for i, r := range rows {
		if r.Err != nil {
			continue
		}
		key := flow.CompanyKey(r.Company)
		g, found := -1, false
		if r.UID != "" {
			g, found = byUID[r.UID]
		}
		if !found {
			if n, ok := byName[key]; ok && (r.UID == "" || groups[n].UID == "") {
				g, found = n, true
			}
		}
		if !found {
			groups = append(groups, Group{Name: r.Name, Typed: strings.Join(strings.Fields(r.Company), " ")})
			g = len(groups) - 1
			if _, taken := byName[key]; !taken {
				byName[key] = g
			}
		}
		if r.UID != "" && groups[g].UID == "" {
			groups[g].UID = r.UID
			byUID[r.UID] = g
		}
		groups[g].Rows = append(groups[g].Rows, i)
	}
	return groups
}
