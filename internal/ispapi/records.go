package ispapi

import (
	"strconv"
	"strings"
)

// Code returns CODE (the template code for local failures).
func (r *Response) Code() int { return r.code }

// Description returns DESCRIPTION.
func (r *Response) Description() string { d, _ := r.lookupField("DESCRIPTION"); return d }

// Detail returns a local diagnostic for responses made here rather than received:
// the transport error, or why a body was not a valid response. It is "" otherwise.
func (r *Response) Detail() string { return r.detail }

// Field returns a top-level value (CODE, DESCRIPTION, QUEUETIME, RUNTIME, PENDING, ...).
func (r *Response) Field(key string) string { v, _ := r.lookupField(strings.ToUpper(key)); return v }

// Fields returns the top-level lines in order.
func (r *Response) Fields() []Param { return append([]Param(nil), r.fields...) }

// QueueTime returns QUEUETIME in seconds (0 when missing).
func (r *Response) QueueTime() float64 { return r.floatField("QUEUETIME") }

// RunTime returns RUNTIME in seconds (0 when missing).
func (r *Response) RunTime() float64 { return r.floatField("RUNTIME") }

func (r *Response) floatField(key string) float64 {
	f, _ := strconv.ParseFloat(r.Field(key), 64)
	return f
}

// IsSuccess reports a 2xx code.
func (r *Response) IsSuccess() bool { return IsSuccess(r.code) }

// IsTemporaryError reports a 4xx code: the command failed but may succeed if retried.
func (r *Response) IsTemporaryError() bool { return IsTemporary(r.code) }

// IsError reports a 5xx code: the command was refused.
func (r *Response) IsError() bool { return IsPermanent(r.code) }

// IsPending reports PENDING=1: the operation continues asynchronously.
func (r *Response) IsPending() bool { return r.Field("PENDING") == "1" }

// Err returns nil for a successful response and an *Error otherwise.
func (r *Response) Err() error {
	if r.IsSuccess() {
		return nil
	}
	e := &Error{Code: r.code, Description: r.Description(), Detail: r.detail}
	if r.command != nil {
		e.Command = r.command.Name()
	}
	return e
}

// Command returns the command that produced the response, secrets masked, or nil.
func (r *Response) Command() *Command {
	if r.command == nil {
		return nil
	}
	return r.command.Masked()
}

// Raw returns the body as received ("" for built and local responses).
func (r *Response) Raw() string {
	if r.local {
		return ""
	}
	return r.raw
}

// IsLocal reports a response made by this package (a template for a transport
// failure or an invalid body) rather than received from the API.
func (r *Response) IsLocal() bool { return r.local }

// Plain returns the body as received, a template's SDK string, or the encoded form
// of a built response.
func (r *Response) Plain() string {
	if r.raw != "" {
		return r.raw
	}
	return r.Encode()
}

// Masked returns the plain response with secret property values (AUTH, SESSION,
// passwords) replaced by "***", for logs.
func (r *Response) Masked() string {
	secret := false
	for _, c := range r.cols {
		secret = secret || IsSecretKey(c.Name)
	}
	if !secret {
		return r.Plain()
	}
	m := *r
	m.cols = make([]Column, len(r.cols))
	for i, c := range r.cols {
		m.cols[i] = c
		if IsSecretKey(c.Name) {
			m.cols[i].Values = make([]string, len(c.Values))
			for j := range c.Values {
				m.cols[i].Values[j] = mask
			}
		}
	}
	return m.Encode()
}

// ColumnNames returns the property names in order of first appearance.
func (r *Response) ColumnNames() []string {
	names := make([]string, len(r.cols))
	for i, c := range r.cols {
		names[i] = c.Name
	}
	return names
}

// Columns returns the properties in order. The value slices are shared: do not modify.
func (r *Response) Columns() []Column { return append([]Column(nil), r.cols...) }

// Column returns the values of property name (any case), nil when absent. The slice
// is shared: do not modify it.
func (r *Response) Column(name string) []string {
	if i, ok := r.findColumn(name); ok {
		return r.cols[i].Values
	}
	if i, ok := r.findColumn(normalizeName(name)); ok {
		return r.cols[i].Values
	}
	return nil
}

// HasColumn reports whether property name is present.
func (r *Response) HasColumn(name string) bool { return r.Column(name) != nil }

// Value returns value i of property name, "" when absent.
func (r *Response) Value(name string, i int) string {
	if vs := r.Column(name); i >= 0 && i < len(vs) {
		return vs[i]
	}
	return ""
}

// Get returns the first value of property name, "" when absent.
func (r *Response) Get(name string) string { return r.Value(name, 0) }

// listMeta are the single-valued columns of list responses.
var listMeta = map[string]bool{"FIRST": true, "LAST": true, "COUNT": true, "TOTAL": true, "LIMIT": true}

// RecordCount returns the number of records: the length of the longest column other
// than the list meta columns FIRST, LAST, COUNT, TOTAL and LIMIT.
func (r *Response) RecordCount() int {
	n := 0
	for _, c := range r.cols {
		if len(c.Values) > n && !listMeta[c.Name] {
			n = len(c.Values)
		}
	}
	return n
}

// Record returns record i: every column's value at index i (so the list meta columns
// appear in record 0, as in the SDKs), or nil when i is out of range.
func (r *Response) Record(i int) map[string]string {
	if i < 0 || i >= r.RecordCount() {
		return nil
	}
	rec := make(map[string]string, len(r.cols))
	for _, c := range r.cols {
		if i < len(c.Values) {
			rec[c.Name] = c.Values[i]
		}
	}
	return rec
}

// Records returns every record.
func (r *Response) Records() []map[string]string {
	recs := make([]map[string]string, r.RecordCount())
	for i := range recs {
		recs[i] = r.Record(i)
	}
	return recs
}

func (r *Response) metaInt(name string) (int, bool) {
	n, err := strconv.Atoi(r.Get(name))
	return n, err == nil
}

// First returns FIRST, the index of the first record in the whole list (0 without it).
func (r *Response) First() int { n, _ := r.metaInt("FIRST"); return n }

// Count returns COUNT, else the number of records.
func (r *Response) Count() int {
	if n, ok := r.metaInt("COUNT"); ok {
		return n
	}
	return r.RecordCount()
}

// Last returns LAST, else First()+Count()-1.
func (r *Response) Last() int {
	if n, ok := r.metaInt("LAST"); ok {
		return n
	}
	return r.First() + r.Count() - 1
}

// Total returns TOTAL, the number of entries the query found, else Count().
func (r *Response) Total() int {
	if n, ok := r.metaInt("TOTAL"); ok {
		return n
	}
	return r.Count()
}

// Limit returns LIMIT, else Count().
func (r *Response) Limit() int {
	if n, ok := r.metaInt("LIMIT"); ok {
		return n
	}
	return r.Count()
}

// CurrentPage returns the 1-based page number: FIRST/LIMIT+1 (1 without a limit).
func (r *Response) CurrentPage() int {
	if l := r.Limit(); l > 0 {
		return r.First()/l + 1
	}
	return 1
}

// PageCount returns ⌈TOTAL/LIMIT⌉ (0 without a limit).
func (r *Response) PageCount() int {
	if l := r.Limit(); l > 0 {
		return (r.Total() + l - 1) / l
	}
	return 0
}

// NextPageFirst returns the FIRST of the next page and whether there is one: FIRST
// plus LIMIT, while below TOTAL.
func (r *Response) NextPageFirst() (int, bool) {
	l := r.Limit()
	next := r.First() + l
	return next, l > 0 && next < r.Total()
}

// HasNextPage reports whether a page follows this one.
func (r *Response) HasNextPage() bool { _, ok := r.NextPageFirst(); return ok }
