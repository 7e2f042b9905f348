package share

import (
	"strings"

	"github.com/onboardcli/onboard/assets"
)

// CopyMessage copies an invite's message: the body alone, the same from the
// journey's t and from `onboard invite --copy`, since a mail or chat window
// has fields of its own for the recipient and the subject. The report says
// so, names the message where the plain report names the link, and, when
// the message cannot be copied or may not paste, says instead where else
// to find it (the plain report's "select the link above").
func CopyMessage(body, instead string, env Env, native, writeTerm func(string) error) CopyResult {
	r := Copy(body, env, native, writeTerm)
	said := r.Message
	if instead != "" {
		said = strings.Replace(said, assets.Text("share.selectlink", nil), instead, 1)
	}
	said = strings.Replace(said, assets.Text("share.thelink", nil), assets.Text("share.themessage", nil), 1)
	if r.Method != MethodNone {
		said = assets.Text("share.messageonly", said)
	}
	r.Message = said
	return r
}
