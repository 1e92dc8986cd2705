package backorder

// The pending-delete list as the registrar publishes it: a CSV of lines
// "fqdn;drop date" (HEXONET's pending_delete_domain_list.csv, zipped as
// pending_delete_domain_list.csv.zip; spec backorder.md §1.4). Names are split
// at the first dot into label and zone, as the module does; drop dates are UTC.
//
// Import is an upsert: a changed drop date replaces the old one (the module's
// INSERT IGNORE never did), and rows the import did not see, or whose drop has
// passed, are removed.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/regbox/regbox"
	"golang.org/x/net/idna"
)

// Entry is one name on the drop list, with the label's statistics.
type Entry struct {
	Label   string
	Zone    string
	DropAt  time.Time
	Length  int // characters of the label
	Letters int
	Digits  int
	Hyphens int
	IDN     bool // an xn-- label or one with non-ASCII characters
}

// FQDN returns label.zone.
func (e Entry) FQDN() string { return e.Label + "." + e.Zone }

// Unicode returns label.zone for display: IDN labels in Unicode.
func (e Entry) Unicode() string { return UnicodeName(e.FQDN()) }

// UnicodeName returns an ACE domain name with its xn-- labels in Unicode (a
// label that does not decode stays as it is).
func UnicodeName(fqdn string) string {
	if !strings.Contains(fqdn, "xn--") {
		return fqdn
	}
	labels := strings.Split(fqdn, ".")
	for i, l := range labels {
		if strings.HasPrefix(l, "xn--") {
			if u, err := idna.Punycode.ToUnicode(l); err == nil {
				labels[i] = u
			}
		}
	}
	return strings.Join(labels, ".")
}

// SplitName splits a domain name at its first dot into label and zone, lower
// case. It fails with EINVALID (field "domain") for a name that has no dot or
// an empty part.
func SplitName(fqdn string) (label, zone string, err error) {
	name := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(fqdn), "."))
	if !isASCII(name) { // a Unicode name: its ACE form, as on the list and at the registrar
		ace, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return "", "", regbox.FieldError("domain", "%q is not a domain name", fqdn)
		}
		name = ace
	}
	label, zone, ok := strings.Cut(name, ".")
	if !ok || label == "" || zone == "" || len(label) > 63 || len(name) > 253 ||
		strings.HasPrefix(zone, ".") || strings.HasSuffix(label, "-") || strings.HasPrefix(label, "-") ||
		strings.ContainsAny(name, " ;/\\@:") {
		return "", "", regbox.FieldError("domain", "%q is not a domain name", fqdn)
	}
	return label, zone, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// NewEntry returns the entry for fqdn dropping at drop, with its statistics.
func NewEntry(fqdn string, drop time.Time) (Entry, error) {
	label, zone, err := SplitName(fqdn)
	if err != nil {
		return Entry{}, err
	}
	e := Entry{Label: label, Zone: zone, DropAt: drop.UTC()}
	// An IDN's statistics are those of its Unicode label: the length a
	// customer sees, not the ACE form's.
	counted := label
	if e.IDN = strings.HasPrefix(label, "xn--"); e.IDN {
		if u, err := idna.Punycode.ToUnicode(label); err == nil {
			counted = u
		}
	}
	e.Length = utf8.RuneCountInString(counted)
	for _, r := range counted {
		switch {
		case r >= '0' && r <= '9':
			e.Digits++
		case r == '-':
			e.Hyphens++
		case r >= 'a' && r <= 'z':
			e.Letters++
		case r >= utf8.RuneSelf:
			e.Letters++
			e.IDN = true
		}
	}
	return e, nil
}

// dateLayouts are the drop-date forms the list may use.
var dateLayouts = []string{"2006-01-02 15:04:05", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"}

// ParseDropDate parses a drop date (UTC unless it names a zone).
func ParseDropDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, regbox.FieldError("drop_date", "%q: use YYYY-MM-DD HH:MM:SS (UTC)", s)
}

// ParseError is a line of the list that could not be read.
type ParseError struct {
	Line int
	Err  error
}

// Reader reads drop-list entries from CSV text.
type Reader struct {
	sc     *bufio.Scanner
	line   int
	Errors []ParseError // the first maxParseErrors bad lines
	Bad    int          // how many lines were bad
}

const maxParseErrors = 10

// NewReader returns a Reader of r.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	return &Reader{sc: sc}
}

// Next returns the next entry; ok is false at the end (then Err tells why).
func (r *Reader) Next() (e Entry, ok bool) {
	for r.sc.Scan() {
		r.line++
		line := bytes.TrimSpace(r.sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		name, date, found := bytes.Cut(line, []byte{';'})
		var err error
		if !found {
			err = regbox.FieldError("line", "has no ';' between name and drop date")
		} else {
			var t time.Time
			if t, err = ParseDropDate(string(date)); err == nil {
				if e, err = NewEntry(string(name), t); err == nil {
					return e, true
				}
			}
		}
		if r.line == 1 { // a header line
			continue
		}
		r.Bad++
		if len(r.Errors) < maxParseErrors {
			r.Errors = append(r.Errors, ParseError{Line: r.line, Err: err})
		}
	}
	return Entry{}, false
}

// Err returns the error that stopped reading, if any.
func (r *Reader) Err() error { return r.sc.Err() }

// maxListBytes bounds what Open reads from a URL or file (uncompressed too).
const maxListBytes = 1 << 30

// Open returns the list's CSV text from src: a file path or an http(s) URL,
// plain or zipped (the zip's first .csv member). size is the number of bytes
// when known, else -1; the caller closes rc.
func Open(ctx context.Context, client *http.Client, src string) (rc io.ReadCloser, size int64, err error) {
	var body io.ReadCloser
	size = -1
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
		if err != nil {
			return nil, 0, regbox.FieldError("source", "%q is not a valid URL", src)
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, 0, regbox.WrapError(regbox.EUNAVAILABLE, err, "Cannot download the drop list.")
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, 0, regbox.Errorf(regbox.EUNAVAILABLE, "Downloading the drop list answered %s.", resp.Status)
		}
		body, size = resp.Body, resp.ContentLength
	} else {
		f, err := os.Open(src)
		if err != nil {
			return nil, 0, regbox.FieldError("source", "cannot open %q: %v", src, err)
		}
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		body = f
	}
	br := bufio.NewReaderSize(body, 1<<16)
	magic, _ := br.Peek(4)
	if !bytes.Equal(magic, []byte("PK\x03\x04")) {
		return struct {
			io.Reader
			io.Closer
		}{io.LimitReader(br, maxListBytes), body}, size, nil
	}
	defer body.Close()
	return openZip(br)
}

// openZip reads a zip archive and returns its first .csv member.
func openZip(r io.Reader) (io.ReadCloser, int64, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxListBytes))
	if err != nil {
		return nil, 0, fmt.Errorf("backorder: read zip: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, 0, regbox.FieldError("source", "is not a readable zip archive: %v", err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(strings.ToLower(f.Name), ".csv") || f.UncompressedSize64 > maxListBytes {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, 0, regbox.FieldError("source", "zip member %q: %v", f.Name, err)
		}
		return rc, int64(f.UncompressedSize64), nil
	}
	return nil, 0, regbox.FieldError("source", "the zip archive holds no .csv file")
}
