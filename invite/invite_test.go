package invite

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name.golden, or rewrites that file when
// the tests run with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the tests with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", name, path, got, want)
	}
}

const codatLink = "https://link.codat.io/company/8a210b68-6988-11ed-a1eb-0242ac120002"

var goldenDetails = []struct {
	name    string
	details Details
}{
	{"xero_from_the_business", Details{
		To: "jane@smithaccounts.co.uk", ToName: "Jane", FromName: "Sam Lee", FromCompany: "Acme Ltd",
		CompanyName: "Acme Ltd", PlatformName: "Xero", Category: "accounting",
		Link: codatLink, LinkHost: "link.codat.io",
	}},
	{"no_platform_from_an_adviser", Details{
		To: "books@acme.example", FromName: "Priya Shah", FromCompany: "Northwind Advisers",
		CompanyName: "Acme & Sons, Inc.", Category: "banking",
		Link: codatLink,
	}},
	{"no_names_no_category", Details{
		To: "jane@firm.com", CompanyName: "Acme Ltd", Link: codatLink,
	}},
	{"sandbox_demo", Details{
		To: "jane@firm.com", ToName: "Jane", FromName: "Sam Lee", CompanyName: "Demo Bakery",
		PlatformName: "Codat Sandbox", Category: "accounting",
		Link: "http://127.0.0.1:4010/company/0d9b5d8f-1c52-4a5b-9a4e-2f3c6d7e8f90", LinkHost: "127.0.0.1:4010", Sandbox: true,
	}},
	{"non_ascii_names", Details{
		To: "juergen@bücher.example", ToName: "Jürgen", FromName: "Zoë Ørsted", FromCompany: "Café Ökonomie GmbH",
		CompanyName: "Café Ökonomie GmbH", PlatformName: "Sage", Category: "accounting",
		Link: codatLink, LinkHost: "link.codat.io",
	}},
	{"xero_connection_link", Details{
		To: "jane@smithaccounts.co.uk", ToName: "Jane", FromName: "Sam Lee", FromCompany: "Acme Ltd",
		CompanyName: "Acme Ltd", PlatformName: "Xero", Category: "accounting",
		Link:     "https://link-api.codat.io/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-1111-4b5b-9a4e-2f3c6d7e8f90/start",
		LinkHost: "link-api.codat.io", Kind: ConnectionLink,
	}},
}

// The company's Hosted Link opens Codat's picker of kind and platform, so
// its invite never promises a page that goes straight to the platform's
// sign-in; a connection's own link does go there, and its invite says so.
func TestInviteSaysWhatItsKindOfLinkOpens(t *testing.T) {
	for _, tc := range []struct {
		kind        LinkKind
		link, host  string
		say, notSay string
	}{
		{CompanyLink, codatLink, "link.codat.io", "where you pick accounting and then Xero from its list", "takes you to Xero's sign-in"},
		{ConnectionLink, "https://link-api.codat.io/companies/c/connections/k/start", "link-api.codat.io", "takes you to Xero's sign-in", "from its list"},
	} {
		e, err := Compose(Details{To: "jane@firm.example", CompanyName: "Acme Ltd", PlatformName: "Xero", Category: "accounting",
			Link: tc.link, LinkHost: tc.host, Kind: tc.kind})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(e.Body, tc.say) || strings.Contains(e.Body, tc.notSay) {
			t.Errorf("kind %d: body should say %q and not %q:\n%s", tc.kind, tc.say, tc.notSay, e.Body)
		}
	}
}

func TestComposeGolden(t *testing.T) {
	for _, tt := range goldenDetails {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compose(tt.details)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".txt", []byte(e.Text()))
		})
	}
}

// TestComposeSaysWhatTheReaderNeeds checks the facts the recipient relies on,
// whatever the wording of the templates.
func TestComposeSaysWhatTheReaderNeeds(t *testing.T) {
	for _, tt := range goldenDetails {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.details
			e, err := Compose(d)
			if err != nil {
				t.Fatal(err)
			}
			if e.To != d.To {
				t.Errorf("To = %q, want %q", e.To, d.To)
			}
			if !strings.Contains(e.Subject, d.CompanyName) {
				t.Errorf("subject %q does not name the business %q", e.Subject, d.CompanyName)
			}
			platform := d.PlatformName
			if platform == "" {
				platform = "platform"
			}
			if !strings.Contains(e.Subject, platform) {
				t.Errorf("subject %q does not name the platform %q", e.Subject, platform)
			}
			lines := strings.Split(e.Body, "\n")
			if !contains(lines, d.Link) {
				t.Errorf("the link is not on a line of its own:\n%s", e.Body)
			}
			host := d.LinkHost
			if host == "" {
				host = "link.codat.io"
			}
			for _, want := range []string{
				"://" + host + "/ before you sign in", // where the link goes, to check first
				"24 hours", "only once", "fresh one",  // it expires: ask for another
				"read access", "as a whole", "until it is revoked", "at any time", // what access means
				"Sign in", "approve", // what they will see
				d.CompanyName,
			} {
				if !strings.Contains(e.Body, want) {
					t.Errorf("body does not say %q:\n%s", want, e.Body)
				}
			}
			if d.PlatformName != "" && !strings.Contains(e.Body, d.PlatformName+"'s sign-in") {
				t.Errorf("body does not say where they sign in:\n%s", e.Body)
			}
			if d.Category != "" && d.PlatformName == "" && !strings.Contains(e.Body, d.Category+" platform") {
				t.Errorf("body does not name the %s platform:\n%s", d.Category, e.Body)
			}
			if d.FromName != "" && lines[len(lines)-2] != d.FromName {
				t.Errorf("body is not signed %q; it ends %q", d.FromName, lines[len(lines)-2])
			}
			if got := strings.Contains(e.Body, "sandbox demo") && strings.Contains(e.Subject, "Sandbox demo"); got != d.Sandbox {
				t.Errorf("says it is a sandbox demo = %v, want %v", got, d.Sandbox)
			}
			for _, jargon := range []string{"OAuth", "token", "API", "redirect"} {
				if strings.Contains(e.Body, jargon) {
					t.Errorf("body uses the jargon %q", jargon)
				}
			}
		})
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestComposeNeutralisesLineBreaksInNames(t *testing.T) {
	e, err := Compose(Details{
		To: "jane@firm.com", ToName: "Jane\r\nBcc: x@evil.test", FromName: "Sam\nLee\u2028Esq",
		CompanyName: "Acme\r\nLtd\u202e", PlatformName: "Xero\rX", FromCompany: "Acme \n Ltd",
		Link: codatLink,
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Acme Ltd: please connect Xero X to Codat"; e.Subject != want {
		t.Errorf("subject = %q, want %q", e.Subject, want)
	}
	for _, want := range []string{"Hi Jane Bcc: x@evil.test,\n", "This is Sam Lee Esq at Acme Ltd.", "\nSam Lee Esq\n"} {
		if !strings.Contains(e.Body, want) {
			t.Errorf("body does not contain %q:\n%s", want, e.Body)
		}
	}
	for _, line := range strings.Split(e.Body, "\n") {
		if strings.HasPrefix(line, "Bcc:") || strings.HasPrefix(line, "Lee") || strings.HasPrefix(line, "Ltd") {
			t.Errorf("a name broke onto its own line %q", line)
		}
	}
	if strings.ContainsAny(e.Body, "\r\u2028\u202e") {
		t.Errorf("body still has a CR, separator or bidi control: %q", e.Body)
	}
}

func TestComposeRejects(t *testing.T) {
	ok := Details{To: "jane@firm.com", CompanyName: "Acme Ltd", Link: codatLink}
	tests := []struct {
		name   string
		change func(*Details)
		want   string
	}{
		{"recipient with a name", func(d *Details) { d.To = "Jane <jane@firm.com>" }, "without a name"},
		{"no recipient", func(d *Details) { d.To = "" }, "enter the email address"},
		{"no company", func(d *Details) { d.CompanyName = " \r\n " }, "company name is empty"},
		{"unknown category", func(d *Details) { d.Category = "payroll" }, "unknown category"},
		{"no link", func(d *Details) { d.Link = "" }, "link is empty"},
		{"plain http", func(d *Details) { d.Link = "http://link.codat.io/company/x" }, "https://"},
		{"link elsewhere than its host", func(d *Details) { d.LinkHost = "link.codat.io"; d.Link = "https://link.codat.io.evil.test/x" }, "not link.codat.io"},
		{"user info", func(d *Details) { d.Link = "https://link.codat.io@evil.test/x" }, "user name"},
		{"line break in link", func(d *Details) { d.Link = codatLink + "\nBcc: x" }, "control characters"},
		{"relative link", func(d *Details) { d.Link = "/company/x" }, "https://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.change(&d)
			_, err := Compose(d)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compose() error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := Compose(ok); err != nil {
		t.Errorf("the unchanged details fail: %v", err)
	}
	sandbox := ok
	sandbox.Sandbox, sandbox.Link = true, "http://127.0.0.1:4010/company/x"
	if _, err := Compose(sandbox); err != nil {
		t.Errorf("a plain-http sandbox link fails: %v", err)
	}
}

func TestText(t *testing.T) {
	e := Email{To: "jane@firm.com", Subject: "Hi\r\nthere", Body: "a\r\nb\rc\n"}
	if got, want := e.Text(), "To: jane@firm.com\nSubject: Hi there\n\na\nb\nc\n"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
}
