package backorder_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// atNow runs the store on the tests' clock: imports drop rows already past.
var atNow = store.WithClock(regbox.NewManualClock(now))

const listCSV = `domain;drop_date
alpha.com;2026-11-24 10:00:00
b-2.com;2026-11-25 10:00:00
123.net;2026-11-24 18:00:00
xn--mnchen-3ya.de;2026-11-26 00:00:00
example.co.uk;2026-11-27 00:00:00
gone.com;2026-11-20 00:00:00
bad line without separator
bad.com;not a date
alpha.com;2026-12-01 00:00:00
`

func zipped(t *testing.T, name, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(text))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func importText(t *testing.T, l *backorder.DropList, text string) backorder.ImportResult {
	t.Helper()
	res, err := l.Import(context.Background(), strings.NewReader(text), "test", nil)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

func names(p backorder.Page) string {
	var s []string
	for _, e := range p.Entries {
		s = append(s, e.FQDN())
	}
	return strings.Join(s, " ")
}

func TestImportAndSearch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := backorder.NewDropList(db)
		res := importText(t, l, listCSV)
		if res.Rows != 6 || res.Skipped != 2 || len(res.Errors) != 2 || res.Errors[0].Line != 8 || res.Removed != 1 {
			t.Fatalf("Import = %+v", res)
		}
		p, err := l.Search(ctx, backorder.Query{}, now)
		if err != nil || p.Total != 5 || names(p) != "alpha.com 123.net b-2.com xn--mnchen-3ya.de example.co.uk" {
			t.Fatalf("Search all = %d %q, %v", p.Total, names(p), err)
		}
		e := p.Entries[1]
		if e.Label != "123" || e.Zone != "net" || e.Length != 3 || e.Digits != 3 || e.Letters != 0 || !e.DropAt.Equal(now.Add(30*time.Hour)) {
			t.Errorf("entry = %+v", e)
		}
		for _, c := range []struct {
			q    backorder.Query
			want string
		}{
			{backorder.Query{Regex: "^A"}, "alpha.com"},
			{backorder.Query{Regex: "a", NotRegex: "^al"}, "xn--mnchen-3ya.de example.co.uk"},
			{backorder.Query{Regex: "mple"}, "example.co.uk"},
			{backorder.Query{Zones: []string{".COM", "de"}}, "alpha.com b-2.com xn--mnchen-3ya.de"},
			{backorder.Query{NoDigits: true, NoIDN: true}, "alpha.com example.co.uk"},
			{backorder.Query{DigitsOnly: true}, "123.net"},
			{backorder.Query{NoHyphens: true, MinLength: 4}, "alpha.com xn--mnchen-3ya.de example.co.uk"}, // münchen: no hyphen,
			{backorder.Query{MinHyphens: 1, MaxLength: 3}, "b-2.com"},
			{backorder.Query{MinLetters: 5, MaxLetters: 6}, "alpha.com"},
			{backorder.Query{MinDigits: 1, MaxDigits: 1}, "b-2.com"}, // IDNs count on the Unicode label
			{backorder.Query{MinLength: 7, MaxLength: 7, NoHyphens: true, NoDigits: true}, "xn--mnchen-3ya.de example.co.uk"},
			{backorder.Query{DropFrom: now.Add(24 * time.Hour), DropTo: now.Add(48 * time.Hour)}, "alpha.com 123.net b-2.com"},
			{backorder.Query{Order: "name"}, "123.net alpha.com b-2.com example.co.uk xn--mnchen-3ya.de"},
			{backorder.Query{Order: "length", Desc: true}, "xn--mnchen-3ya.de example.co.uk alpha.com b-2.com 123.net"},
		} {
			p, err := l.Search(ctx, c.q, now)
			if err != nil || names(p) != c.want || p.Total != len(p.Entries) {
				t.Errorf("Search(%+v) = %q (total %d), %v; want %q", c.q, names(p), p.Total, err, c.want)
			}
		}
		st, err := l.Stats(ctx, nil, now)
		if err != nil || st.Total != 5 || len(st.Days) != 4 || st.Days[0].Count != 2 || st.Next1 != 2 || st.Next7 != 5 {
			t.Errorf("Stats = %+v, %v", st, err)
		}

		// A second list: changed drop date picked up, missing rows removed.
		res = importText(t, l, "alpha.com;2026-11-30 00:00:00\nnew.org;2026-11-25\n")
		if res.Rows != 2 || res.Removed != 4 {
			t.Fatalf("re-import = %+v", res)
		}
		p, err = l.Search(ctx, backorder.Query{Order: "name"}, now)
		if err != nil || names(p) != "alpha.com new.org" || !p.Entries[0].DropAt.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("after re-import: %q %+v, %v", names(p), p.Entries, err)
		}
	}, atNow)
}

func TestSearchPaging(t *testing.T) {
	db := storetest.Open(t, atNow)
	l := backorder.NewDropList(db)
	var b strings.Builder
	for i := range 250 {
		b.WriteString("n" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "-" + strconv.Itoa(i) + ".com;2026-12-01 00:00:00\n")
	}
	importText(t, l, b.String())
	all, err := l.Search(context.Background(), backorder.Query{Order: "name", PageSize: 100, Page: 1}, now)
	if err != nil || all.Total != 250 || len(all.Entries) != 100 {
		t.Fatalf("page 1: %d %d %v", all.Total, len(all.Entries), err)
	}
	p3, err := l.Search(context.Background(), backorder.Query{Order: "name", PageSize: 100, Page: 3}, now)
	if err != nil || len(p3.Entries) != 50 || p3.Entries[0].FQDN() <= all.Entries[99].FQDN() {
		t.Fatalf("page 3: %d %v", len(p3.Entries), err)
	}
	p2, _ := l.Search(context.Background(), backorder.Query{Order: "name", PageSize: 20, Page: 2}, now)
	if names(p2) != names(backorder.Page{Entries: all.Entries[20:40]}) {
		t.Errorf("page 2 of 20 = %q", names(p2))
	}
}

func TestSearchBadInput(t *testing.T) {
	db := storetest.Open(t, atNow)
	l := backorder.NewDropList(db)
	importText(t, l, listCSV)
	for _, c := range []struct {
		q     backorder.Query
		field string
	}{
		{backorder.Query{Regex: "("}, "regex"},
		{backorder.Query{NotRegex: "a**"}, "not_regex"},
		{backorder.Query{Regex: strings.Repeat("a", 201)}, "regex"},
		{backorder.Query{Regex: `(\1)`}, "regex"},
		{backorder.Query{PageSize: 30}, "page_size"},
		{backorder.Query{Page: -1}, "page"},
		{backorder.Query{Order: "score"}, "order"},
	} {
		_, err := l.Search(context.Background(), c.q, now)
		if regbox.ErrorCode(err) != regbox.EINVALID || regbox.ErrorField(err) != c.field {
			t.Errorf("Search(%+v) = %v, want EINVALID %s", c.q, err, c.field)
		}
	}
	// A pattern that would be catastrophic for a backtracking engine is linear in RE2.
	if _, err := l.Search(context.Background(), backorder.Query{Regex: "(a+)+$"}, now); err != nil {
		t.Errorf("(a+)+$: %v", err)
	}
}

func TestOpenSources(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	plain := filepath.Join(dir, "list.csv")
	os.WriteFile(plain, []byte(listCSV), 0o600)
	zipPath := filepath.Join(dir, "list.csv.zip")
	os.WriteFile(zipPath, zipped(t, "pending_delete_domain_list.csv", listCSV), 0o600)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/list.csv.zip":
			w.Write(zipped(t, "pending_delete_domain_list.csv", listCSV))
		case "/list.csv":
			w.Write([]byte(listCSV))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, src := range []string{plain, zipPath, srv.URL + "/list.csv", srv.URL + "/list.csv.zip"} {
		rc, _, err := backorder.Open(ctx, srv.Client(), src)
		if err != nil {
			t.Fatalf("Open(%s): %v", src, err)
		}
		db := storetest.Open(t, atNow)
		res, err := backorder.NewDropList(db).Import(ctx, rc, src, nil)
		rc.Close()
		if err != nil || res.Rows != 6 {
			t.Errorf("Import(%s) = %+v, %v", src, res, err)
		}
	}
	for _, src := range []string{filepath.Join(dir, "missing.csv"), srv.URL + "/missing", "http://127.0.0.1:1/x"} {
		if _, _, err := backorder.Open(ctx, srv.Client(), src); err == nil {
			t.Errorf("Open(%s) succeeded", src)
		}
	}
	bad := filepath.Join(dir, "bad.zip")
	os.WriteFile(bad, zipped(t, "readme.txt", "x"), 0o600)
	if _, _, err := backorder.Open(ctx, nil, bad); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("zip without csv: %v", err)
	}
}

func TestUnicodeNames(t *testing.T) {
	e, err := backorder.NewEntry("xn--mnchen-3ya.de", now)
	if err != nil || e.Length != 7 || e.Letters != 7 || e.Hyphens != 0 || e.Digits != 0 || !e.IDN || e.Unicode() != "münchen.de" {
		t.Fatalf("NewEntry = %+v (%s), %v", e, e.Unicode(), err)
	}
	for in, want := range map[string]string{"example.com": "example.com", "xn--bcher-kva.xn--tckwe": "bücher.コム", "xn--bad!.com": "xn--bad!.com"} {
		if got := backorder.UnicodeName(in); got != want {
			t.Errorf("UnicodeName(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSplitNameUnicode(t *testing.T) {
	label, zone, err := backorder.SplitName("Bücher.COM")
	if err != nil || label != "xn--bcher-kva" || zone != "com" {
		t.Fatalf("SplitName = %q %q %v", label, zone, err)
	}
	if _, _, err := backorder.SplitName("a\u200b\u0000b.com"); regbox.ErrorField(err) != "domain" {
		t.Errorf("bad unicode: %v", err)
	}
}
