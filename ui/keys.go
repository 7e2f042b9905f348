package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// Keys are the bindings every screen shares; each screen shows the ones that
// apply to it in the footer.
type Keys struct {
	Up, Down, Enter, Back, Quit, Help key.Binding
	Copy, Open, QR, Invite, Mail      key.Binding
	Text, Save, CantSignIn, Finish    key.Binding
	Retry, Another, Manage, Unlink    key.Binding
}

// NewKeys builds the key map.
func NewKeys() Keys {
	return Keys{
		Up:         key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		Enter:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Copy:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy link")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open browser")),
		QR:         key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "QR code")),
		Invite:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "write invite")),
		Mail:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "open in mail app")),
		Text:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "copy email text")),
		Save:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save .eml")),
		CantSignIn: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "can't sign in after all")),
		Finish:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "finish")),
		Retry:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		Another:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "connect another")),
		Manage:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "manage connections")),
		Unlink:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unlink")),
	}
}

// keysLine joins key hints for the footer.
func keysLine(bindings ...key.Binding) string {
	var parts []string
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		parts = append(parts, h.Key+": "+h.Desc)
	}
	return strings.Join(parts, " · ")
}
