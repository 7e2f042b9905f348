package invite

import (
	"slices"
	"strings"
	"unicode"

	"github.com/onboardcli/onboard/assets"
)

// headlineTypes are the data types a business recognises first; a list of
// what is read starts with those it includes.
var headlineTypes = []string{
	"invoices", "bills", "bankAccounts", "banking-transactions", "balanceSheet", "profitAndLoss", "customers", "suppliers",
}

// Lists name this many data types before "and N more": a screen has room
// for more than an email, which must still fit a mailto: link.
const (
	ScreenTypes = 6
	emailTypes  = 4
)

// ReadList words Codat's data types for a person, naming at most shown of
// them: "invoices, bills, bank accounts, … and 9 more kinds of data". ""
// when there are none.
func ReadList(types []string, shown int) string {
	ordered := slices.Clone(types)
	slices.SortStableFunc(ordered, func(a, b string) int { return rank(a) - rank(b) })
	var names []string
	for _, t := range ordered {
		if n := typeName(t); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	if len(names) > shown+1 { // "and 1 more kinds" would say less than the name
		return assets.Text("reader.list", assets.Vars{"Head": strings.Join(names[:shown], ", "), "More": len(names) - shown})
	}
	last := len(names) - 1
	return assets.Text("reader.list", assets.Vars{"Head": strings.Join(names[:last], ", "), "Last": names[last], "More": 0})
}

func rank(t string) int {
	if i := slices.Index(headlineTypes, t); i >= 0 {
		return i
	}
	return len(headlineTypes)
}

// typeName spells a data type as words: "banking-accountBalances" is
// "account balances", "chartOfAccounts" is "chart of accounts".
func typeName(t string) string {
	if _, rest, ok := strings.Cut(t, "-"); ok {
		t = rest
	}
	var b strings.Builder
	for i, r := range t {
		switch {
		case unicode.IsUpper(r):
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
