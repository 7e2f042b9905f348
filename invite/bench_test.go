package invite

import (
	"strings"
	"testing"
)

// benchDetails is a typical invite: a named accountant, a named platform and
// a non-ASCII business name, so every encoder has something to escape.
var benchDetails = Details{
	To: "jane.doe+clients@firm.example", ToName: "Jane Doe",
	FromName: "Sam Müller", FromCompany: "Acme & Söhne GmbH",
	CompanyName: "Acme & Söhne GmbH", PlatformName: "Xero", Category: "accounting",
	Link: "https://link.codat.io/company/3fa85f64-5717-4562-b3fc-2c963f66afa6", LinkHost: "link.codat.io",
}

// BenchmarkMailto builds the mailto: URI of a composed invite, and of one
// whose body was edited to the length limit.
func BenchmarkMailto(b *testing.B) {
	email, err := Compose(benchDetails)
	if err != nil {
		b.Fatal(err)
	}
	long := email
	long.Body = strings.Repeat("Could you connect our books? Ünïcödé & ?=#% ", 30)
	for _, tc := range []struct {
		name  string
		email Email
	}{{"composed", email}, {"long-body", long}} {
		b.Run(tc.name, func(b *testing.B) {
			var uri string
			for b.Loop() {
				uri, _ = tc.email.Mailto()
			}
			if !strings.HasPrefix(uri, "mailto:jane.doe%2Bclients@firm.example?subject=") {
				b.Fatalf("unexpected URI %.80q", uri)
			}
			b.ReportMetric(float64(len(uri)), "uri-bytes")
		})
	}
}

// BenchmarkComposeMailto is the whole "open in mail app" step before the
// launcher: the templates filled in, then the URI built.
func BenchmarkComposeMailto(b *testing.B) {
	for b.Loop() {
		email, err := Compose(benchDetails)
		if err != nil {
			b.Fatal(err)
		}
		if _, tooLong := email.Mailto(); tooLong {
			b.Fatal("the default invite does not fit a mailto: URI")
		}
	}
}
