package assets

import "embed"

// Invite holds the templates for the email that asks someone else (usually
// the business's accountant) to connect a platform: invite/subject.tmpl and
// invite/body.tmpl, with shared phrases in invite/phrases.tmpl. They are
// text/template files rendering plain text; package invite documents the
// data they receive.
//
//go:embed invite/*.tmpl
var Invite embed.FS
