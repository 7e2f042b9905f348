package bulk

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		want      []Row // Number, Line and the values; nil for an unusable file
		unusable  string
	}{
		{"company only", "company\nAcme Ltd\n", []Row{{Number: 1, Line: 2, Company: "Acme Ltd"}}, ""},
		{"every column, any case and order, a BOM", "\ufeffTo, Company ,UID,to-name,Platform,category,notes\njane@x.example,Acme,c1,Jane,gbol,accounting,vip\n",
			[]Row{{Number: 1, Line: 2, Company: "Acme", UID: "c1", Platform: "gbol", To: "jane@x.example", ToName: "Jane", Category: "accounting"}}, ""},
		{"blank lines and rows are skipped", "company\n\nAcme\n,\n\"Beta, Inc\"\n", []Row{
			{Number: 1, Line: 3, Company: "Acme"}, {Number: 2, Line: 5, Company: "Beta, Inc"}}, ""},
		{"a row with shifted fields", "company,to\nAcme,a@b.example,extra\n", []Row{{Number: 1, Line: 2, Company: "Acme", To: "a@b.example", Fields: 3}}, ""},
		{"a quoted name over two lines counts from its first", "company,uid\n\"Acme\nLtd\",1\nBeta,2\n", []Row{
			{Number: 1, Line: 2, Company: "Acme\nLtd", UID: "1"}, {Number: 2, Line: 4, Company: "Beta", UID: "2"}}, ""},
		{"no company column", "name\nAcme\n", nil, "bulk.nocompany"},
		{"a column twice", "company,to,To\nAcme,,\n", nil, "bulk.twocolumns"},
		{"empty", "", nil, "bulk.empty"},
		{"header only", "company\n\n", nil, "bulk.norows"},
		{"broken quotes", "company\n\"Acme\n", nil, "bulk.notcsv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, _, err := Parse(strings.NewReader(tc.csv))
			if tc.unusable != "" {
				if !IsUnusable(err) || !strings.HasPrefix(err.Error(), strings.SplitN(assets.Text(tc.unusable, map[string]any{"Line": 0, "Start": 0, "Err": ""}), " ", 3)[0]) {
					t.Fatalf("err %v, want the file refused (%s)", err, tc.unusable)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(tc.want) {
				t.Fatalf("rows %+v, want %+v", rows, tc.want)
			}
			for i := range rows {
				if rows[i] != tc.want[i] {
					t.Errorf("row %d: %+v, want %+v", i, rows[i], tc.want[i])
				}
			}
		})
	}
}

func TestParseRefusesAnOversizedFile(t *testing.T) {
	big := "company\n" + strings.Repeat("Acme Ltd\n", MaxFileBytes/9+1)
	if _, _, err := Parse(strings.NewReader(big)); !IsUnusable(err) {
		t.Fatalf("err %v, want the file refused as too large", err)
	}
}

func TestCheck(t *testing.T) {
	catalogue := []flow.Platform{
		{Key: "gbol", Name: "Xero", Category: flow.Accounting},
		{Key: "mtup", Name: "Plaid", Category: flow.Banking},
	}
	find := func(arg string) (flow.Platform, error) {
		if p, ok := flow.FindPlatform(catalogue, arg); ok {
			return p, nil
		}
		return flow.Platform{}, errors.New("unknown platform " + arg)
	}
	for _, tc := range []struct {
		name     string
		row      Row
		wantErr  string // "" when the row passes
		wantName string
		wantKey  string
		wantCat  string
	}{
		{"plain", Row{Company: "Acme Ltd"}, "", "Acme Ltd", "", "accounting"},
		{"name Codat cleans", Row{Company: "  Acme™  Ltd "}, "", "Acme Ltd", "", "accounting"},
		{"empty name", Row{Company: "  "}, "company", "", "", ""},
		{"name of nothing Codat keeps", Row{Company: "™™"}, "company", "", "", ""},
		{"bad address", Row{Company: "Acme", To: "jane at firm"}, "to \"jane at firm\"", "", "", ""},
		{"good address", Row{Company: "Acme", To: "jane@firm.example"}, "", "Acme", "", "accounting"},
		{"platform by name sets the category", Row{Company: "Acme", Platform: "plaid", Category: "accounting"}, "", "Acme", "mtup", "banking"},
		{"unknown platform", Row{Company: "Acme", Platform: "nosuch"}, "unknown platform", "", "", ""},
		{"category", Row{Company: "Acme", Category: "Commerce"}, "", "Acme", "", "commerce"},
		{"unknown category", Row{Company: "Acme", Category: "payroll"}, "category", "", "", ""},
		{"shifted fields", Row{Company: "Acme", Fields: 3}, "3 fields", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Check([]Row{tc.row}, 2, find)[0]
			if tc.wantErr != "" {
				if c.Err == nil || !strings.Contains(c.Err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one saying %q", c.Err, tc.wantErr)
				}
				return
			}
			if c.Err != nil || c.Name != tc.wantName || c.Platform.Key != tc.wantKey || c.Category != tc.wantCat {
				t.Fatalf("got %+v, want name %q platform %q category %q", c, tc.wantName, tc.wantKey, tc.wantCat)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	type row struct{ company, uid string }
	for _, tc := range []struct {
		name string
		rows []row
		want [][]int // each group's row indexes
		uids []string
	}{
		{"case and spacing are one business", []row{{"Acme Ltd", ""}, {"Beta", ""}, {"ACME  ltd", ""}, {"acme ltd™", ""}},
			[][]int{{0, 2, 3}, {1}}, []string{"", ""}},
		{"the same uid is one business whatever the name", []row{{"Acme", "c1"}, {"Acme Trading", "c1"}},
			[][]int{{0, 1}}, []string{"c1"}},
		{"another uid is another business of the same name", []row{{"Acme", "c1"}, {"Acme", "c2"}, {"ACME", ""}},
			[][]int{{0, 2}, {1}}, []string{"c1", "c2"}},
		{"a uid given later joins the name's group", []row{{"Acme", ""}, {"acme", "c1"}, {"Other", "c1"}},
			[][]int{{0, 1, 2}}, []string{"c1"}},
		{"refused rows are left out", []row{{"", ""}, {"Acme", ""}}, [][]int{{1}}, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var checked []Checked
			for _, r := range tc.rows {
				checked = append(checked, Check([]Row{{Company: r.company, UID: r.uid}}, 0, nil)...)
			}
			groups := Plan(checked)
			if len(groups) != len(tc.want) {
				t.Fatalf("groups %+v, want %v", groups, tc.want)
			}
			for i, g := range groups {
				if strings.Trim(strings.Join(strings.Fields(strings.Trim(fmtInts(g.Rows), "[]")), ","), ",") != strings.Trim(strings.Join(strings.Fields(strings.Trim(fmtInts(tc.want[i]), "[]")), ","), ",") || g.UID != tc.uids[i] {
					t.Errorf("group %d: rows %v uid %q, want %v uid %q", i, g.Rows, g.UID, tc.want[i], tc.uids[i])
				}
			}
		})
	}
}

// TestAnOpenQuoteIsReportedWhereItOpened: a quote left open swallows the
// rest of the file, and the reader notices only at its end; the message
// names the line the row starts on, where the person has to look, and a
// quote misplaced within one line is named by that line alone.
func TestAnOpenQuoteIsReportedWhereItOpened(t *testing.T) {
	for csv, want := range map[string]string{
		"company,to\nAcme,a@b.example\n\"Birch,c@d.example\nCedar,e@f.example\nDune,g@h.example\n": "(the row that starts on line 3 runs on to line 5: is a quote left open on line 3?)",
		"company,to\nAcme,a@b.example\nBir\"ch,c@d.example\n":                                      "(line 3):",
	} {
		_, _, err := Parse(strings.NewReader(csv))
		if !IsUnusable(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want it to say %q", csv, err, want)
		}
	}
}

// TestParseReadsClassicMacLineEnds: a file saved with a lone CR at each
// line's end (Excel's "CSV (Macintosh)") reads as the same rows, on the
// same lines, as with LF.
func TestParseReadsClassicMacLineEnds(t *testing.T) {
	lf := "company,to\nAcme Ltd,ana@acme.example\n\n\"Birch\nand Co\",\nCedar\n"
	want, _, err := Parse(strings.NewReader(lf))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Parse(strings.NewReader(strings.ReplaceAll(lf, "\n", "\r")))
	if err != nil {
		t.Fatalf("a file with CR line ends was refused: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("with CR line ends the rows are\n%+v\nwith LF\n%+v", got, want)
	}
	if len(got) != 3 || got[2].Line != 6 {
		t.Fatalf("rows %+v; want 3, the last on line 6", got)
	}
	// A line break inside a cell stays an LF in such a file.
	mixed := strings.ReplaceAll(lf, "\n", "\r")
	mixed = strings.Replace(mixed, "Birch\rand Co", "Birch\nand Co", 1)
	got, _, err = Parse(strings.NewReader(mixed))
	if err != nil {
		t.Fatalf("a file with CR line ends and a line break in a cell was refused: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("with CR line ends and an LF in a cell the rows are\n%+v\nwith LF\n%+v", got, want)
	}
	// CRLF files are read as they always were.
	got, _, err = Parse(strings.NewReader(strings.ReplaceAll(lf, "\n", "\r\n")))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("with CRLF the rows are\n%+v (%v)\nwith LF\n%+v", got, err, want)
	}
}
