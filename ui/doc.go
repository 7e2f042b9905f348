// Package ui is the terminal interface over package flow's journey.
//
// Where things are:
//   - app.go: the root model. It keeps flow.State and the widgets of the
//     screen on show, sends every key to that screen, and hands the events
//     they make to flow.Next; frame.go draws the header and footer around it.
//   - One file per screen, named after it: resume, company, consent,
//     category, platform, signin, authorize, delegate, done; and the
//     overlays invite (the composer), qr, help and problem (the error banner).
//     Each has the screen's update, view and keys.
//   - keys.go: the key bindings; each screen says which work on it now, and
//     the footer and the help are drawn from them.
//   - Shared drawing, named for what it is: rawlink (a link printed
//     selectable), waitstatus (the live wait), option (a choice in a list),
//     wrap, words (statuses, times), summary (what stays on exit).
//   - The runner, the only part that does IO: effects.go dispatches each
//     flow.Effect to codat.go (calls through package steps), watch.go (the
//     wait), clipboard.go, browser.go, send.go (the invite) or
//     pendingstore.go (what was handed on); deps.go names the outside world.
//   - accessible.go: the same journey as line-by-line prompts, with the
//     questions of each step in accessibleprompts.go.
//
// Every sentence comes from package assets.
package ui
