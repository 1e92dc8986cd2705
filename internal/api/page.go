package api

import (
	"net/http"
	"strconv"

	"github.com/regbox/regbox"
)

// Page limits of every list.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Page is one page of a list: the items and the cursor of the next page, empty
// on the last one. Cursors are opaque to clients.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
}

// pageParams reads ?limit= and ?after= (an id cursor, as the services page by id).
func pageParams(r *http.Request) (limit int, after int64, err error) {
	q := r.URL.Query()
	limit = DefaultLimit
	if s := q.Get("limit"); s != "" {
		limit, err = strconv.Atoi(s)
		if err != nil || limit < 1 || limit > MaxLimit {
			return 0, 0, regbox.FieldError("limit", "must be a number from 1 to %d, not %q", MaxLimit, s)
		}
	}
	if s := q.Get("after"); s != "" {
		after, err = strconv.ParseInt(s, 10, 64)
		if err != nil || after < 0 {
			return 0, 0, regbox.FieldError("after", "is not a cursor from a previous page's next: %q", s)
		}
	}
	return limit, after, nil
}

// newPage makes a page; next is the services' cursor, 0 on the last page.
func newPage[T any](items []T, next int64) Page[T] {
	if items == nil {
		items = []T{}
	}
	p := Page[T]{Items: items}
	if next != 0 {
		p.Next = strconv.FormatInt(next, 10)
	}
	return p
}
