package ui

import "github.com/onboardcli/onboard/assets"

// The help overlay, opened with ?.

func (m Model) viewHelp() string {
	return m.styles.Title.Render(assets.Screen("help.title", nil)) + "\n\n" + assets.Help
}
