package dns

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const sampleZone = `$ORIGIN example.com.
$TTL 3600
@	IN SOA ns1.ispapi.net. hostmaster.example.com. (
		2026112301 ; serial
		3600 900 604800 300 )
@		IN NS	ns1.ispapi.net.
@	300	IN A	192.0.2.1
@		IN MX	10 mail
www		IN CNAME	@
_sip._tcp	IN SRV	10 5 5060 sip.example.net.
@		IN TXT	"v=spf1 mx -all"
bücher		IN A	192.0.2.7
shop		IN URL	/ https://shop.example.net/
txt		IN TXT	URL
;regbox: @	IN	X-SMTP	info owner@example.net
`

func TestParseZoneFile(t *testing.T) {
	z, err := Parse("example.com", sampleZone)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range z.Records {
		got = append(got, r.String()+" #"+strconv.Itoa(r.Line))
	}
	want := []string{
		"@ 300 A 192.0.2.1 #7",
		"@ MX 10 mail.example.com. #8",
		"www CNAME example.com. #9",
		"_sip._tcp SRV 10 5 5060 sip.example.net. #10",
		`@ TXT "v=spf1 mx -all" #11`,
		"xn--bcher-kva A 192.0.2.7 #12",
		`txt TXT "URL" #14`,
		"shop URL / https://shop.example.net/ #13",
		"@ X-SMTP info owner@example.net #15",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
	var b strings.Builder
	if err := Format(&b, z); err != nil {
		t.Fatal(err)
	}
	back, err := Parse("example.com", b.String())
	if err != nil {
		t.Fatalf("re-import of the export: %v\n%s", err, b.String())
	}
	if p, err := Diff(z, back); err != nil || !p.Empty() {
		t.Errorf("export/import round trip changed the zone: %v %v\n%s", p, err, b.String())
	}
}

func TestParseZoneFileErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"www IN A 192.0.2.1\nwww IN CNAME @\n", "line 2 (www CNAME): a CNAME cannot sit beside"},
		{"@ IN A 192.0.2.1\n\n@ IN MX 10 192.0.2.1.\n", "line 3 (@ MX): an MX must point to a host name"},
		{"@ IN A 192.0.2.1\nwww IN CNAME host.example.com\n", "line 2 (www CNAME): the host name host.example.com.example.com. ends in the zone twice"},
		{"@ 5 IN A 192.0.2.1\n", "line 1 (@ A): the TTL 5 is out of range"},
		{"@ IN A 192.0.2.1\nwww IN A 192.0.2.300\n", "line 2"},
		{"$INCLUDE other.zone\n", "line 1: the directive $INCLUDE"},
		{"@ IN A 192.0.2.1\n@ IN A 192.0.2.1\n", "line 2 (@ A): duplicate record (same as line 1"},
		{"@ IN HINFO x y\n", "line 1 (@ HINFO): the type HINFO is not supported"},
		{"shop IN URL / gopher://x\n", "line 1 (shop URL): the target must be an http"},
		{"$TTL 3600\n@ 300 IN A 192.0.2.1\n@ IN A 192.0.2.2\n", "line 3 (@ A): the TTL 3600 differs from the rest of its RRset (300 at line 2"},
	}
	for _, tt := range tests {
		_, err := Parse("example.com", tt.text)
		var ps Problems
		if !errors.As(err, &ps) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.text, err, tt.want)
		}
	}
}

func bigZoneFile(b *testing.B) string {
	var s strings.Builder
	if err := Format(&s, bigZone(10000, "1")); err != nil {
		b.Fatal(err)
	}
	return s.String()
}

// BenchmarkImport10k reads a 10,000-record zone file. Goal: under 100 ms.
func BenchmarkImport10k(b *testing.B) {
	text := bigZoneFile(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse("example.com", text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport10k writes a 10,000-record zone file. Goal: under 100 ms.
func BenchmarkExport10k(b *testing.B) {
	z := bigZone(10000, "1")
	b.ResetTimer()
	for b.Loop() {
		var s strings.Builder
		if err := Format(&s, z); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParse checks that no zone file makes Parse panic, and that whatever it
// accepts survives an export and a new import unchanged.
func FuzzParse(f *testing.F) {
	f.Add(sampleZone)
	f.Add("www IN CNAME @\n@ IN MX 10 192.0.2.1.\n")
	f.Add("$TTL 60\n;regbox: @ X-SMTP * a@b.example\nx ( IN A\n 192.0.2.1 )\n")
	f.Fuzz(func(t *testing.T, text string) {
		z, err := Parse("example.com", text)
		if err != nil {
			return
		}
		var b strings.Builder
		if err := Format(&b, z); err != nil {
			t.Fatal(err)
		}
		back, err := Parse("example.com", b.String())
		if err != nil {
			t.Fatalf("re-import: %v\n%s", err, b.String())
		}
		if p, err := Diff(z, back); err != nil || !p.Empty() {
			t.Fatalf("round trip changed the zone: %v %v", p, err)
		}
	})
}

func TestParseWithoutTTLDirective(t *testing.T) {
	z, err := Parse("example.com", "@ A 192.0.2.1\nwww 300 A 192.0.2.2\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(z.Records) != 2 || z.ttl(z.Records[0]) != DefaultTTL || z.Records[1].TTL != 300 {
		t.Fatalf("records %+v", z.Records)
	}
}
