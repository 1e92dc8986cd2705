package ispapi

import (
	"context"
	"errors"
	"strconv"
	"sync"
)

// ErrLastPage is returned by NextPage when the previous response was the last page.
var ErrLastPage = errors.New("ispapi: no further page")

// NextPage sends cmd again for the page after prev (FIRST = prev's FIRST + LIMIT).
// It returns ErrLastPage when prev was the last page, and refuses commands that
// page by LAST, as the SDKs do.
func (c *Client) NextPage(ctx context.Context, cmd *Command, prev *Response) (*Response, error) {
	if _, ok := cmd.Lookup("LAST"); ok {
		return nil, &ParamError{Key: "LAST", Reason: "paging is by FIRST and LIMIT; remove LAST"}
	}
	first, ok := prev.NextPageFirst()
	if !ok {
		return nil, ErrLastPage
	}
	next := cmd.Clone().SetInt("FIRST", first)
	if _, ok := next.Lookup("LIMIT"); !ok {
		next.SetInt("LIMIT", prev.Limit())
	}
	return c.Call(ctx, next)
}

// AllPages sends cmd with FIRST=0 and LIMIT=pageSize, then fetches every further
// page the first response's TOTAL announces, at most PageConcurrency at a time, and
// returns the pages in order. It fails with the first error met.
func (c *Client) AllPages(ctx context.Context, cmd *Command, pageSize int) ([]*Response, error) {
	if pageSize <= 0 {
		return nil, &ParamError{Key: "LIMIT", Reason: "the page size must be positive, got " + strconv.Itoa(pageSize)}
	}
	if _, ok := cmd.Lookup("LAST"); ok {
		return nil, &ParamError{Key: "LAST", Reason: "paging is by FIRST and LIMIT; remove LAST"}
	}
	base := cmd.Clone().SetInt("LIMIT", pageSize)
	first, err := c.Call(ctx, base.Clone().SetInt("FIRST", 0))
	if err != nil {
		return []*Response{first}, err
	}
	// Step by the LIMIT the server applied: it may cap the page size asked for.
	step := first.Limit()
	var starts []int
	for at, ok := first.NextPageFirst(); ok && step > 0; at += step {
		starts = append(starts, at)
		ok = at+step < first.Total()
	}
	base.SetInt("LIMIT", step)
	rest := make([]*Response, len(starts))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		failed   = len(starts) // index of the page that failed first
		sem      = make(chan struct{}, c.cfg.PageConcurrency)
	)
	for i, at := range starts {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			r, err := c.Call(ctx, base.Clone().SetInt("FIRST", at))
			rest[i] = r
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr, failed = err, i
					cancel()
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	pages := append([]*Response{first}, rest[:min(failed+1, len(rest))]...)
	if firstErr != nil {
		return pages, firstErr
	}
	return pages, nil
}
