package share

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const link = "https://link.codat.io/company/8a210b68-6988-11ed-a1eb-0242ac120002"

func TestOSC52(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(link))
	tests := []struct {
		name string
		env  Env
		want string
	}{
		{"plain terminal", Env{}, "\x1b]52;c;" + b64 + "\a"},
		{"over ssh it is the same sequence", Env{SSH: true}, "\x1b]52;c;" + b64 + "\a"},
		{"tmux: bare for set-clipboard, then passthrough with ESC doubled", Env{Tmux: true}, "\x1b]52;c;" + b64 + "\a" + "\x1bPtmux;\x1b\x1b]52;c;" + b64 + "\a\x1b\\"},
		{"tmux wins over screen", Env{Tmux: true, Screen: true}, "\x1b]52;c;" + b64 + "\a" + "\x1bPtmux;\x1b\x1b]52;c;" + b64 + "\a\x1b\\"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OSC52(link, tt.env); got != tt.want {
				t.Errorf("OSC52 = %q, want %q", got, tt.want)
			}
		})
	}
	if got, want := OSC52("hi", Env{}), "\x1b]52;c;aGk=\a"; got != want {
		t.Errorf("OSC52(hi) = %q, want %q", got, want)
	}
}

func TestOSC52Screen(t *testing.T) {
	got := OSC52(link, Env{Screen: true})
	inner := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(link)) + "\a"
	if !strings.HasPrefix(got, "\x1bP") || !strings.HasSuffix(got, "\x1b\\") {
		t.Fatalf("not wrapped in DCS ... ST: %q", got)
	}
	// Screen passes each DCS string's content on; together they must make
	// the plain sequence, and each must stay short.
	chunks := strings.Split(strings.TrimSuffix(strings.TrimPrefix(got, "\x1bP"), "\x1b\\"), "\x1b\\\x1bP")
	if len(chunks) < 2 {
		t.Errorf("a %d-byte sequence was not split: %q", len(inner), got)
	}
	for _, c := range chunks {
		if len(c) > screenChunk {
			t.Errorf("chunk of %d bytes, over %d", len(c), screenChunk)
		}
	}
	if joined := strings.Join(chunks, ""); joined != inner {
		t.Errorf("chunks join to %q, want %q", joined, inner)
	}
}

// recorder stands in for the OS clipboard and the terminal.
type recorder struct {
	nativeErr, termErr error
	native, term       []string
}

func (r *recorder) copyNative(s string) error { r.native = append(r.native, s); return r.nativeErr }
func (r *recorder) writeTerm(s string) error  { r.term = append(r.term, s); return r.termErr }

func TestCopy(t *testing.T) {
	broken := errors.New("xclip: exec: not found")
	tests := []struct {
		name       string
		text       string
		env        Env
		nativeErr  error
		termErr    error
		wantMethod string
		wantMsg    string
		wantNative bool // the OS clipboard was asked
		wantTerm   bool // OSC 52 was written
		wantErr    bool
	}{
		{"local: OS clipboard, OSC 52 as well", link, Env{Display: true}, nil, nil,
			MethodNative, "Copied to the clipboard.", true, true, false},
		{"local without a clipboard tool falls back to OSC 52", link, Env{}, broken, nil,
			MethodOSC52, "The system clipboard isn't available, so it went to your terminal's clipboard (OSC 52). If paste comes up empty, select the link above.", true, true, true},
		{"ssh: OSC 52 only, never the remote clipboard", link, Env{SSH: true}, nil, nil,
			MethodOSC52, "Sent to your terminal's clipboard (OSC 52). If paste comes up empty, select the link above.", false, true, false},
		{"ssh inside tmux", link, Env{SSH: true, Tmux: true}, nil, nil,
			MethodOSC52Tmux, "Sent to your terminal's clipboard (OSC 52). If paste comes up empty, select the link above.", false, true, false},
		{"ssh inside screen", link, Env{SSH: true, Screen: true}, nil, nil,
			MethodOSC52Screen, "Sent to your terminal's clipboard (OSC 52). If paste comes up empty, select the link above.", false, true, false},
		{"ssh and the terminal write fails", link, Env{SSH: true}, nil, errors.New("write /dev/tty: broken pipe"),
			MethodNone, "Couldn't copy here: select the link above and copy it.", false, true, true},
		{"local: both fail", link, Env{}, broken, errors.New("write: EIO"),
			MethodNone, "Couldn't copy here: select the link above and copy it.", true, true, true},
		{"an email with line breaks and tabs is fine", "To: jane@firm.com\nSubject: s\n\n\tHi", Env{}, nil, nil,
			MethodNative, "Copied to the clipboard.", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{nativeErr: tt.nativeErr, termErr: tt.termErr}
			got := Copy(tt.text, tt.env, r.copyNative, r.writeTerm)
			if got.Method != tt.wantMethod || got.Message != tt.wantMsg {
				t.Errorf("Copy = %q %q, want %q %q", got.Method, got.Message, tt.wantMethod, tt.wantMsg)
			}
			if (got.Err != nil) != tt.wantErr {
				t.Errorf("Err = %v, want an error: %v", got.Err, tt.wantErr)
			}
			if tt.nativeErr != nil && !errors.Is(got.Err, tt.nativeErr) {
				t.Errorf("Err = %v, want it to carry the clipboard tool's error", got.Err)
			}
			if asked := len(r.native) > 0; asked != tt.wantNative {
				t.Errorf("OS clipboard asked = %v, want %v", asked, tt.wantNative)
			}
			if tt.wantNative && r.native[0] != tt.text {
				t.Errorf("OS clipboard got %q", r.native[0])
			}
			if wrote := len(r.term) > 0; wrote != tt.wantTerm {
				t.Errorf("OSC 52 written = %v, want %v", wrote, tt.wantTerm)
			}
			if tt.wantTerm && r.term[0] != OSC52(tt.text, tt.env) {
				t.Errorf("terminal got %q, want %q", r.term[0], OSC52(tt.text, tt.env))
			}
		})
	}
}

func TestCopyRefusesControlCharacters(t *testing.T) {
	for _, text := range []string{
		"",
		link + "\r",
		"echo hi\rrm -rf ~",
		link + "\x1b]52;c;?\a",
		link + "\x1b[31m",
		"\x9b31m" + link, // C1 CSI
		"evil\u202Etxt.exe",
		link + "\u2028",
		"\x00" + link,
		"bad utf-8 \xff",
	} {
		r := &recorder{}
		got := Copy(text, Env{}, r.copyNative, r.writeTerm)
		if got.Method != MethodNone || !errors.Is(got.Err, ErrUnsafeText) {
			t.Errorf("Copy(%q) = %+v, want it refused", text, got)
		}
		if !strings.Contains(got.Message, "select the link above") {
			t.Errorf("Copy(%q) message %q does not say what to do", text, got.Message)
		}
		if len(r.native)+len(r.term) != 0 {
			t.Errorf("Copy(%q) still reached the clipboard: %q %q", text, r.native, r.term)
		}
	}
}

func TestCopyWithoutCallbacks(t *testing.T) {
	got := Copy(link, Env{}, nil, nil)
	if got.Method != MethodNone || got.Err == nil || got.Message == "" {
		t.Errorf("Copy with nothing to copy to = %+v", got)
	}
}
