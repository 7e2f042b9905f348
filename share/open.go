package share

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/onboardcli/onboard/assets"
)

// ErrCannotOpen is matched (errors.Is) by Open's refusal to start a browser
// or mail app where none would reach the person.
var ErrCannotOpen = assets.Error("share.cannotopen")

// cannotOpenError carries the sentence CanOpen gave, for the person.
type cannotOpenError struct{ reason string }

func (e cannotOpenError) Error() string        { return e.reason }
func (e cannotOpenError) Is(target error) bool { return target == ErrCannotOpen }

// CanOpen reports whether opening a browser or mail app would show
// something to the person, and if not, a sentence saying why.
func CanOpen(env Env) (bool, string) {
	switch {
	case env.SSH:
		return false, assets.Text("share.overssh", nil)
	case !env.Display:
		return false, assets.Text("share.nodisplay", nil)
	}
	return true, ""
}

// Open hands url (https, http or mailto) to opener, which is
// github.com/cli/browser.OpenURL in production: it uses ShellExecute on
// Windows and xdg-open and friends elsewhere, never "cmd /c start", which
// cuts URLs at '&'. Open refuses where CanOpen says no, and refuses URLs with
// spaces or control characters. A nil error means only that the launcher
// started: the caller has already shown the link, in case nothing appears.
func Open(rawURL string, env Env, opener func(string) error) error {
	if ok, reason := CanOpen(env); !ok {
		return cannotOpenError{reason}
	}
	if strings.ContainsFunc(rawURL, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return assets.Error("share.linkspaces")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("%s: %w", assets.Text("share.openlink", nil), err)
	}
	switch u.Scheme {
	case "https", "http":
		if u.Host == "" {
			return errors.New(assets.Text("share.linknohost", rawURL))
		}
	case "mailto":
	default:
		return errors.New(assets.Text("share.linkscheme", u.Scheme))
	}
	if opener == nil {
		return cannotOpenError{assets.Text("share.noopener", nil)}
	}
	if err := opener(rawURL); err != nil {
		return fmt.Errorf("%s: %w", assets.Text("share.openscheme", u.Scheme), err)
	}
	return nil
}
