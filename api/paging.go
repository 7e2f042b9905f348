package api

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// listAll fetches every page of a list. It follows _links.next when Codat
// gives one (after checking that it stays on the same list at the base URL),
// otherwise asks for the next page number while totalResults says there is
// more. paged is false for lists that take no paging parameters.
func listAll[T any](ctx context.Context, c *Client, cl call, paged bool) ([]T, error) {
	all, more, err := listUpTo[T](ctx, c, cl, paged, maxPages)
	if err == nil && more {
		return nil, &OpError{cl.op, ErrTooManyPages{maxPages}}
	}
	return all, err
}

// listUpTo is listAll stopping after limit pages: more says the list goes
// on beyond them.
func listUpTo[T any](ctx context.Context, c *Client, cl call, paged bool, limit int) (all []T, more bool, err error) {
	if paged {
		q := url.Values{}
		for k, v := range cl.query {
			q[k] = v
		}
		q.Set("page", "1")
		if q.Get("pageSize") == "" {
			q.Set("pageSize", fmt.Sprint(defaultPageSize))
		}
		cl.query = q
	}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		if n > limit {
			return all, true, nil
		}
		current := cl.target
		if current == nil {
			current = c.endpointURL(cl.path, cl.query)
		}
		seen[current.String()] = true

		var p page[T]
		if err := c.do(ctx, cl, &p); err != nil {
			return nil, false, err
		}
		all = append(all, p.Results...)
		if !paged {
			return all, false, nil
		}
		switch {
		case p.Links.Next != nil && p.Links.Next.Href != "":
			next, err := c.resolveNext(current, p.Links.Next.Href)
			if err != nil {
				return nil, false, &OpError{cl.op, err}
			}
			if seen[next.String()] {
				return nil, false, &OpError{cl.op, ErrNextPageSeen}
			}
			cl.target = next
		case len(p.Results) > 0 && len(all) < p.TotalResults:
			q := url.Values{}
			for k, v := range cl.query {
				q[k] = v
			}
			q.Set("page", fmt.Sprint(n+1))
			cl.query, cl.target = q, nil
		default:
			return all, false, nil
		}
	}
}

// resolveNext turns a next-page href into a URL, accepting it only when it
// stays on the base URL's scheme and host and on the same list path. Codat
// writes hrefs relative to the API root, so a base path prefix is added.
func (c *Client) resolveNext(current *url.URL, href string) (*url.URL, error) {
	ref, err := url.Parse(href)
	if err != nil {
		return nil, ErrNextPageNotURL{Sanitize(href)}
	}
	prefix := c.base.EscapedPath()
	if !ref.IsAbs() && ref.Host == "" && strings.HasPrefix(ref.Path, "/") && prefix != "" &&
		!strings.HasPrefix(ref.Path, c.base.Path+"/") {
		ref.Path = c.base.Path + ref.Path
		ref.RawPath = ""
	}
	next := current.ResolveReference(ref)
	next.Fragment = ""
	if !strings.EqualFold(next.Scheme, c.base.Scheme) || !strings.EqualFold(next.Host, c.base.Host) || next.User != nil {
		return nil, ErrNextPageHost{Host: Sanitize(next.Host), Want: c.base.Host}
	}
	if next.EscapedPath() != current.EscapedPath() {
		return nil, ErrNextPageList{current.Path}
	}
	return next, nil
}
