package ispapi

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Fixtures shared by the SDKs' test suites (spec §2.1, §2.2, §5.1).
const (
	fixtureLogin200 = "[RESPONSE]\r\nPROPERTY[SESSION][0]=h8JLZZHdF2WgWWXlwbKWzEG3XrzoW4yshhvtqyg0LCYiX55QnhgYX9cB0W4mlpbx\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.169\r\nEOF\r\n"
	fixtureLogin500 = "[RESPONSE]\r\nDESCRIPTION=Authentication failed\r\nCODE=530\r\nEOF\r\n"
	fixtureOK       = "[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=Command completed successfully\r\nEOF\r\n"
	fixtureListP0   = "[RESPONSE]\r\nPROPERTY[TOTAL][0]=2701\r\nPROPERTY[FIRST][0]=0\r\nPROPERTY[DOMAIN][0]=0-60motorcycletimes.com\r\nPROPERTY[DOMAIN][1]=0-be-s01-0.com\r\nPROPERTY[COUNT][0]=2\r\nPROPERTY[LAST][0]=1\r\nPROPERTY[LIMIT][0]=2\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.023\r\nEOF\r\n"
	fixtureListP1   = "[RESPONSE]\r\nPROPERTY[TOTAL][0]=2701\r\nPROPERTY[FIRST][0]=2\r\nPROPERTY[DOMAIN][0]=0-qas-ao17-0.org\r\nPROPERTY[DOMAIN][1]=0-sunnyda222y.com\r\nPROPERTY[COUNT][0]=2\r\nPROPERTY[LAST][0]=3\r\nPROPERTY[LIMIT][0]=2\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.023\r\nEOF\r\n"
	// The real OT&E output shown in the FAQ (curl ... command=statusaccount): LF, blank lines.
	fixtureStatusAccountCurl = "[RESPONSE]\nPROPERTY[VAT][0]=19.00\nPROPERTY[DEPOSIT][0]=1517.62\nPROPERTY[CREDIT][0]=1000000.00\nPROPERTY[AMOUNT][0]=9902.03\nPROPERTY[CURRENCY][0]=EUR\nDESCRIPTION=Command completed successfully\nCODE=200\n\nQUEUETIME=0\nRUNTIME=0.004\n\nEOF\n"
)

func listFP(first, count int, domain string) string {
	return "[RESPONSE]\r\nPROPERTY[TOTAL][0]=3\r\nPROPERTY[FIRST][0]=" + itoa(first) + "\r\nPROPERTY[DOMAIN][0]=" + domain +
		"\r\nPROPERTY[COUNT][0]=" + itoa(count) + "\r\nPROPERTY[LAST][0]=" + itoa(first) + "\r\nPROPERTY[LIMIT][0]=1\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.023\r\nEOF\r\n"
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestParseLogin200(t *testing.T) {
	r := ParseResponse(fixtureLogin200)
	if r.Code() != 200 || r.Description() != "Command completed successfully" || !r.IsSuccess() || r.IsTemporaryError() || r.IsError() {
		t.Fatalf("code %d %q", r.Code(), r.Description())
	}
	if got := r.Get("SESSION"); got != "h8JLZZHdF2WgWWXlwbKWzEG3XrzoW4yshhvtqyg0LCYiX55QnhgYX9cB0W4mlpbx" {
		t.Errorf("SESSION = %q", got)
	}
	if r.QueueTime() != 0 || r.RunTime() != 0.169 || r.Err() != nil || r.IsPending() {
		t.Errorf("queuetime %v runtime %v err %v", r.QueueTime(), r.RunTime(), r.Err())
	}
	if r.Plain() != fixtureLogin200 {
		t.Error("Plain is not the body as received")
	}
	if m := r.Masked(); strings.Contains(m, "h8JLZZ") || !strings.Contains(m, "PROPERTY[SESSION][0]=***") {
		t.Errorf("Masked shows the session: %q", m)
	}
}

func TestParseListPagination(t *testing.T) {
	r := ParseResponse(fixtureListP0)
	if diff := cmp.Diff([]string{"TOTAL", "FIRST", "DOMAIN", "COUNT", "LAST", "LIMIT"}, r.ColumnNames()); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	wantRec0 := map[string]string{"COUNT": "2", "DOMAIN": "0-60motorcycletimes.com", "FIRST": "0", "LAST": "1", "LIMIT": "2", "TOTAL": "2701"}
	if diff := cmp.Diff(wantRec0, r.Record(0)); diff != "" {
		t.Errorf("record 0 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"DOMAIN": "0-be-s01-0.com"}, r.Record(1)); diff != "" {
		t.Errorf("record 1 (-want +got):\n%s", diff)
	}
	if r.Record(2) != nil || r.Record(-1) != nil {
		t.Error("out-of-range records are not nil")
	}
	type page struct{ first, last, count, total, limit, cur, pages, next int }
	check := func(name string, r *Response, want page, hasNext bool) {
		t.Helper()
		next, ok := r.NextPageFirst()
		got := page{r.First(), r.Last(), r.Count(), r.Total(), r.Limit(), r.CurrentPage(), r.PageCount(), next}
		if got != want || ok != hasNext || r.HasNextPage() != hasNext {
			t.Errorf("%s: got %+v next=%v, want %+v next=%v", name, got, ok, want, hasNext)
		}
	}
	check("listP0", r, page{0, 1, 2, 2701, 2, 1, 1351, 2}, true)
	check("listP1", ParseResponse(fixtureListP1), page{2, 3, 2, 2701, 2, 2, 1351, 4}, true)
	check("listFP0", ParseResponse(listFP(0, 1, "a.com")), page{0, 0, 1, 3, 1, 1, 3, 1}, true)
	check("listFP2", ParseResponse(listFP(2, 2, "c.com")), page{2, 2, 2, 3, 1, 3, 3, 3}, false)
	// LIMIT=0 (newer Node SDK test): no rows, no next page, no endless loop.
	zero := ParseResponse("[RESPONSE]\r\nPROPERTY[COUNT][0]=0\r\nPROPERTY[FIRST][0]=0\r\nPROPERTY[LAST][0]=0\r\nPROPERTY[LIMIT][0]=0\r\nPROPERTY[TOTAL][0]=1725494\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nEOF\r\n")
	if zero.RecordCount() != 0 || zero.HasNextPage() || zero.PageCount() != 0 {
		t.Errorf("LIMIT=0: records %d, next %v, pages %d", zero.RecordCount(), zero.HasNextPage(), zero.PageCount())
	}
	// A non-list response: one record, no pages beyond it.
	ok := ParseResponse(fixtureStatusAccountCurl)
	if ok.RecordCount() != 1 || ok.HasNextPage() || ok.Total() != 1 || ok.CurrentPage() != 1 {
		t.Errorf("StatusAccount: records %d next %v total %d", ok.RecordCount(), ok.HasNextPage(), ok.Total())
	}
}

func TestParseTolerance(t *testing.T) {
	r := ParseResponse(fixtureStatusAccountCurl)
	if r.Code() != 200 || r.Get("AMOUNT") != "9902.03" || r.Get("currency") != "EUR" || r.RunTime() != 0.004 {
		t.Fatalf("curl output: code %d amount %q (%s)", r.Code(), r.Get("AMOUNT"), r.Detail())
	}
	// Lower-case keys, blanks around "=", names with blanks (the CNR dialect), values with "=".
	r = ParseResponse("[RESPONSE]\nproperty[expiration date][0] = 2027-01-01 10:00:00 \ncode = 200\ndescription = Command completed successfully\nproperty[X][0]=a=b\nPROPERTY[EMPTY][0]=\nPROPERTY[EMPTY][1]=y\nEOF\n")
	if r.Code() != 200 || r.Get("EXPIRATIONDATE") != "2027-01-01 10:00:00" || r.Get("X") != "a=b" {
		t.Fatalf("tolerant parse: code %d date %q x %q (%s)", r.Code(), r.Get("EXPIRATIONDATE"), r.Get("X"), r.Detail())
	}
	if diff := cmp.Diff([]string{"", "y"}, r.Column("EMPTY")); diff != "" {
		t.Errorf("empty values are kept (-want +got):\n%s", diff)
	}
	// The [index] is ignored: line order defines it, as in every SDK.
	r = ParseResponse("[RESPONSE]\r\nPROPERTY[D][5]=a\r\nPROPERTY[D][0]=b\r\nCODE=200\r\nDESCRIPTION=ok\r\nEOF\r\n")
	if diff := cmp.Diff([]string{"a", "b"}, r.Column("D")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// PENDING=1 marks asynchronous operations.
	r = ParseResponse("[RESPONSE]\r\nDESCRIPTION=Command completed successfully; domain transfer initiated\r\nCODE=200\r\nPENDING=1\r\nEOF\r\n")
	if !r.IsPending() {
		t.Error("PENDING=1 not seen")
	}
}

func TestParseInvalid(t *testing.T) {
	const invalid = "Invalid API response. Contact Support"
	tests := []struct {
		name, body string
		code       int
		desc       string
		detail     string
	}{
		{"empty", "", 423, "Empty API response. Probably unreachable API end point", ""},
		{"blank", " \r\n\r\n", 423, "Empty API response. Probably unreachable API end point", ""},
		{"html", "<html><body><h1>502 Bad Gateway</h1></body></html>", 423, invalid, "no [RESPONSE] header"},
		{"no code", "[RESPONSE]\r\nDESCRIPTION=Command completed successfully\r\nEOF\r\n", 423, invalid, "no CODE"},
		{"no description", "[RESPONSE]\r\ncode=219\r\nEOF\r\n", 423, invalid, "no DESCRIPTION"},
		{"only queuetime", "[RESPONSE]\r\ncode=200\r\nqueuetime=0\r\nEOF\r\n", 423, invalid, "no DESCRIPTION"},
		{"empty description", "[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=\r\nEOF\r\n", 423, invalid, "no DESCRIPTION"},
		{"bad code", "[RESPONSE]\r\nCODE=2OO\r\nDESCRIPTION=x\r\nEOF\r\n", 423, invalid, "is not a three-digit number"},
		{"truncated", fixtureListP0[:len(fixtureListP0)-5], 423, invalid, "truncated"},
		{"truncated before code", fixtureListP0[:60], 423, invalid, "truncated"},
		{"after EOF", fixtureOK + "CODE=500\r\n", 423, invalid, "after EOF"},
		{"garbage line", "[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\nhello\r\nEOF\r\n", 423, invalid, "unexpected line"},
		{"json", `{"code":200,"description":"ok"}`, 423, invalid, "no [RESPONSE] header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ParseResponse(tt.body)
			if r.Code() != tt.code || r.Description() != tt.desc || r.IsSuccess() {
				t.Fatalf("got %d %q, want %d %q", r.Code(), r.Description(), tt.code, tt.desc)
			}
			if !strings.Contains(r.Detail(), tt.detail) {
				t.Errorf("Detail = %q, want it to mention %q", r.Detail(), tt.detail)
			}
			err := r.Err()
			if err == nil || !strings.Contains(err.Error(), tt.desc) || !err.(*Error).Temporary() {
				t.Errorf("Err = %v", err)
			}
		})
	}
}

// The encoder writes what the real API writes: parsing a recorded response and
// encoding it again gives the same bytes.
func TestEncodeByteForByte(t *testing.T) {
	for name, body := range map[string]string{"login200": fixtureLogin200, "listP0": fixtureListP0, "listP1": fixtureListP1, "login500": fixtureLogin500} {
		if got := ParseResponse(body).Encode(); got != body {
			t.Errorf("%s:\n got %q\nwant %q", name, got, body)
		}
	}
	// A built response, in the API's order.
	r := NewResponse(200, "").Add("DOMAIN", "mydomain1.com", "mydomain2.com").Add("domain", "mydomain3.com").
		Add("RATING", "1", "2", "3").Add("SUM", "3").SetField("QUEUETIME", "0").SetField("RUNTIME", "0.12")
	want := "[RESPONSE]\r\nPROPERTY[DOMAIN][0]=mydomain1.com\r\nPROPERTY[DOMAIN][1]=mydomain2.com\r\nPROPERTY[DOMAIN][2]=mydomain3.com\r\nPROPERTY[RATING][0]=1\r\nPROPERTY[RATING][1]=2\r\nPROPERTY[RATING][2]=3\r\nPROPERTY[SUM][0]=3\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.12\r\nEOF\r\n"
	if got := r.Encode(); got != want {
		t.Errorf("built:\n got %q\nwant %q", got, want)
	}
	// Values can never break a line.
	r = NewResponse(545, "Object not found").Add("X", "a\r\nCODE=200")
	if got := ParseResponse(r.Encode()); got.Code() != 545 || got.Get("X") != "aCODE=200" {
		t.Errorf("injected: code %d X %q", got.Code(), got.Get("X"))
	}
	var sb strings.Builder
	if _, err := NewResponse(421, "").WriteTo(&sb); err != nil || !strings.Contains(sb.String(), "DESCRIPTION=Command failed due to server error. Client should try again\r\nCODE=421\r\n") {
		t.Errorf("WriteTo: %q %v", sb.String(), err)
	}
}

func TestTemplates(t *testing.T) {
	tests := []struct {
		id   string
		code int
		desc string
	}{
		{TemplatePageNotFound, 421, "Page not found"},
		{TemplateServerError, 500, "Internal server error"},
		{TemplateEmpty, 423, "Empty API response. Probably unreachable API end point"},
		{TemplateError, 421, "Command failed due to server error. Client should try again"},
		{TemplateExpired, 530, "SESSION NOT FOUND"},
		{TemplateHTTPError, 421, "Command failed due to HTTP communication error"},
		{TemplateInvalid, 423, "Invalid API response. Contact Support"},
		{TemplateUnauthorized, 530, "Unauthorized"},
		{TemplateNoCurl, 423, "API access error: curl_init failed"},
		{TemplateNotFound, 500, "Response Template not found"},
		{"no-such-template", 500, "Response Template not found"},
	}
	for _, tt := range tests {
		r := Template(tt.id, nil)
		if r.Code() != tt.code || r.Description() != tt.desc {
			t.Errorf("Template(%q) = %d %q, want %d %q", tt.id, r.Code(), r.Description(), tt.code, tt.desc)
		}
		wantPlain := "[RESPONSE]\r\nCODE=" + strings.TrimSpace(string(rune('0'+tt.code/100))+string(rune('0'+tt.code/10%10))+string(rune('0'+tt.code%10))) + "\r\nDESCRIPTION=" + tt.desc + "\r\nEOF\r\n"
		if r.Plain() != wantPlain {
			t.Errorf("Template(%q).Plain = %q, want %q", tt.id, r.Plain(), wantPlain)
		}
	}
	r := Template(TemplateEmpty, map[string]string{"CONNECTION_URL": "https://api-ote.ispapi.net/api/call.cgi"})
	if want := "Empty API response. Probably unreachable API end point https://api-ote.ispapi.net/api/call.cgi"; r.Description() != want {
		t.Errorf("placeholder: %q", r.Description())
	}
}

func TestStandardDescription(t *testing.T) {
	if StandardDescription(545) != "Object not found" || StandardDescription(599) != "Command failed" {
		t.Error("standard descriptions")
	}
	if r := NewResponse(531, ""); r.Description() != "Authorization failed" || !r.IsError() || r.Err().(*Error).Temporary() {
		t.Errorf("NewResponse(531): %q", r.Description())
	}
}

func TestEncodeNeverWritesAnEmptyDescription(t *testing.T) {
	for _, d := range []string{"\r\n", " ", "\n"} {
		r := NewResponse(545, d)
		if got := ParseResponse(r.Encode()); got.Code() != 545 || got.Description() != "Object not found" {
			t.Errorf("description %q: re-parsed as %d %q", d, got.Code(), got.Description())
		}
	}
}

// Responses with many columns (StatusDomain has about 45) switch from a linear scan
// to an index map; every column stays reachable by name, in any case.
func TestManyColumns(t *testing.T) {
	r := NewResponse(200, "")
	for i := range 40 {
		r.Add("COL"+itoa(i%10)+string(rune('A'+i/10)), "v"+itoa(i%10))
	}
	r.Add("COL0A", "again")
	got := ParseResponse(r.Encode())
	if len(got.ColumnNames()) != 40 {
		t.Fatalf("%d columns", len(got.ColumnNames()))
	}
	for i := range 40 {
		name := "COL" + itoa(i%10) + string(rune('A'+i/10))
		if got.Get(strings.ToLower(name)) != "v"+itoa(i%10) {
			t.Errorf("%s = %q", name, got.Get(name))
		}
	}
	if vs := got.Column("COL0A"); len(vs) != 2 || vs[1] != "again" {
		t.Errorf("COL0A = %q", vs)
	}
}
