// Package flow is the onboarding journey as a pure reducer:
// Next(State, Event) returns the new State and the Effects (IO requests, as
// data) that the shell should carry out. It knows nothing of terminals,
// networks or files, so the TUI, the accessible line-by-line mode and the
// non-interactive commands all drive the same decisions.
//
// Where things are:
//   - state.go, events.go, effects.go: the State, the Events that change
//     it and the Effects it asks for.
//   - next.go: Next, which handles what means the same on every step and
//     hands the rest to the step's file: resume, company, consent,
//     category, platform, signin, authorize, delegate, done; with back.go
//     (esc), watch.go (the wait for a link) and problem.go (failures and
//     retries).
//   - The decisions the commands share: category.go (the category table),
//     name.go (the company-name rule), connection.go (which connection, and
//     what a pending item's state means), platform.go (finding a platform),
//     kinds.go (the typed fixed lists).
//
// The reducer holds no words: what it tells the person is the name of a
// block of assets/screens.tmpl, with its data. Only the name rule's
// refusals (name.go), which forms and commands show as errors, are words,
// taken from assets.
package flow
