package e2e

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/internal/vt"
)

// foreignOutput lists what in a terminal stream onboard's own renderer
// never writes and a hostile string would: OSC other than its own title,
// background query, and hyperlinks or clipboard writes to the trusted link
// host; DCS, APC, PM and SOS strings; C1 controls; lone control bytes other
// than CR, LF, BS and TAB; CSI window reports; bidi, zero-width and
// line-separator runes.
func foreignOutput(out []byte, trustedHost string) []string {
	var found []string
	add := func(format string, args ...any) {
		if len(found) < 20 {
			found = append(found, fmt.Sprintf(format, args...))
		}
	}
	vt.Sequences(out, func(seq []byte, width int, p *ansi.Parser) bool {
		switch {
		case width > 0:
			for _, r := range string(seq) {
				if unsafeRune(r) {
					add("rune %U in text %q", r, seq)
				}
			}
		case seq[0] >= 0x80 && seq[0] <= 0x9f, len(seq) >= 2 && seq[0] == 0xc2 && seq[1] >= 0x80 && seq[1] <= 0x9f:
			add("C1 control %q", seq)
		case len(seq) == 1 && seq[0] < 0x20 || len(seq) == 1 && seq[0] == 0x7f:
			if !strings.ContainsRune("\r\n\b\t", rune(seq[0])) {
				add("control byte %q", seq)
			}
		case ansi.HasOscPrefix(seq):
			if why := foreignOSC(string(seq), trustedHost); why != "" {
				add("%s: %q", why, seq)
			}
		case ansi.HasDcsPrefix(seq), ansi.HasApcPrefix(seq), ansi.HasPmPrefix(seq), ansi.HasSosPrefix(seq):
			add("string sequence %q", seq)
		case ansi.HasCsiPrefix(seq):
			switch ansi.Cmd(p.Command()).Final() {
			case 't', 'n', 'x':
				add("report request %q", seq)
			}
		case !utf8.Valid(seq):
			add("invalid UTF-8 %q", seq)
		default:
			for _, r := range string(seq) {
				if r != 0x1b && unsafeRune(r) {
					add("rune %U in %q", r, seq)
				}
			}
		}
		return true
	})
	return found
}

// foreignOSC says why an OSC sequence is not one of onboard's own, or "".
func foreignOSC(seq, trustedHost string) string {
	body := strings.TrimPrefix(seq, "\x1b]")
	body = strings.TrimSuffix(strings.TrimSuffix(body, "\a"), "\x1b\\")
	cmd, data, _ := strings.Cut(body, ";")
	switch cmd {
	case "11":
		if data == "?" {
			return ""
		}
	case "2", "0":
		if data == "" || data == "onboard" {
			return ""
		}
		return "window title"
	case "8":
		_, target, _ := strings.Cut(data, ";")
		if target == "" || trustedLink(target, trustedHost) {
			return ""
		}
		return "hyperlink to an untrusted target"
	case "52":
		_, payload, _ := strings.Cut(data, ";")
		text, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			return "clipboard sequence"
		}
		if trustedLink(string(text), trustedHost) {
			return ""
		}
		return fmt.Sprintf("clipboard write of %q", text)
	}
	return "OSC " + cmd
}

func trustedLink(raw, host string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.User == nil && u.Host == host && (u.Scheme == "https" || u.Scheme == "http")
}

func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f, r < 0x20, r == 0x7f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return strings.ContainsRune("\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\u2028\u2029", r)
}

// TestForeignOutputDetects keeps the detector honest: written raw to the
// terminal, every corpus name that holds more than text is caught.
func TestForeignOutputDetects(t *testing.T) {
	t.Parallel()
	names, err := LoadCorpus("names.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range names {
		harmless := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' || r == '\b' {
				return -1
			}
			return r
		}, e.Value)
		if api.Sanitize(harmless) == harmless || onlyCSI(harmless) {
			// Plain text, or only sequences the renderer also writes: those
			// are caught on the emulated screen instead.
			continue
		}
		if found := foreignOutput([]byte(e.Value), "link.codat.io"); len(found) == 0 {
			t.Errorf("%s: %q written raw was not detected", e.Name(), e.Value)
		}
	}
	own := "\x1b]11;?\a\x1b[?1049h\x1b]2;onboard\a\x1b[1;1H\x1b[2Jok\r\n\x1b]8;;https://link.codat.io/company/1\x1b\\link\x1b]8;;\x1b\\" +
		"\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("https://link.codat.io/company/1")) + "\a\x1b[?1049l"
	if found := foreignOutput([]byte(own), "link.codat.io"); len(found) != 0 {
		t.Errorf("onboard's own sequences reported as foreign: %q", found)
	}
}

// onlyCSI reports whether the only non-text content of s is CSI sequences
// and lone ESCs.
func onlyCSI(s string) bool {
	only := true
	vt.Sequences(s, func(seq string, width int, _ *ansi.Parser) bool {
		foreign := width == 0 && !ansi.HasCsiPrefix(seq) && !ansi.HasEscPrefix(seq) ||
			!ansi.HasCsiPrefix(seq) && ansi.HasEscPrefix(seq) && len(seq) > 3
		only = only && !foreign
		return only
	})
	return only
}
