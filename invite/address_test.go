package invite

import (
	"strings"
	"testing"
)

func TestValidateAddress(t *testing.T) {
	tests := []struct {
		in   string
		want error // nil = accepted
	}{
		{"jane@firm.com", nil},
		{"Jane.Doe@Firm.CO.UK", nil},
		{"bill+tax@firm.com", nil},
		{"o'neil@firm.ie", nil},
		{"jane@bücher.example", nil},        // internationalised domain: sent as punycode
		{"jane@xn--bcher-kva.example", nil}, // the same domain already in punycode
		{"", errNoAddress},
		{"   ", errNoAddress},
		{" jane@firm.com", errSpaces},
		{"jane@firm.com\n", errSpaces},
		{"Jane Doe <jane@firm.com>", errNotOneAddress},
		{"<jane@firm.com>", errNotOneAddress},
		{"jane@firm.com (Jane)", errNotOneAddress},
		{"jane@firm.com, bob@firm.com", errNotOneAddress},
		{"jane@firm.com,bob@firm.com", errNotOneAddress},
		{"jane@firm.com;bob@firm.com", errNotOneAddress},
		{"jane@firm.com?bcc=x@evil.test", errNotOneAddress},
		{"jane@firm.com&bcc=x@evil.test", errNotOneAddress},
		{`"jane doe"@firm.com`, errNotOneAddress},
		{`"jane"@firm.com`, errNotOneAddress},
		{"jane doe@firm.com", errNotOneAddress},
		{"jane@firm .com", errNotOneAddress},
		{"jane", errNotOneAddress},
		{"@firm.com", errNotOneAddress},
		{"jane@", errNotOneAddress},
		{"jane@@firm.com", errNotOneAddress},
		{"jane@firm..com", errNotOneAddress},
		{"jane@firm.com\r\nBcc: x@evil.test", errNotOneAddress},
		{"jane\x1b]52;c;eA==\a@firm.com", errNotOneAddress},
		{"jane@fi\u202erm.com", errNotOneAddress},
		{"jäne@firm.com", errLocalNonASCII},
		{"jane@localhost", errNoDomainName},
		{"jane@[192.0.2.1]", errNoDomainName},
		{"jane@-firm.com", errBadDomain},
		{"jane@firm_x.com", errBadDomain},
		{"jane@xn--mller-kva.example", nil}, // müller.example
		{"jane@XN--MLLER-KVA.example", nil}, // the prefix in capitals
		{"jane@mail.xn--p1ai", nil},         // an internationalised top-level domain
		{"jane@xn--firm-.example", errBadPunycode},
		{"jane@xn--a.example", errBadPunycode},    // decodes to a control character
		{"jane@xn--.example", errBadPunycode},     // nothing after the prefix
		{"jane@xn--abc-.example", errBadPunycode}, // plain ASCII dressed as punycode
		{"jane@mail.xn--mller-kva-.example", errBadPunycode},
		{"jane@ab--cd.example", errBadDomain}, // "--" in the 3rd and 4th places is reserved
		{"jane@" + strings.Repeat("a", 64) + ".example", errBadDomain},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ValidateAddress(tt.in); got != tt.want {
				t.Errorf("ValidateAddress(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestValidateAddressMessagesAreAdvice(t *testing.T) {
	// The messages are shown under the input field as they are.
	err := ValidateAddress("Jane <jane@firm.com>")
	if got, want := err.Error(), "give one address like jane@firm.com, without a name or commas"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestASCIIAddress(t *testing.T) {
	tests := []struct{ in, want string }{
		{"jane@firm.com", "jane@firm.com"},
		{"Jane@Firm.com", "Jane@Firm.com"},
		{"jane@bücher.example", "jane@xn--bcher-kva.example"},
		{"jane@BÜCHER.example", "jane@xn--bcher-kva.example"},
	}
	for _, tt := range tests {
		got, err := asciiAddress(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("asciiAddress(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
