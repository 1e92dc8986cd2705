package dns

import (
	"errors"
	"strings"
	"testing"

	"github.com/regbox/regbox"
)

func mustRecord(t *testing.T, name string, ttl uint32, typ, data string) Record {
	t.Helper()
	r, err := ParseRecord("example.com", name, ttl, typ, data, 0)
	if err != nil {
		t.Fatalf("ParseRecord(%s %s %s): %v", name, typ, data, err)
	}
	return r
}

func TestParseRecordCanonical(t *testing.T) {
	tests := []struct {
		name, typ, data string
		wantName        string
		wantData        string
	}{
		{"@", "a", "192.0.2.1", "@", "192.0.2.1"},
		{"www.example.com.", "AAAA", "2001:db8:0:0::1", "www", "2001:db8::1"},
		{"", "MX", "mail.example.net", "@", "100 mail.example.net."},
		{"@", "MX", "10 mail", "@", "10 mail.example.com."},
		{"www", "CNAME", "@", "www", "example.com."},
		{"www", "CNAME", "host.example.net", "www", "host.example.net."},
		{"bücher", "CNAME", "münchen.example.", "xn--bcher-kva", "xn--mnchen-3ya.example."},
		{"@", "TXT", `v=spf1 include:_spf.google.com ~all`, "@", `"v=spf1 include:_spf.google.com ~all"`},
		{"_sip._tcp", "SRV", "10 5 5060 sip", "_sip._tcp", "10 5 5060 sip.example.com."},
		{"@", "CAA", `0 issue "letsencrypt.org"`, "@", `0 issue "letsencrypt.org"`},
		{"sub", "NS", "ns1.other.net.", "sub", "ns1.other.net."},
		{"@", "MXE", "192.0.2.25", "@", "100 192.0.2.25"},
		{"shop", "URL", "/ https://shop.example.net/", "shop", "/ https://shop.example.net/"},
		{"@", "X-SMTP", "* owner@example.net", "@", "* owner@example.net"},
		{"*", "A", "192.0.2.9", "*", "192.0.2.9"},
	}
	for _, tt := range tests {
		r := mustRecord(t, tt.name, 0, tt.typ, tt.data)
		if r.Name != tt.wantName || r.Data != tt.wantData {
			t.Errorf("%s %s %q = %q %q, want %q %q", tt.name, tt.typ, tt.data, r.Name, r.Data, tt.wantName, tt.wantData)
		}
	}
}

func TestParseRecordRefusals(t *testing.T) {
	tests := []struct {
		name    string
		ttl     uint32
		typ     string
		data    string
		because string
	}{
		{"@", 0, "A", "300.1.1.1", "invalid RDATA"},
		{"@", 0, "AAAA", "192.0.2.1", "invalid RDATA"},
		{"@", 0, "MX", "10 192.0.2.1", "use MXE"},
		{"@", 0, "CNAME", "other.net.", "apex"},
		{"www", 10, "A", "192.0.2.1", "out of range"},
		{"www", 700000, "A", "192.0.2.1", "out of range"},
		{"@", 0, "NS", "ns1.other.net.", "registrar's"},
		{"@", 0, "MXE", "10 mail.example.net", "IPv4"},
		{"www", 0, "URL", "/ ftp://x", "http or https"},
		{"info", 0, "X-SMTP", "info x@example.net", "apex"},
		{"@", 0, "X-SMTP", "info nobody", "not an email"},
		{"www.other.net.", 0, "A", "192.0.2.1", "outside the zone"},
		{"www.example.com.example.com", 0, "A", "192.0.2.1", "final dot"},
		{"www", 0, "CNAME", "host.example.com.example.com", "final dot"},
		{"x", 0, "HINFO", "x y", "not supported"},
		{"-x", 0, "A", "192.0.2.1", "character"},
		{"@", 0, "CAA", "0 issue", "invalid RDATA"},
	}
	for _, tt := range tests {
		_, err := ParseRecord("example.com", tt.name, tt.ttl, tt.typ, tt.data, 7)
		if err == nil {
			t.Errorf("%s %s %q accepted", tt.name, tt.typ, tt.data)
			continue
		}
		if regbox.ErrorCode(err) != regbox.EINVALID || !strings.Contains(err.Error(), tt.because) || !strings.Contains(regbox.ErrorMessage(err), "line 7") {
			t.Errorf("%s %s %q: %v (message %q), want EINVALID with line 7 and %q", tt.name, tt.typ, tt.data, err, regbox.ErrorMessage(err), tt.because)
		}
	}
}

func TestValidateZone(t *testing.T) {
	rec := func(line int, name, typ, data string) Record {
		r := mustRecord(t, name, 0, typ, data)
		r.Line = line
		return r
	}
	z := &Zone{Name: "example.com", Records: []Record{
		rec(1, "www", "CNAME", "@"),
		rec(2, "www", "A", "192.0.2.1"),
		rec(3, "@", "A", "192.0.2.1"),
		rec(4, "@", "A", "192.0.2.1"),
		rec(5, "shop", "URL", "/ https://x.example.net/"),
		rec(6, "shop", "A", "192.0.2.2"),
		rec(7, "sub", "NS", "ns1.other.net."),
		rec(8, "sub", "TXT", "hello"),
	}}
	err := Validate(z)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Validate = %v, want Problems", err)
	}
	want := map[int]string{1: "CNAME cannot sit beside", 2: "", 4: "duplicate record (same as line 3", 5: "web forwarding", 8: "delegated"}
	got := map[int]string{}
	for _, p := range ps {
		got[p.Line] = p.Reason
	}
	for line, reason := range want {
		if !strings.Contains(got[line], reason) || got[line] == "" && reason != "" {
			t.Errorf("line %d: got %q, want %q (all: %v)", line, got[line], reason, ps)
		}
	}
	if _, ok := got[3]; ok {
		t.Errorf("line 3 refused: %v", ps)
	}
}
