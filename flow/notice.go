package flow

// Notices that report a use of the link on screen.

// linkNotes are the notices that report what became of opening or copying
// the link shown: "opened in your browser, sign in there", "copied", or
// why neither worked. They speak of an attempt under way, so they give way
// once the link has been used (linked, or the sign-in failed) and once the
// wait ends; notices of anything else (an invite saved to a file, a store
// that could not be written) stay.
var linkNotes = map[string]bool{
	"authorize.opened": true,
	"authorize.noopen": true,
	NoticeLinkCopied:   true,
}

// NoticeLinkCopied is the notice a copy of the link is reported as: one of
// the linkNotes, so the shells name it from here.
const NoticeLinkCopied = "copy.linkreport"

// linkUsed drops a notice about using the link: what it described is over.
func (s *State) linkUsed() {
	if s.Notice != nil && linkNotes[s.Notice.Key] {
		s.Notice = nil
	}
}
