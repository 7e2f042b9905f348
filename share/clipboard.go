package share

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/onboardcli/onboard/assets"
)

// The ways Copy can put text on a clipboard, as reported in CopyResult.Method.
const (
	MethodNative      = "native"       // the OS clipboard (pbcopy, clip.exe, wl-copy, xclip, ...)
	MethodOSC52       = "osc52"        // the terminal's clipboard, via OSC 52
	MethodOSC52Tmux   = "osc52-tmux"   // OSC 52 inside tmux's passthrough
	MethodOSC52Screen = "osc52-screen" // OSC 52 inside GNU screen's DCS chunks
	MethodNone        = "none"         // nothing was copied
)

// What Copy tells the person: the share.* blocks of assets/share.tmpl. Each
// names "the link" once, so a caller copying something else can replace
// those words.
const (
	msgNative   = "share.copied"
	msgOSC52    = "share.terminal"
	msgFallback = "share.terminalfallback"
	msgNone     = "share.notcopied"
	msgRefused  = "share.refused"
)

// ErrUnsafeText is reported when the text to copy is empty or holds
// characters that could act on a terminal or shell when pasted.
var ErrUnsafeText = assets.Error("share.unsafetext")

// screenChunk is the longest piece of an OSC 52 sequence sent in one DCS
// string to GNU screen; old versions cut longer strings.
const screenChunk = 76

// CopyResult says how Copy went. Err is for logs and --doctor only: a
// failed copy never stops anything, and Message already says what to do.
type CopyResult struct {
	Method  string // MethodNative, MethodOSC52, MethodOSC52Tmux, MethodOSC52Screen or MethodNone
	Message string // what to tell the person
	Err     error
}

// OSC52 returns the sequence that asks the terminal to put text on the
// system clipboard: ESC ] 52 ; c ; base64 BEL. Inside tmux it is sent twice:
// bare, which tmux takes into its own buffer and passes on when
// "set-clipboard on", and wrapped in tmux's passthrough (ESC P tmux; ...
// ESC \, each ESC doubled), which reaches the outer terminal when
// "allow-passthrough on". Either setting is enough. Inside GNU screen it is
// split into DCS strings.
func OSC52(text string, env Env) string {
	seq := ansi.SetSystemClipboard(text)
	switch {
	case env.Tmux:
		return seq + ansi.TmuxPassthrough(seq)
	case env.Screen:
		return ansi.ScreenPassthrough(seq, screenChunk)
	}
	return seq
}

func osc52Method(env Env) string {
	switch {
	case env.Tmux:
		return MethodOSC52Tmux
	case env.Screen:
		return MethodOSC52Screen
	}
	return MethodOSC52
}

// Copy puts text on the clipboard the person will paste from.
//
// Locally it uses native (atotto/clipboard.WriteAll in production) and also
// sends OSC 52 through writeTerm, in case the terminal's clipboard is the
// one that counts. Over SSH it sends only OSC 52: a native copy would land
// on the remote machine and report success. If native fails, OSC 52 is the
// fallback. Text may hold line breaks and tabs (an email), but nothing else
// that is a control character; such text is refused, never cleaned, so what
// is pasted is exactly what was shown.
func Copy(text string, env Env, native func(string) error, writeTerm func(string) error) CopyResult {
	if text == "" || strings.ContainsFunc(text, unsafeToPaste) {
		return CopyResult{Method: MethodNone, Message: assets.Text(msgRefused, nil), Err: ErrUnsafeText}
	}
	var nativeErr error
	if !env.SSH {
		if native == nil {
			nativeErr = assets.Error("share.noclipboard")
		} else if nativeErr = native(text); nativeErr == nil {
			if writeTerm != nil {
				_ = writeTerm(OSC52(text, env)) // a bonus: the OS clipboard already has it
			}
			return CopyResult{Method: MethodNative, Message: assets.Text(msgNative, nil)}
		}
		nativeErr = fmt.Errorf("%s: %w", assets.Text("share.nativefailed", nil), nativeErr)
	}
	var termErr error = assets.Error("share.noterminal")
	if writeTerm != nil {
		if termErr = writeTerm(OSC52(text, env)); termErr == nil {
			msg := msgOSC52
			if nativeErr != nil {
				msg = msgFallback
			}
			return CopyResult{Method: osc52Method(env), Message: assets.Text(msg, nil), Err: nativeErr}
		}
	}
	return CopyResult{Method: MethodNone, Message: assets.Text(msgNone, nil),
		Err: errors.Join(nativeErr, fmt.Errorf("%s: %w", assets.Text("share.terminalfailed", nil), termErr))}
}

// unsafeToPaste reports control characters other than line feed and tab,
// Unicode line separators and bidi controls.
func unsafeToPaste(r rune) bool {
	switch {
	case r == '\n', r == '\t':
		return false
	case unicode.IsControl(r), r == '\u2028', r == '\u2029', r == '\uFFFD':
		return true
	case r == '\u061C', r == '\u200E', r == '\u200F',
		r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
