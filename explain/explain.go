// Package explain words errors for a person. Packages api, steps, store and webhook
// report typed errors with no English in them; Explain renders each through
// the blocks of assets/errors.tmpl (store's, of assets/store.tmpl). It is the one place that does, so the TUI, the
// line-by-line mode and the commands say the same thing about the same
// failure.
package explain

import (
	"context"
	"strings"
	"time"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/steps"
	"github.com/onboardcli/onboard/store"
	"github.com/onboardcli/onboard/webhook"
)

// Explain says what err means, in words a person can act on. now is the time
// the words are read: a rate limit's retry hint counts down from it.
//
// Context added by wrapping (fmt.Errorf("…: %w", err)) is kept: where the
// wrapped error's terse form stands in the message, its words replace it.
// An error no block words keeps its own message.
func Explain(err error, now time.Time) string {
	if err == nil {
		return ""
	}
	if s, ok := words(err, now); ok {
		return s
	}
	switch w := err.(type) {
	case interface{ Unwrap() error }:
		return within(err.Error(), w.Unwrap(), now)
	case interface{ Unwrap() []error }:
		s := err.Error()
		for _, inner := range w.Unwrap() {
			s = within(s, inner, now)
		}
		return s
	}
	return err.Error()
}

// within replaces inner's terse form in msg, the message of an error that
// wraps it, with inner's words. A wrapper that chose its own words without
// quoting inner keeps them.
func within(msg string, inner error, now time.Time) string {
	if inner == nil {
		return msg
	}
	terse := inner.Error()
	i := strings.LastIndex(msg, terse)
	if terse == "" || i < 0 {
		return msg
	}
	return msg[:i] + Explain(inner, now) + msg[i+len(terse):]
}

// sentinels are the errors that carry no values, with the block that words
// each. A list, not a map: hashing an error whose type is not comparable
// panics, while == with a value of another type is just false.
var sentinels = []struct {
	err   error
	block string
}{
	{context.Canceled, "stopped.cancelled"},
	{context.DeadlineExceeded, "stopped.timeout"},
	{api.ErrNoCredentials, "config.nokey"},
	{api.ErrKeyUnsafe, "config.keyunsafe"},
	{api.ErrAuthHeaderMalformed, "config.header"},
	{api.ErrBaseURLUserinfo, "config.userinfo"},
	{api.ErrNoLink, "linkcheck.empty"},
	{api.ErrLinkNotText, "linkcheck.nottext"},
	{api.ErrLinkUnsafe, "linkcheck.unsafe"},
	{api.ErrLinkNotAbsolute, "linkcheck.notabsolute"},
	{api.ErrLinkUserinfo, "linkcheck.userinfo"},
	{api.ErrNextPageSeen, "paging.seen"},
	{api.ErrBodyTooLarge, "cause.toolarge"},
	{api.ErrWantStringOrNumber, "cause.notstringornumber"},
	{webhook.ErrSecretEmpty, "secret.empty"},
	{webhook.ErrSecretPrefix, "secret.prefix"},
	{webhook.ErrSecretEncoding, "secret.encoding"},
	{webhook.ErrHeaders, "webhook.headers"},
	{webhook.ErrTimestamp, "webhook.timestamp"},
	{webhook.ErrSignature, "webhook.signature"},
	{webhook.ErrReplayed, "webhook.replayed"},
	{webhook.ErrEnvelope, "webhook.envelope"},
	{webhook.ErrReceiverStarted, "webhook.started"},
	{webhook.ErrReceiverClosed, "webhook.closed"},
	{steps.ErrNoWaitTarget, "request.nowaittarget"},
	{store.ErrNewerVersion, "store.newerversion"},
	{store.ErrNotFound, "store.notfound"},
	{store.ErrNotRegular, "store.notregular"},
}

// words renders err itself, not what it wraps, when a block words it.
func words(err error, now time.Time) (string, bool) {
	for _, s := range sentinels {
		if err == s.err {
			return assets.Text(s.block, nil), true
		}
	}
	if s, ok := storeWords(err, now); ok {
		return s, true
	}
	var name string
	var data any
	switch e := err.(type) {
	case *api.Error:
		return codat(e, now), true
	case *api.OpError:
		name, data = "request.step", assets.Vars{"Op": string(e.Op), "Reason": Explain(e.Err, now)}
	case api.ErrMissing:
		name, data = "request.missing", string(e.Field)
	case api.ErrNameHasNoLetters:
		name, data = "request.noletters", e.Name
	case api.ErrBaseURLNotAbsolute:
		name, data = "config.notabsolute", assets.Vars{"URL": e.URL, "Default": api.DefaultBaseURL}
	case api.ErrBaseURLQuery:
		name, data = "config.query", e.URL
	case api.ErrBaseURLPlainHTTP:
		name, data = "config.plainhttp", e.URL
	case api.ErrBaseURLScheme:
		name, data = "config.scheme", e.URL
	case api.ErrLinkHostEntry:
		name, data = "config.linkhost", e.Host
	case api.ErrLinkHost:
		name, data = "linkcheck.host", e.Host
	case api.ErrLinkScheme:
		name, data = "linkcheck.scheme", e.Scheme
	case api.ErrTooManyPages:
		name, data = "paging.toomany", e.Pages
	case api.ErrNameCaseUnconfirmed:
		name, data = "company.caseunconfirmed", e.Listed
	case api.ErrNextPageNotURL:
		name, data = "paging.noturl", e.Link
	case api.ErrNextPageHost:
		name, data = "paging.host", assets.Vars{"Host": e.Host, "Want": e.Want}
	case api.ErrNextPageList:
		name, data = "paging.list", e.Path
	case webhook.ErrSecretTooShort:
		name, data = "secret.short", assets.Vars{"Got": e.Got, "Need": e.Need}
	case webhook.ErrReceiverPath:
		name, data = "webhook.path", e.Path
	default:
		return "", false
	}
	return assets.Text(name, data), true
}
