package store

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/regbox/regbox"
)

// The logs are paged by keyset, newest first: a page holds the entries with an id
// below a cursor, and the cursor of the next page is the last id shown. Unlike
// LIMIT/OFFSET, a page costs the same however deep it is (an index seek, not a
// scan of every row before it), and entries appended while an admin pages through
// the log do not shift the pages: nothing is shown twice or skipped. The price:
// pages are reached by following Next, not by number.

// Page limits.
const (
	DefaultLimit = 50   // entries per page when a filter's Limit is 0
	MaxLimit     = 1000 // the most entries a page holds
)

// maxText bounds the text fields of filters and log entries (not details and
// parameters, which have their own bounds).
const maxText = 255

// Page is one page of a log, newest first.
type Page[T any] struct {
	Items []T
	// Next is the cursor of the following (older) page: pass it as the filter's
	// Before. It is 0 on the last page.
	Next int64
}

// Range is the part of a log filter that bounds by time and pages.
type Range struct {
	Since  time.Time // entries at or after this time (zero: no bound)
	Until  time.Time // entries before this time (zero: no bound)
	Before int64     // cursor: entries with an id below it, from a Page's Next (0: from the newest)
	Limit  int       // entries per page: 0 means DefaultLimit, at most MaxLimit
}

// validate checks the range; errors name the field.
func (r Range) validate() error {
	switch {
	case r.Limit < 0 || r.Limit > MaxLimit:
		return regbox.FieldError("limit", "must be between 1 and %d, not %d", MaxLimit, r.Limit)
	case r.Before < 0:
		return regbox.FieldError("before", "must be a cursor from a previous page, not %d", r.Before)
	case !r.Since.IsZero() && !r.Until.IsZero() && !r.Since.Before(r.Until):
		return regbox.FieldError("until", "must be after since")
	}
	return nil
}

// limit returns the page size.
func (r Range) limit() int {
	if r.Limit == 0 {
		return DefaultLimit
	}
	return r.Limit
}

// where collects the conditions of a query, with "?" placeholders.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// eq adds "col = v" when v is not empty.
func (w *where) eq(col, v string) {
	if v != "" {
		w.add(col+" = ?", v)
	}
}

// rangeConds adds the conditions of r on created_at and id.
func (w *where) rangeConds(d Dialect, r Range) {
	if !r.Since.IsZero() {
		w.add("created_at >= ?", d.dbTime(r.Since))
	}
	if !r.Until.IsZero() {
		w.add("created_at < ?", d.dbTime(r.Until))
	}
	if r.Before > 0 {
		w.add("id < ?", r.Before)
	}
}

// String returns the WHERE clause, or "" for no conditions.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// checkText returns a FieldError when v is too long or not UTF-8.
func checkText(field, v string) error {
	if len(v) > maxText {
		return regbox.FieldError(field, "must be at most %d bytes long", maxText)
	}
	if !utf8.ValidString(v) {
		return regbox.FieldError(field, "must be UTF-8 text")
	}
	return nil
}

// checkTexts checks pairs of field name and value with checkText.
func checkTexts(fieldValues ...string) error {
	for i := 0; i+1 < len(fieldValues); i += 2 {
		if err := checkText(fieldValues[i], fieldValues[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// page cuts the rows fetched with limit+1 into a page.
func page[T any](items []T, limit int, id func(T) int64) Page[T] {
	if len(items) <= limit {
		return Page[T]{Items: items}
	}
	items = items[:limit]
	return Page[T]{Items: items, Next: id(items[limit-1])}
}
