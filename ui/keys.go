package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/flow"
)

// Keys are every binding of the journey, built once. A binding's Help.Key is
// the key as the footer names it ("c", "enter"); its Help.Desc names its
// words, a block of assets/screens.tmpl: keys.NAME for the footer and
// keyhelp.NAME for the ? help. Each screen takes a copy, turns off what does
// not work on it right now and may give a binding its own words (see
// screenKeys), so the keys a screen acts on are the keys it shows.
type Keys struct {
	Up, Down, Enter, Back, Quit, Help  key.Binding
	Redraw                             key.Binding // the whole screen again, after another program wrote on it
	Copy, Open, QR, Invite             key.Binding
	CantSignIn, Finish, Retry, Another key.Binding
	Manage, Unlink                     key.Binding
	Check, Forget, New                 key.Binding // the pending list
	Yes, No                            key.Binding // questions and "are you sure?"
	Leave                              key.Binding // the recap
	NextField, PrevField, NewLine      key.Binding // the invite composer (huh's own keys)
	ScrollUp, ScrollDown               key.Binding // the help

	// Send holds the key of each way to send an invite (flow.InviteWays).
	Send map[flow.InviteWay]key.Binding
}

// sendKeys are the keys of the ways to send an invite. A new way is a
// constant in flow/kinds.go, its words in assets/screens.tmpl, a key here
// and its action in the runner (send.go).
var sendKeys = map[flow.InviteWay]string{
	flow.WayMail: "m",
	flow.WayText: "t",
	flow.WayEML:  "s",
}

// NewKeys builds the key map.
func NewKeys() Keys {
	bind := func(name, label string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, name))
	}
	k := Keys{
		Up:         bind("keys.move", "↑", "up", "ctrl+p"),
		Down:       bind("keys.move", "↓", "down", "ctrl+n"),
		Enter:      bind("keys.choose", "enter", "enter"),
		Back:       bind("keys.back", "esc", "esc"),
		Quit:       bind("keys.quit", "ctrl+c", "ctrl+c"),
		Redraw:     bind("keys.redraw", "ctrl+l", "ctrl+l"),
		Help:       bind("keys.help", "?", "?"),
		Copy:       bind("keys.copylink", "c", "c"),
		Open:       bind("keys.open", "o", "o"),
		QR:         bind("keys.qr", "q", "q"),
		Invite:     bind("keys.invite", "i", "i"),
		CantSignIn: bind("keys.cantsignin", "d", "d"),
		Finish:     bind("keys.finish", "f", "f"),
		Retry:      bind("keys.retry", "r", "r"),
		Another:    bind("keys.another", "a", "a"),
		Manage:     bind("keys.manage", "m", "m"),
		Unlink:     bind("keys.unlink", "u", "u"),
		Check:      bind("keys.check", "r", "r"),
		Forget:     bind("keys.forget", "x", "x"),
		New:        bind("keys.new", "n", "n"),
		Yes:        bind("keys.answer", "y", "y"),
		No:         bind("keys.answer", "n", "n"),
		Leave:      bind("keys.leave", "enter", "enter", "q", "f"),
		NextField:  bind("keys.nextfield", "tab/enter", "tab", "enter"),
		PrevField:  bind("keys.prevfield", "shift+tab", "shift+tab"),
		NewLine:    bind("keys.newline", "alt+enter", "alt+enter", "ctrl+j"),
		ScrollUp:   bind("keys.scroll", "↑", "up", "pgup"),
		ScrollDown: bind("keys.scroll", "↓", "down", "pgdown"),
		Send:       map[flow.InviteWay]key.Binding{},
	}
	for _, way := range flow.InviteWays {
		k.Send[way] = bind("keys."+string(way), sendKeys[way], sendKeys[way])
	}
	return k
}

// hint is a line of the footer that no single key stands for ("type a
// name", "any other key: keep it"): it matches no key, and shows its words
// alone.
func hint(name string) key.Binding {
	return key.NewBinding(key.WithKeys([]string{}...), key.WithHelp("", name))
}

// named gives a binding the words name (a keys.NAME block) on one screen.
func named(b key.Binding, name string) key.Binding {
	b.SetHelp(b.Help().Key, name)
	return b
}

// screenKeys are the keys that work on the screen on show right now: the
// Keys, with what does not work turned off, for the screen's update to
// match; short, in the order the footer draws them; and more, which only
// the help lists. It is bubbles' help.KeyMap: the footer draws ShortHelp,
// the ? help FullHelp.
type screenKeys struct {
	Keys
	short, more []key.Binding
}

// screen lists the keys a screen shows; ctrl+l and ctrl+c work everywhere,
// so the help always lists them.
func (k Keys) screen(short []key.Binding, more ...key.Binding) screenKeys {
	return screenKeys{Keys: k, short: short, more: append(more, k.Redraw, k.Quit)}
}

// ShortHelp implements help.KeyMap: the footer.
func (k screenKeys) ShortHelp() []key.Binding { return enabled(k.short) }

// FullHelp implements help.KeyMap: the ? help, each binding once.
func (k screenKeys) FullHelp() [][]key.Binding {
	var all []key.Binding
	seen := map[string]bool{}
	for _, b := range enabled(append(append([]key.Binding{}, k.short...), k.more...)) {
		id := b.Help().Key + " " + b.Help().Desc
		if !seen[id] && b.Help().Key != "" && b.Help().Desc != k.Help.Help().Desc {
			seen[id] = true
			all = append(all, b)
		}
	}
	return [][]key.Binding{all}
}

func enabled(bs []key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// keyGroup is bindings side by side that share their words, drawn as one:
// "↑/↓: move", "y/n: answer".
type keyGroup struct {
	label string // "" for a hint
	name  string // the keys.NAME block
}

func groups(bs []key.Binding) []keyGroup {
	var out []keyGroup
	for _, b := range bs {
		h := b.Help()
		if n := len(out); n > 0 && out[n-1].name == h.Desc && h.Key != "" {
			out[n-1].label += "/" + h.Key
			continue
		}
		out = append(out, keyGroup{label: h.Key, name: h.Desc})
	}
	return out
}

// keyLine draws bindings for the footer: "c: copy link · o: open browser".
func keyLine(bs []key.Binding) string {
	var parts []string
	for _, g := range groups(bs) {
		words := assets.Screen(g.name, nil)
		if g.label != "" {
			words = g.label + ": " + words
		}
		parts = append(parts, words)
	}
	return strings.Join(parts, " · ")
}

// helpWords are a binding's words in the ? help: the keyhelp block of the
// same name.
func helpWords(name string) string {
	return assets.Screen("keyhelp."+strings.TrimPrefix(name, "keys."), nil)
}
