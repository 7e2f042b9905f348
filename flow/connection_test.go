package flow

import (
	"testing"
	"time"
)

func TestChooseConnection(t *testing.T) {
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	xero := Platform{Key: "gbol", Name: "Xero", Category: Accounting, IntegrationID: "int-xero", SourceID: "src-xero"}
	catalogue := []Platform{xero, {Key: "suuo", Name: "Plaid", Category: Banking, IntegrationID: "int-plaid"}}
	conn := func(id, key, integrationID, status string, cat Category, age int) Connection {
		return Connection{ID: id, PlatformKey: key, IntegrationID: integrationID, Status: status, Category: cat, Created: day.Add(time.Duration(age) * time.Hour)}
	}
	tests := []struct {
		name   string
		conns  []Connection
		target Target
		wantID string // "" for none
	}{
		{"none", nil, TargetFor("gbol", "", catalogue), ""},
		{"another platform only", []Connection{conn("c1", "suuo", "int-plaid", StatusLinked, Banking, 1)}, TargetFor("gbol", "", catalogue), ""},
		{"linked wins over a newer pending", []Connection{
			conn("old-linked", "gbol", "", StatusLinked, Accounting, 1),
			conn("new-pending", "gbol", "", StatusPendingAuth, Accounting, 5),
		}, TargetFor("gbol", "", catalogue), "old-linked"},
		{"newest pending", []Connection{
			conn("p1", "gbol", "", StatusPendingAuth, Accounting, 1),
			conn("p2", "gbol", "", StatusPendingAuth, Accounting, 3),
			conn("u1", "gbol", "", StatusUnlinked, Accounting, 9),
		}, TargetFor("gbol", "", catalogue), "p2"},
		{"pending over a newer unlinked", []Connection{
			conn("p1", "gbol", "", StatusPendingAuth, Accounting, 1),
			conn("u1", "gbol", "", StatusUnlinked, Accounting, 9),
		}, TargetFor("gbol", "", catalogue), "p1"},
		{"unlinked when it is all there is", []Connection{conn("u1", "gbol", "", StatusDeauthorized, Accounting, 1)}, TargetFor("gbol", "", catalogue), "u1"},
		{"key compared without case", []Connection{conn("c1", "GBOL", "", StatusLinked, Accounting, 1)}, TargetFor("gbol", "", catalogue), "c1"},
		{"no integrationKey: matched by integrationId from the catalogue", []Connection{
			conn("plaid", "", "int-plaid", StatusLinked, Banking, 1),
			conn("xero", "", "int-xero", StatusLinked, "", 2),
		}, TargetFor("gbol", "", catalogue), "xero"},
		{"no integrationKey and a platform the catalogue lacks", []Connection{conn("c1", "", "int-xero", StatusLinked, Accounting, 1)}, TargetFor("zzzz", Accounting, catalogue), ""},
		{"by category when no platform was picked", []Connection{
			conn("bank", "suuo", "", StatusLinked, Banking, 1),
			conn("acc", "gbol", "", StatusPendingAuth, Accounting, 2),
		}, TargetFor("", Accounting, catalogue), "acc"},
		{"a banking link says nothing of accounting", []Connection{conn("bank", "suuo", "", StatusLinked, Banking, 1)}, TargetFor("", Accounting, catalogue), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found := ChooseConnection(tt.conns, tt.target)
			if found != (tt.wantID != "") || got.ID != tt.wantID {
				t.Fatalf("chose %q (found %v), want %q", got.ID, found, tt.wantID)
			}
		})
	}
}

func TestPendingVerdict(t *testing.T) {
	catalogue := []Platform{{Key: "gbol", Name: "Xero", Category: Accounting, IntegrationID: "int-xero"}}
	invite := PendingItem{ID: "p1", CompanyID: "c1", Category: Accounting, Path: PathDelegate}
	tests := []struct {
		name   string
		item   PendingItem
		conns  []Connection
		status string
		linked bool
		ended  bool
	}{
		{"nothing picked yet", invite, nil, StatusPendingAuth, false, false},
		{"banking linked, accounting invite still waits", invite,
			[]Connection{{ID: "b", PlatformKey: "suuo", Category: Banking, Status: StatusLinked}}, StatusPendingAuth, false, false},
		{"accounting linked", invite,
			[]Connection{{ID: "a", PlatformKey: "gbol", Category: Accounting, Status: StatusLinked}}, StatusLinked, true, false},
		{"its own connection, followed by id", PendingItem{ConnectionID: "x", PlatformKey: "gbol", Category: Accounting},
			[]Connection{{ID: "y", PlatformKey: "gbol", Category: Accounting, Status: StatusLinked}, {ID: "x", PlatformKey: "gbol", Category: Accounting, Status: StatusDeauthorized}},
			StatusDeauthorized, false, true},
		{"a platform's connection without integrationKey", PendingItem{PlatformKey: "gbol", Category: Accounting},
			[]Connection{{ID: "a", IntegrationID: "int-xero", Status: StatusLinked}}, StatusLinked, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := PendingVerdict(tt.item, tt.conns, catalogue)
			if v.Status != tt.status || v.Linked != tt.linked || v.Ended != tt.ended {
				t.Fatalf("verdict %+v, want status %s linked %v ended %v", v, tt.status, tt.linked, tt.ended)
			}
		})
	}
}

func TestCategoryTable(t *testing.T) {
	for _, c := range Categories {
		if CategoryOf(c.SourceType()) != c || !c.Known() {
			t.Errorf("category %q: source type %q", c, c.SourceType())
		}
	}
	if got, ok := ParseCategory(" Banking "); !ok || got != Banking {
		t.Errorf("ParseCategory = %q, %v", got, ok)
	}
	if _, ok := ParseCategory("expense"); ok {
		t.Error("expense is not offered")
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"gbol", "gbol", 0}, {"gbo", "gbol", 1}, {"xeroo", "xero", 1}, {"kitten", "sitting", 3}, {"é", "e", 1}} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestFindPlatform(t *testing.T) {
	catalogue := []Platform{{Key: "gbol", Name: "Xero"}, {Key: "qhyg", Name: "QuickBooks Online"}, {Key: "xero", Name: "Not Xero"}}
	for _, tc := range []struct{ arg, want string }{
		{"gbol", "gbol"}, {"GBOL", "gbol"}, {"xero", "xero"}, {"Xero ", "xero"}, {"quickbooks online", "qhyg"}, {"nope", ""},
	} {
		got, ok := FindPlatform(catalogue, tc.arg)
		if ok != (tc.want != "") || got.Key != tc.want {
			t.Errorf("FindPlatform(%q) = %q, %v; want %q", tc.arg, got.Key, ok, tc.want)
		}
	}
	if close := ClosePlatforms(catalogue, "quickbook", 3); len(close) == 0 || close[0].Key != "qhyg" {
		t.Errorf("ClosePlatforms(quickbook) = %+v", close)
	}
}
