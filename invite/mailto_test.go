package invite

import (
	"net/url"
	"strings"
	"testing"
)

// checkMailtoRoundTrip parses uri the way a mail client does and checks that
// it names exactly one recipient (or none when e.To is not a valid address)
// and exactly the fields subject and body, each holding what e holds.
func checkMailtoRoundTrip(t *testing.T, e Email, uri string) {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", uri, err)
	}
	if u.Scheme != "mailto" || u.Fragment != "" || u.Host != "" {
		t.Fatalf("parsed %q as scheme %q host %q fragment %q", uri, u.Scheme, u.Host, u.Fragment)
	}
	if strings.ContainsAny(uri, "+ \r\n\t") {
		t.Errorf("uri %q has a raw '+', space or line break", uri)
	}
	to, err := url.PathUnescape(u.Opaque)
	if err != nil {
		t.Fatalf("recipient %q: %v", u.Opaque, err)
	}
	if want, err := asciiAddress(e.To); err == nil {
		if to != want {
			t.Errorf("recipient = %q, want %q", to, want)
		}
		if strings.Count(to, "@") != 1 || strings.ContainsAny(to, ",;") {
			t.Errorf("recipient %q is not exactly one address", to)
		}
	} else if to != "" {
		t.Errorf("invalid To %q still produced recipient %q", e.To, to)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", u.RawQuery, err)
	}
	if len(q) != 2 || len(q["subject"]) != 1 || len(q["body"]) != 1 {
		t.Fatalf("fields = %q, want exactly one subject and one body", q)
	}
	subject, body := q.Get("subject"), q.Get("body")
	if strings.ContainsAny(subject, "\r\n") {
		t.Errorf("subject %q has a line break", subject)
	}
	if want := stripLineBreaks(e.Subject); subject != want {
		t.Errorf("subject = %q, want %q", subject, want)
	}
	if want := strings.ReplaceAll(normalizeLF(e.Body), "\n", "\r\n"); body != want {
		t.Errorf("body = %q, want %q", body, want)
	}
}

func TestMailto(t *testing.T) {
	tests := []struct {
		name string
		in   Email
		want string // "" = only check the round trip
	}{
		{
			name: "delimiters and plus escaped, spaces as %20",
			in:   Email{To: "jane@firm.com", Subject: "A&B Ltd? #1 + 50% = done", Body: "Hi\nthere\r\nx\ry"},
			want: "mailto:jane@firm.com?subject=A%26B%20Ltd%3F%20%231%20%2B%2050%25%20%3D%20done&body=Hi%0D%0Athere%0D%0Ax%0D%0Ay",
		},
		{
			name: "company that tries to add a bcc",
			in:   Email{To: "jane@firm.com", Subject: "Acme&bcc=x@evil.test: please connect Xero", Body: "from Acme&bcc=x@evil.test&body=gotcha"},
			want: "mailto:jane@firm.com?subject=Acme%26bcc%3Dx%40evil.test%3A%20please%20connect%20Xero&body=from%20Acme%26bcc%3Dx%40evil.test%26body%3Dgotcha",
		},
		{
			name: "line breaks stripped from the subject",
			in:   Email{To: "jane@firm.com", Subject: "Hi\r\nBcc: x@evil.test\nthere\rnow", Body: "b"},
			want: "mailto:jane@firm.com?subject=Hi%20Bcc%3A%20x%40evil.test%20there%20now&body=b",
		},
		{
			name: "plus and percent in the address",
			in:   Email{To: "bill+tax%x@firm.com", Subject: "s", Body: "b"},
			want: "mailto:bill%2Btax%25x@firm.com?subject=s&body=b",
		},
		{
			name: "question mark and equals in the local part",
			in:   Email{To: "a?cc=b@firm.com", Subject: "s", Body: "b"},
			want: "mailto:a%3Fcc%3Db@firm.com?subject=s&body=b",
		},
		{
			name: "internationalised domain as punycode",
			in:   Email{To: "jane@bücher.example", Subject: "s", Body: "b"},
			want: "mailto:jane@xn--bcher-kva.example?subject=s&body=b",
		},
		{
			name: "non-ASCII text as UTF-8 percent escapes",
			in:   Email{To: "jane@firm.com", Subject: "Café Ökonomie – 株式会社", Body: "Grüße"},
			want: "mailto:jane@firm.com?subject=Caf%C3%A9%20%C3%96konomie%20%E2%80%93%20%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE&body=Gr%C3%BC%C3%9Fe",
		},
		{
			name: "link in the body keeps its own query",
			in:   Email{To: "jane@firm.com", Subject: "s", Body: "https://link.codat.io/company/x?a=1&b=2#frag"},
			want: "mailto:jane@firm.com?subject=s&body=https%3A%2F%2Flink.codat.io%2Fcompany%2Fx%3Fa%3D1%26b%3D2%23frag",
		},
		{
			name: "a name instead of an address leaves the recipient out",
			in:   Email{To: "Jane <jane@firm.com>", Subject: "s", Body: "b"},
			want: "mailto:?subject=s&body=b",
		},
		{
			name: "empty recipient",
			in:   Email{Subject: "", Body: ""},
			want: "mailto:?subject=&body=",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tooLong := tt.in.Mailto()
			if tt.want != "" && got != tt.want {
				t.Errorf("Mailto() =\n %s\nwant\n %s", got, tt.want)
			}
			if tooLong {
				t.Errorf("a %d-character URI reported too long", len(got))
			}
			checkMailtoRoundTrip(t, tt.in, got)
		})
	}
}

func TestMailtoTooLong(t *testing.T) {
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"short", "Hi", false},
		// Each ASCII letter costs one character, so the limit falls exactly here.
		{"at the limit", strings.Repeat("a", MaxMailtoLength-len("mailto:jane@firm.com?subject=s&body=")), false},
		{"one over", strings.Repeat("a", MaxMailtoLength-len("mailto:jane@firm.com?subject=s&body=")+1), true},
		// Non-Latin text costs nine characters per letter once encoded.
		{"non-Latin", strings.Repeat("株", 200), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uri, tooLong := Email{To: "jane@firm.com", Subject: "s", Body: tt.body}.Mailto()
			if tooLong != tt.want {
				t.Errorf("tooLong = %v for a %d-character URI, want %v", tooLong, len(uri), tt.want)
			}
		})
	}
}

func TestComposedInviteFitsMailto(t *testing.T) {
	for _, d := range goldenDetails {
		e, err := Compose(d.details)
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		uri, tooLong := e.Mailto()
		if tooLong {
			t.Errorf("%s: the default invite is %d characters as mailto:, over %d", d.name, len(uri), MaxMailtoLength)
		}
		checkMailtoRoundTrip(t, e, uri)
	}
}

func FuzzMailto(f *testing.F) {
	seeds := [][4]string{
		{"jane@firm.com", "Acme&bcc=x@evil.test", "Acme&bcc=x@evil.test: please connect", "line 1\nline 2"},
		{"bill+tax@firm.com", "A+B Ltd? #1 50%=", "subject\r\nBcc: x@evil.test", "a\r\nb\rc\n\n"},
		{"jane@bücher.example", "Grüße GmbH", "株式会社", "body & more ? # % + ="},
		{"Jane <jane@firm.com>", "", "", ""},
		{"a?cc=b@firm.com", "\x00\x1b]52;c;eA==\a", "%0D%0ABcc:x", "%zz %"},
		{"", "\xff\xfe", "\xffsubject", "\xc3("},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, to, company, subject, body string) {
		e := Email{To: to, Subject: subject, Body: body}
		uri, _ := e.Mailto()
		checkMailtoRoundTrip(t, e, uri)

		composed, err := Compose(Details{
			To: "jane@firm.com", FromName: company, CompanyName: company, PlatformName: company,
			Link: "https://link.codat.io/company/8a210b68-6988-11ed-a1eb-0242ac120002",
		})
		if err != nil {
			return // e.g. a company name that is empty once neutralised
		}
		uri, _ = composed.Mailto()
		checkMailtoRoundTrip(t, composed, uri)
		if !strings.Contains(composed.Subject, oneLine(company)) {
			t.Errorf("subject %q does not name the company %q", composed.Subject, oneLine(company))
		}
	})
}
