package ispapi

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParseResponse: any body parses without panicking; a success is always a
// complete response; and a parsed response encodes to a body that parses to the
// same columns and code.
func FuzzParseResponse(f *testing.F) {
	for _, s := range []string{fixtureLogin200, fixtureListP0, fixtureOK, fixtureStatusAccountCurl, "", "<html>", "[RESPONSE]\r\ncode=219\r\nEOF\r\n",
		"[RESPONSE]\nproperty[a b][0] = x \nCODE=200\nDESCRIPTION=d\nEOF", "[RESPONSE]\r\nPROPERTY[X][0]=\r\nCODE=999\r\nDESCRIPTION==\r\nEOF\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := ParseResponse(body)
		if r.Description() == "" {
			t.Fatalf("no description for %q", body)
		}
		if r.IsLocal() { // a template: never a success
			if r.IsSuccess() || r.Detail() == "" && strings.TrimSpace(body) != "" {
				t.Fatalf("template %d %q detail %q for %q", r.Code(), r.Description(), r.Detail(), body)
			}
			return
		}
		if !strings.Contains(strings.ToUpper(body), "EOF") || r.Code() < 100 {
			t.Fatalf("accepted an incomplete body %q", body)
		}
		again := ParseResponse(r.Encode())
		wantDesc := trimBlanks(strings.NewReplacer("\r", "", "\n", "").Replace(r.Description()))
		if wantDesc == "" {
			wantDesc = StandardDescription(r.Code())
		}
		if again.Code() != r.Code() || again.Description() != wantDesc {
			t.Fatalf("re-encode: %d %q, was %d %q", again.Code(), again.Description(), r.Code(), r.Description())
		}
		if len(again.cols) != len(r.cols) {
			t.Fatalf("re-encode: columns %v, was %v", again.ColumnNames(), r.ColumnNames())
		}
		for i, c := range r.cols {
			got := again.cols[i]
			if got.Name != c.Name || len(got.Values) != len(c.Values) {
				t.Fatalf("re-encode: column %s %d values, was %s %d", got.Name, len(got.Values), c.Name, len(c.Values))
			}
			for j, v := range c.Values {
				if got.Values[j] != strings.NewReplacer("\r", "", "\n", "").Replace(v) {
					t.Fatalf("re-encode: %s[%d] = %q, was %q", c.Name, j, got.Values[j], v)
				}
			}
		}
	})
}

// FuzzResponseRoundTrip: a response built from arbitrary names and values encodes and
// parses back to the same data (values lose CR, LF and surrounding blanks; names are
// upper-cased without blanks).
func FuzzResponseRoundTrip(f *testing.F) {
	f.Add("DOMAIN", "example.com", "x=y", 210, "Domain name available")
	f.Add("expiration date", " 2027 ", "\r\n", 545, "Object not found")
	f.Fuzz(func(t *testing.T, name, v1, v2 string, code int, desc string) {
		n := normalizeName(name)
		if n == "" || strings.ContainsAny(n, "=]\r\n") || code < 100 || code > 999 {
			t.Skip()
		}
		desc = clean(desc)
		if desc == "" {
			t.Skip()
		}
		r := NewResponse(code, desc).Add(name, v1, v2).SetField("QUEUETIME", "0")
		got := ParseResponse(r.Encode())
		if got.Code() != code || got.Description() != desc {
			t.Fatalf("code/description %d %q, want %d %q (%s)", got.Code(), got.Description(), code, desc, got.Detail())
		}
		vs := got.Column(n)
		if len(vs) != 2 || vs[0] != clean(v1) || vs[1] != clean(v2) {
			t.Fatalf("values %q, want %q", vs, []string{clean(v1), clean(v2)})
		}
	})
}

func clean(s string) string { return trimBlanks(strings.NewReplacer("\r", "", "\n", "").Replace(s)) }

// FuzzCommandRoundTrip: a request with arbitrary keys and values either fails
// Validate or survives form encoding and decoding with one parameter per key (CR and
// LF dropped from values), so no value can inject a parameter.
func FuzzCommandRoundTrip(f *testing.F) {
	f.Add("DOMAIN0", "dömäin.example", "X-TEST", "a=b c")
	f.Add("AUTH", "x\r\nCOMMAND=DeleteDomain", "k", "")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		cmd := NewCommand("StatusDomain").Set(k1, v1).Set(k2, v2)
		if cmd.Validate() != nil {
			return
		}
		form, err := url.ParseQuery((&Request{Entity: "1234", Command: cmd}).Encode())
		if err != nil {
			t.Fatalf("the encoded body does not parse: %v", err)
		}
		req, err := DecodeRequest(form)
		if err != nil {
			t.Fatal(err)
		}
		want := cmd.Params()
		got := req.Command.Params()
		if len(got) != len(want) {
			t.Fatalf("params %q, want %q", got, want)
		}
		for i := range want {
			if got[i].Key != want[i].Key || got[i].Value != strings.NewReplacer("\r", "", "\n", "").Replace(want[i].Value) {
				t.Fatalf("param %d = %q, want %q", i, got[i], want[i])
			}
		}
	})
}
