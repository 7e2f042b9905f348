package flow

import "testing"

func TestCodatName(t *testing.T) {
	tests := []struct {
		in, want string
		changed  bool
	}{
		{"Acme Ltd", "Acme Ltd", false},
		{"A&B Ltd?", "A&B Ltd?", false},
		{"Company (Codat[1])", "Company Codat1", true},
		{"Café Noir", "Cafe Noir", true},
		{"Müller & Söhne GmbH", "Mueller & Soehne GmbH", true},
		{"MÜLLER BÄCKEREI", "MUELLER BAECKEREI", true},
		{"Ü Bahn KÖ", "Ue Bahn KOE", true},
		{"ÆBLE Ltd", "AEBLE Ltd", true},
		{"Nbsp\u00a0Trading Ltd", "Nbsp Trading Ltd", false},
		{"Ørsted\u2009Straße", "Oersted Strasse", true},
		{"Łódź Foods", "Lodz Foods", true},
		{"O’Brien – Sons", "O'Brien - Sons", true},
		{"東京 Trading", "Trading", true},
		{"  spaced   out ", "spaced out", false},
		{"%%%", "", true},
	}
	for _, tt := range tests {
		got, changed := CodatName(tt.in)
		if got != tt.want || changed != tt.changed {
			t.Errorf("CodatName(%q) = %q, %v; want %q, %v", tt.in, got, changed, tt.want, tt.changed)
		}
	}
	if !SameCompanyName("omega ltd", "OMEGA\u00a0LTD") || SameCompanyName("Omega", "Omega Ltd") || SameCompanyName("東京", "京都") {
		t.Error("SameCompanyName")
	}
	if ValidateCompanyName("") == nil || ValidateCompanyName("[]") == nil || ValidateCompanyName("Acme") != nil {
		t.Error("ValidateCompanyName")
	}
}

func TestShownName(t *testing.T) {
	for _, tt := range []struct{ typed, stored, want string }{
		{"Müller & Söhne GmbH", "Mueller & Soehne GmbH", "Müller & Söhne GmbH"},
		{"  müller   & söhne gmbh ", "Mueller & Soehne GmbH", "müller & söhne gmbh"},
		{"Acme Ltd", "Acme Ltd", "Acme Ltd"},
		{"Other Co", "Mueller & Soehne GmbH", "Mueller & Soehne GmbH"},
		{"", "Mueller & Soehne GmbH", "Mueller & Soehne GmbH"},
	} {
		if got := ShownName(tt.typed, tt.stored); got != tt.want {
			t.Errorf("ShownName(%q, %q) = %q, want %q", tt.typed, tt.stored, got, tt.want)
		}
	}
}

// TestCompanyReadyKeepsTheTypedName: Codat stores "Mueller & Soehne GmbH";
// the journey goes on naming the business as the person typed it.
func TestCompanyReadyKeepsTheTypedName(t *testing.T) {
	s, _ := Start(false)
	s, _ = Next(s, QueryChanged{Query: "Müller & Söhne GmbH"})
	s, _ = Next(s, CompanyReady{Company: Company{ID: "c-1", Name: "Mueller & Soehne GmbH"}})
	if s.Step != StepConsent || s.Company.Name != "Müller & Söhne GmbH" || s.Company.ID != "c-1" {
		t.Fatalf("step %v, company %+v", s.Step, s.Company)
	}
}
