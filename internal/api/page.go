package api

import (
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
	Items []T    `json:"items" doc:"This page's items."`
	Next  string `json:"next" doc:"Pass as ?after= for the next page; empty on the last page."`
}

// PageQuery is the pagination convention's input, embedded in list inputs.
type PageQuery struct {
	Limit int    `query:"limit" minimum:"1" maximum:"1000" default:"50" doc:"Items per page."`
	After string `query:"after" doc:"The cursor from the previous page's next."`
}

// cursor is After as the services' id cursor.
func (q PageQuery) cursor() (int64, error) {
	if q.After == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(q.After, 10, 64)
	if err != nil || n <= 0 {
		return 0, regbox.FieldError("after", "is not a cursor from a previous page's next: %q", q.After)
	}
	return n, nil
}

// pageOutput is a list's answer.
type pageOutput[T any] struct {
	Body Page[T]
}

// newPage makes a page; next is the services' cursor, 0 on the last page.
func newPage[T any](items []T, next int64) *pageOutput[T] {
	if items == nil {
		items = []T{}
	}
	p := Page[T]{Items: items}
	if next != 0 {
		p.Next = strconv.FormatInt(next, 10)
	}
	return &pageOutput[T]{Body: p}
}

// bodyOutput is an answer with a JSON body.
type bodyOutput[T any] struct {
	Body T
}

func body[T any](v T) *bodyOutput[T] { return &bodyOutput[T]{Body: v} }
