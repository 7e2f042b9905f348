package api

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// A create (a POST) is never sent twice by the retry loop in do: its answer
// may be lost, late or refused after Codat acted. createLookingFirst decides
// instead, looking for what the create may have made before sending it again.

// recheckTimeout bounds the looking again for what a create may have made,
// once the caller's own deadline has passed.
const recheckTimeout = 15 * time.Second

// settleWaits are the pauses between looks when a create got no answer at
// all: Codat may still be working on it, and what it makes shows up a
// moment later. A create that ends later still is found by the next run,
// which looks before it creates.
var settleWaits = []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second}

// createLookingFirst sends create and, when it fails in a way that leaves
// open whether Codat acted (see ambiguousFailure), looks with find for what
// it may have made. What find finds is returned as made by this call. The
// create is sent again only after a 429, only when the look succeeded and
// found nothing, and only within the client's attempts, its cap on a wait,
// and ctx's deadline; otherwise the create's own error is returned.
func createLookingFirst[T any](ctx context.Context, c *Client, create func(context.Context) (T, error), find func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	for attempt := 1; ; attempt++ {
		made, err := create(ctx)
		if err == nil || !ambiguousFailure(err) {
			return made, err
		}
		found, ok, lookErr := lookAgain(ctx, c, err, find)
		if ok {
			return found, nil
		}
		wait, again := c.resendWait(ctx, err, attempt)
		if lookErr != nil || !again {
			return zero, err
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			return zero, err
		}
	}
}

// lookAgain runs find after a create failed with createErr, never once ctx
// is cancelled (the person quit). A passed deadline is often the very thing
// that cut the create short, so the looking runs on a short deadline of its
// own: giving up at once would leave a company behind that a retry creates
// again. When the create got no answer, it looks a few times over a few
// seconds, as Codat may still be acting on it.
func lookAgain[T any](ctx context.Context, c *Client, createErr error, find func(context.Context) (T, bool, error)) (T, bool, error) {
	var zero T
	if errors.Is(ctx.Err(), context.Canceled) {
		return zero, false, ctx.Err()
	}
	lookCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recheckTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		if errors.Is(ctx.Err(), context.Canceled) {
			cancel()
		}
	})
	defer stop()
	var waits []time.Duration
	if noAnswer(createErr) {
		waits = settleWaits
	}
	for i := 0; ; i++ {
		match, ok, err := find(lookCtx)
		if err != nil || ok || i >= len(waits) {
			return match, ok, err
		}
		if err := c.sleep(lookCtx, waits[i]); err != nil {
			return zero, false, err
		}
	}
}

// resendWait says whether a create that failed with err on this attempt may
// be sent again once a look found nothing, and after how long: only a 429,
// Codat's "too many requests", invites that, and only when the wait fits the
// client's cap and ctx's deadline.
func (c *Client) resendWait(ctx context.Context, err error, attempt int) (time.Duration, bool) {
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusTooManyRequests || attempt >= c.maxAttempts || ctx.Err() != nil {
		return 0, false
	}
	now := c.now()
	wait := c.backoff(attempt)
	if !e.RetryAt.IsZero() {
		wait = max(e.RetryAt.Sub(now), 0)
	}
	if wait > c.maxWait {
		return 0, false
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(wait).After(deadline) {
		return 0, false
	}
	return wait, true
}

// ambiguousFailure reports whether a failed write may nevertheless have
// happened: the answer was lost, broken, unreadable, a server error, or a
// 429 (a rate limit in front of Codat may refuse the answer after the work).
func ambiguousFailure(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch {
	case e.Status == 0:
		return e.Err != nil
	case e.Status >= 200 && e.Status < 300:
		return true // done, but the answer could not be read
	case e.Status == http.StatusRequestTimeout, e.Status == http.StatusTooManyRequests:
		return true
	case e.Status >= 500:
		return true
	}
	return false
}

// noAnswer reports whether a write failed without any answer from Codat, or
// with a gateway's word that Codat did not answer in time: it may still be
// acting on the request.
func noAnswer(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Status == 0 && e.Err != nil || e.Status == http.StatusRequestTimeout || e.Status == http.StatusGatewayTimeout
}
