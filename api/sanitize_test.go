package api

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is kept", "Harbour Bakery Ltd — Café №1", "Harbour Bakery Ltd — Café №1"},
		{"colour sequence", "\x1b[31mRed\x1b[0m Co", "Red Co"},
		{"clipboard write (OSC 52)", "Acme\x1b]52;c;ZWNobyBoaQ==\x07 Ltd", "Acme Ltd"},
		{"hyperlink (OSC 8)", "\x1b]8;;https://evil.example\x1b\\Xero\x1b]8;;\x1b\\", "Xero"},
		{"title report request", "A\x1b[21tB", "AB"},
		{"C1 CSI as a rune", "A\u009b31mB", "A31mB"},
		{"C1 CSI as a raw byte", "A\x9b31mB", "A\uFFFD31mB"},
		{"carriage return cannot overwrite", "Real Co\rFake Co", "Real CoFake Co"},
		{"newline and bell dropped", "line1\nline2\a", "line1line2"},
		{"tab becomes a space", "a\tb", "a b"},
		{"bidi override", "invoice\u202Egpj.exe", "invoicegpj.exe"},
		{"bidi isolates and marks", "\u2066a\u2069\u200Fb\u061Cc\u200E", "abc"},
		{"zero-width characters", "Ac\u200Bme\u200C\u200D\u2060\uFEFF", "Acme"},
		{"invalid UTF-8 repaired", "Acme\xff\xfe Ltd", "Acme\uFFFD Ltd"},
		{"lone escape at the end", "Acme\x1b", "Acme"},
		{"DEL dropped", "Ac\x7fme", "Acme"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Fatalf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Sanitize(got); again != got {
				t.Fatalf("not idempotent: %q then %q", got, again)
			}
		})
	}
}

// unsafeForTerminal is the property Sanitize promises, written
// independently of its implementation.
func unsafeForTerminal(s string) (string, bool) {
	if !utf8.ValidString(s) {
		return "invalid UTF-8", true
	}
	for _, r := range s {
		switch {
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			return "control rune", true
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
			return "bidi control", true
		case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF:
			return "zero-width rune", true
		case unicode.IsControl(r):
			return "control rune", true
		}
	}
	return "", false
}

func FuzzSanitize(f *testing.F) {
	for _, seed := range []string{
		"", "Acme", "\x1b[31mRed", "\x1b]52;c;?\x07", "\x1b]8;;https://x\x1b\\y", "\u009b2J", "\x9b2J",
		"a\rb", "\u202Eabc", "\u200B", "\xff", "\x1bP1$r\x1b\\", "\x1b_apc\x1b\\", "\x1b", "\x1b[", "\xc2",
		"tab\there", "\u2028", "日本語\x1b[1m",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if why, bad := unsafeForTerminal(out); bad {
			t.Fatalf("Sanitize(%q) = %q keeps a %s", in, out, why)
		}
		if strings.ContainsRune(out, 0x1b) {
			t.Fatalf("Sanitize(%q) = %q keeps ESC", in, out)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent on %q: %q then %q", in, out, again)
		}
	})
}

func TestValidCompanyName(t *testing.T) {
	tests := []struct {
		in, want string
		changed  bool
	}{
		{"Harbour Bakery Ltd", "Harbour Bakery Ltd", false},
		{"A&B Ltd?", "A&B Ltd?", false},
		{"O'Neill, Smith & Co. - Accountants!", "O'Neill, Smith & Co. - Accountants!", false},
		{"support@acme.example", "support@acme.example", false},
		{"Company (Codat[1])", "Company Codat1", true},
		{"Café Ünïcode", "Cafe Uenicode", true},
		{"  Acme\t\tLtd \n", "Acme Ltd", true},
		{"Acme – Ltd", "Acme - Ltd", true},
		{"\x1b[31mRed", "31mRed", true},
		{"()[]{}", "", true},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, changed := ValidCompanyName(tt.in)
			if got != tt.want || changed != tt.changed {
				t.Fatalf("ValidCompanyName(%q) = %q, %v; want %q, %v", tt.in, got, changed, tt.want, tt.changed)
			}
			if again, changed := ValidCompanyName(got); again != got || changed {
				t.Fatalf("cleaning %q again changed it to %q", got, again)
			}
		})
	}
}

func TestSanitizeInput(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Acme Ltd", "Acme Ltd"},
		{"Hi Jane,\r\n\nthe link:\thttps://link.codat.io", "Hi Jane,\r\n\nthe link:\thttps://link.codat.io"}, // lines and tabs stay
		{"A\u202ac\u202bm\u202ce\u202d \u202eL\u2066t\u2067d\u2068!\u2069", "Acme Ltd!"},
		{"jane\u200e@\u200ffirm.example", "jane@firm.example"},
		{"one\u2028two\u2029three", "onetwothree"},
		{"zero\u200bwidth\ufeff", "zerowidth"},
		{"red\x1b[31m text\x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "red textlink"},
		{"bell\x07 back\x08 c1\u009b", "bell back c1"},
		{"bad \xff byte", "bad \uFFFD byte"},
	} {
		if got := SanitizeInput(tc.in); got != tc.want {
			t.Errorf("SanitizeInput(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
