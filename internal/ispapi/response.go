package ispapi

// Notes about ISPAPI responses (spec §2; SDK parsers GO4 responseparser, PHP11
// ResponseParser, NODE9 responseparser.ts):
//   - plain text "[RESPONSE]" ... "EOF", CRLF (LF accepted), one KEY=VALUE per line;
//     blanks around "=" and at the end of a value are not part of it;
//   - PROPERTY[NAME][i]=value appends to column NAME (upper-cased, blanks removed);
//     the [i] is ignored, line order defines the index, as in every SDK;
//   - other keys are top-level: CODE, DESCRIPTION, QUEUETIME, RUNTIME, PENDING;
//   - the real API writes properties, then DESCRIPTION, CODE, QUEUETIME, RUNTIME.
//
// Parsing keeps every value as a substring of the body: a 4 MB list costs the column
// slices and nothing per cell.

import (
	"io"
	"slices"
	"strconv"
	"strings"
)

// Column is one PROPERTY of a response: its name and values in index order.
type Column struct {
	Name   string
	Values []string
}

// Response is a parsed or built ISPAPI response. Responses are immutable once
// returned by the client and safe for concurrent reads.
type Response struct {
	raw      string         // the body as received, or a template's SDK string
	local    bool           // made here (a template), not received from the API
	code     int            // CODE, 0 when missing
	fields   []Param        // top-level lines in order, CODE and DESCRIPTION included
	cols     []Column       // properties in order of first appearance
	colIndex map[string]int // column name → index in cols, once there are many columns
	longest  int            // length of the longest column (a sizing hint while parsing)
	arena    []string       // backing store of single-valued columns (see oneValue)
	detail   string         // local diagnostic: why the body was invalid, the transport error
	command  *Command       // the command that produced it, as sent (Command masks it), if known
}

// NewResponse returns a response with the given code and description; an empty
// description becomes the standard text for the code, so an encoded response always
// carries one.
func NewResponse(code int, description string) *Response {
	if description == "" {
		description = StandardDescription(code)
	}
	r := &Response{code: code}
	r.fields = append(r.fields, Param{"DESCRIPTION", description}, Param{"CODE", strconv.Itoa(code)})
	return r
}

// ParseResponse parses a response body. It never fails: an empty body becomes the
// "empty" template, and a body that is not a complete ISPAPI response (no
// "[RESPONSE]" header or "EOF" trailer, no valid CODE, no DESCRIPTION) becomes the
// "invalid" template, with Detail saying what was wrong.
func ParseResponse(raw string) *Response {
	if strings.TrimSpace(raw) == "" {
		return Template(TemplateEmpty, nil)
	}
	r := &Response{raw: raw, cols: make([]Column, 0, 16)}
	if reason := r.parse(raw); reason != "" {
		t := Template(TemplateInvalid, nil)
		t.detail = reason + "; body starts " + strconv.Quote(snippet(raw, 80))
		return t
	}
	return r
}

// parse fills r from body and returns "" or the reason the body is not a response.
func (r *Response) parse(body string) string {
	var (
		header, eof bool
		last        = -1 // index of the column of the previous property line
	)
	for len(body) > 0 {
		var line string
		line, body = cutLine(body)
		if header && !eof {
			prev := ""
			if last >= 0 {
				prev = r.cols[last].Name
			}
			if name, value, ok := canonicalProperty(line, prev); ok {
				if name != prev {
					last = r.column(name)
				}
				body = r.appendRun(last, value, body)
				continue
			}
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			switch t := strings.TrimSpace(line); {
			case t == "":
			case !header && strings.EqualFold(t, "[RESPONSE]"):
				header = true
			case header && !eof && strings.EqualFold(t, "EOF"):
				eof = true
			case !header:
				return "no [RESPONSE] header"
			case body == "" && !eof:
				return "no EOF line (truncated response)"
			default:
				return "unexpected line " + strconv.Quote(snippet(t, 40))
			}
			continue
		}
		if !header {
			return "no [RESPONSE] header"
		}
		if eof {
			return "content after EOF"
		}
		key, value := trimBlanks(line[:eq]), trimBlanks(line[eq+1:])
		if key == "" {
			return "a line with an empty key"
		}
		if name, ok := propertyName(key); ok {
			if last < 0 || r.cols[last].Name != name {
				last = r.column(normalizeName(name))
			}
			body = r.appendRun(last, value, body)
			continue
		}
		r.setField(strings.ToUpper(key), value)
	}
	switch {
	case !header:
		return "no [RESPONSE] header"
	case !eof:
		return "no EOF line (truncated response)"
	}
	return r.checkStatus()
}

// checkStatus validates CODE and DESCRIPTION and caches the code.
func (r *Response) checkStatus() string {
	c, ok := r.lookupField("CODE")
	if !ok {
		return "no CODE"
	}
	code, err := strconv.Atoi(c)
	if err != nil || code < 100 || code > 999 {
		return "CODE " + strconv.Quote(c) + " is not a three-digit number"
	}
	if d, _ := r.lookupField("DESCRIPTION"); d == "" {
		return "no DESCRIPTION"
	}
	r.code = code
	return ""
}

// canonicalProperty parses the shape the API writes, "PROPERTY[NAME][i]=value" with
// an upper-case NAME, in one pass; anything else is left to the general path. prev
// is the previous line's name: consecutive lines nearly always repeat it, and then
// one comparison replaces scanning and checking the name.
func canonicalProperty(line, prev string) (name, value string, ok bool) {
	const p = "PROPERTY["
	if len(line) < len(p)+5 || line[:len(p)] != p {
		return "", "", false
	}
	rest := line[len(p):]
	if n := len(prev); n > 0 && len(rest) > n && rest[n] == ']' && rest[:n] == prev {
		name, rest = prev, rest[n+1:]
	} else {
		end := strings.IndexByte(rest, ']')
		if end <= 0 || !isCanonicalName(rest[:end]) {
			return "", "", false
		}
		name, rest = rest[:end], rest[end+1:]
	}
	if len(rest) < 3 || rest[0] != '[' {
		return "", "", false
	}
	value, ok = indexedValue(rest[1:])
	return name, value, ok
}

// indexedValue parses the tail "i]=value" of a property line. The index is checked
// for shape only: line order defines it, as in every SDK.
func indexedValue(rest string) (string, bool) {
	j := 0
	for j < len(rest) && rest[j]-'0' < 10 {
		j++
	}
	if j == 0 || j+1 >= len(rest) || rest[j] != ']' || rest[j+1] != '=' {
		return "", false
	}
	value := rest[j+2:]
	if n := len(value); n > 0 && (value[0] == ' ' || value[0] == '\t' || value[n-1] == ' ' || value[n-1] == '\t') {
		value = trimBlanks(value)
	}
	return value, true
}

// isCanonicalName reports a property name that needs no normalising: no lower-case
// letters, blanks, control characters or "=".
func isCanonicalName(name string) bool {
	for i := 0; i < len(name); i++ {
		if ch := name[i]; ch == '=' || ch <= ' ' || ('a' <= ch && ch <= 'z') {
			return false
		}
	}
	return true
}

// cutLine splits off body's first line, without its CR LF or LF.
func cutLine(body string) (line, rest string) {
	if i := strings.IndexByte(body, '\n'); i >= 0 {
		line, rest = body[:i], body[i+1:]
	} else {
		line = body
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, rest
}

// appendRun appends value to column i, then every following canonical line of the
// same column (the API writes a column's lines together), and returns the rest of
// the body. A column that gets a second value is sized like the longest column so
// far: the columns of a list have one length, so a list's columns after the first
// are allocated once.
func (r *Response) appendRun(i int, value, body string) string {
	c := &r.cols[i]
	vals := c.Values
	switch {
	case len(vals) == 0:
		vals = r.oneValue(value)
	case len(vals) == 1 && cap(vals) == 1 && r.longest > 2:
		vals = append(append(make([]string, 0, r.longest), vals[0]), value)
	default:
		vals = append(vals, value)
	}
	prefix := "PROPERTY[" + c.Name + "][" // short names concatenate on the stack
	for len(body) > 0 {
		line, rest := cutLine(body)
		if len(line) <= len(prefix) || line[:len(prefix)] != prefix {
			break
		}
		v, ok := indexedValue(line[len(prefix):])
		if !ok {
			break
		}
		if len(vals) == 1 && r.longest > 2 {
			vals = append(make([]string, 0, r.longest), vals[0])
		}
		vals = append(vals, v)
		body = rest
	}
	c.Values = vals
	r.longest = max(r.longest, len(vals))
	return body
}

// propertyName returns NAME from a key "PROPERTY[NAME][i]" (any case).
func propertyName(key string) (string, bool) {
	const p = "PROPERTY["
	if len(key) <= len(p) || !strings.EqualFold(key[:len(p)], p) {
		return "", false
	}
	end := strings.IndexByte(key[len(p):], ']')
	if end < 0 {
		return "", false
	}
	return key[len(p) : len(p)+end], true
}

// normalizeName upper-cases a property name and removes its whitespace, as the SDKs
// do; it allocates only when something changes.
func normalizeName(name string) string {
	for i := 0; i < len(name); i++ {
		if ch := name[i]; ('a' <= ch && ch <= 'z') || ch <= ' ' {
			return strings.ToUpper(strings.Join(strings.Fields(name), ""))
		}
	}
	return name
}

// isBlank reports a value that is empty once CR and LF are dropped and blanks
// trimmed: as a DESCRIPTION, the SDKs would reject it.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

func trimBlanks(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

func snippet(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// column returns the index of column name, adding it when new. Small responses
// find columns by a linear scan; past mapColumns columns an index map is built once.
func (r *Response) column(name string) int {
	if i, ok := r.findColumn(name); ok {
		return i
	}
	r.cols = append(r.cols, Column{Name: name})
	i := len(r.cols) - 1
	switch {
	case r.colIndex != nil:
		r.colIndex[name] = i
	case len(r.cols) > mapColumns:
		r.colIndex = make(map[string]int, 2*len(r.cols))
		for j, c := range r.cols {
			r.colIndex[c.Name] = j
		}
	}
	return i
}

// mapColumns is the number of columns up to which a linear scan beats a map.
const mapColumns = 16

// findColumn returns the index of column name.
func (r *Response) findColumn(name string) (int, bool) {
	if r.colIndex != nil {
		i, ok := r.colIndex[name]
		return i, ok
	}
	for i := range r.cols {
		if r.cols[i].Name == name {
			return i, true
		}
	}
	return 0, false
}

func (r *Response) setField(key, value string) {
	for i := range r.fields {
		if r.fields[i].Key == key {
			r.fields[i].Value = value
			return
		}
	}
	r.fields = append(r.fields, Param{key, value})
}

func (r *Response) lookupField(key string) (string, bool) {
	for _, f := range r.fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// Add appends values to property name (upper-cased, blanks removed), for building
// responses.
func (r *Response) Add(name string, values ...string) *Response {
	i := r.column(normalizeName(name))
	if len(r.cols[i].Values) == 0 && len(values) == 1 {
		r.cols[i].Values = r.oneValue(values[0])
		return r
	}
	r.cols[i].Values = append(r.cols[i].Values, values...)
	return r
}

// Grow makes room for n more columns, for builders that know their size.
func (r *Response) Grow(n int) *Response {
	r.cols = slices.Grow(r.cols, n)
	if cap(r.arena)-len(r.arena) < n {
		r.arena = make([]string, 0, n)
	}
	return r
}

// oneValue returns a one-value slice for a new column, carved from a shared backing
// array, so that a response of many single-valued columns (StatusDomain has about
// 45) costs a few allocations instead of one per column. Its capacity is 1: a column
// that grows copies itself out, and a full block is replaced, never moved.
func (r *Response) oneValue(v string) []string {
	if len(r.arena) == cap(r.arena) {
		r.arena = make([]string, 0, max(8, 2*cap(r.arena)))
	}
	r.arena = append(r.arena, v)
	n := len(r.arena)
	return r.arena[n-1 : n : n]
}

// SetColumn replaces the values of property name.
func (r *Response) SetColumn(name string, values ...string) *Response {
	i := r.column(normalizeName(name))
	r.cols[i].Values = append([]string(nil), values...)
	return r
}

// SetField sets a top-level key (QUEUETIME, RUNTIME, PENDING, ...). Setting CODE
// changes the code as well.
func (r *Response) SetField(key, value string) *Response {
	key = strings.ToUpper(key)
	r.setField(key, value)
	if key == "CODE" {
		r.code, _ = strconv.Atoi(value)
	}
	return r
}

// Encode returns the response as the real API writes it: "[RESPONSE]", the
// properties in order, DESCRIPTION, CODE, the other top-level keys, "EOF", each line
// ending in CRLF. CR and LF inside values are dropped.
func (r *Response) Encode() string { return string(r.AppendEncoded(nil)) }

// WriteTo writes the encoded response to w.
func (r *Response) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(r.AppendEncoded(nil))
	return int64(n), err
}

// AppendEncoded appends the encoded response to b.
func (r *Response) AppendEncoded(b []byte) []byte {
	b = append(b, "[RESPONSE]\r\n"...)
	for _, c := range r.cols {
		for i, v := range c.Values {
			b = append(b, "PROPERTY["...)
			b = append(b, c.Name...)
			b = append(b, "]["...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, "]="...)
			b = appendStripCRLF(b, v)
			b = append(b, "\r\n"...)
		}
	}
	line := func(k, v string) {
		b = append(b, k...)
		b = append(b, '=')
		b = appendStripCRLF(b, v)
		b = append(b, "\r\n"...)
	}
	d, _ := r.lookupField("DESCRIPTION")
	if isBlank(d) {
		d = StandardDescription(r.code) // the SDKs reject a response without one
	}
	line("DESCRIPTION", d)
	line("CODE", strconv.Itoa(r.code))
	for _, f := range r.fields {
		if f.Key != "CODE" && f.Key != "DESCRIPTION" {
			line(f.Key, f.Value)
		}
	}
	return append(b, "EOF\r\n"...)
}
