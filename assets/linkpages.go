package assets

import "embed"

// LinkPages holds the sandbox's stand-in Hosted Link pages (html/template
// files under linkpages/): layout.html wraps each of the others.
//
//go:embed linkpages/*.html
var LinkPages embed.FS
