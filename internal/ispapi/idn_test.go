package ispapi

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Expected values were checked against golang.org/x/net/idna directly and, where
// the HEXONET SDKs' tests pin them, against those.
func TestToASCII(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"dömäin.example", "xn--dmin-moa0i.example"},
		{"münchen.de", "xn--mnchen-3ya.de"},
		{"日本.co.jp", "xn--wgv71a.co.jp"},
		{"🌐.ws", "xn--wg8h.ws"},
		{"😊.com", "xn--o28h.com"},
		{"xn--wg8h.ws", "xn--wg8h.ws"},
		{"äöütest.com", "xn--test-koa2iub.com"},
		{"öbb.at", "xn--bb-eka.at"},
		{"example.com", "example.com"},
		{"", ""},

		// Deviation characters: non-transitional under .de, transitional elsewhere.
		{"faß.de", "xn--fa-hia.de"},
		{"faß.com", "fass.com"},
		{"fäß.de", "xn--f-qfao.de"},
		{"fäß.com", "xn--fss-qla.com"},
		{"fußball.de", "xn--fuball-cta.de"},
		{"fußball.com", "fussball.com"},
		{"σόλος.com", "xn--wxaikc6b.com"}, // final sigma mapped to σ
		{"σόλοσ.com", "xn--wxaikc6b.com"},
		{"σόλος.fr", "xn--wxaijb9b.fr"}, // final sigma kept
		{"σόλοσ.fr", "xn--wxaikc6b.fr"},
		{"\u0646\u0627\u0645\u0647\u200c\u0627\u06cc.com", "xn--mgba3gch31f.com"},   // ZWNJ removed
		{"\u0646\u0627\u0645\u0647\u200c\u0627\u06cc.de", "xn--mgba3gch31f060k.de"}, // ZWNJ kept (valid in context)
		{"a\u200db.com", "ab.com"},                                                  // ZWJ removed
		{"ΣΌΛΟΣ.gr\ufecb\ufeae\ufe91\ufef2.de", "xn--wxaikc6b.xn--gr-gtd9a1b0g.de"}, // no Bidi rule, as the SDKs

		// The TLD is the last non-empty label, in any case or width.
		{"MÜNCHEN.DE", "xn--mnchen-3ya.de"},
		{"FAß.DE", "xn--fa-hia.de"},
		{"münchen.de.", "xn--mnchen-3ya.de."},
		{"faß.de.", "xn--fa-hia.de."},
		{"faß.com.", "fass.com."},
		{"faß.com.de", "xn--fa-hia.com.de"},
		{"faß.de.com", "fass.de.com"},
		{"faß.dev", "fass.dev"},
		{"faß.d", "fass.d"},
		{"münchen。de", "xn--mnchen-3ya.de"},
		{"faß．ｄｅ", "xn--fa-hia.de"},
		{"faß｡com", "fass.com"},

		// Labels already in ACE form are kept, not re-mapped.
		{"xn--fa-hia.com", "xn--fa-hia.com"},
		{"XN--FA-HIA.COM", "xn--fa-hia.com"},
		{"faß.xn--fa-hia.com", "fass.xn--fa-hia.com"},
		{"xn--fa-hia.de", "xn--fa-hia.de"},
	}
	for _, tt := range tests {
		got, err := ToASCII(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ToASCII(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}

	// Each of the non-transitional TLDs keeps ß.
	for _, tld := range []string{"art", "be", "ca", "de", "fr", "pm", "re", "swiss", "tf", "wf", "yt"} {
		if got, err := ToASCII("faß." + tld); err != nil || got != "xn--fa-hia."+tld {
			t.Errorf("ToASCII(faß.%s) = %q, %v; want xn--fa-hia.%[1]s", tld, got, err)
		}
	}
}

func TestToASCIIErrors(t *testing.T) {
	for _, in := range []string{
		"*.müller.de",        // not a host name
		"müller*.de",         // not a host name
		"_dmarc.müller.de",   // STD3 rules
		"müller.de ",         // blank
		"a\x00b.de",          // control character
		"mü\x00ller.de",      // control character
		"☃☃--.com",           // hyphen at the end of a label
		"ab--c.de",           // hyphens in positions 3 and 4
		"-ab.de",             // leading hyphen
		"a\u200cb.de",        // ZWNJ without a joining context (non-transitional)
		"xn--abc.de",         // punycode that decodes to disallowed characters
		"m\xffller.de",       // invalid UTF-8 (x/net would encode U+FFFD)
		"xn--mnchen-3ya\xff", // invalid UTF-8
	} {
		if got, err := ToASCII(in); err == nil || got != "" {
			t.Errorf("ToASCII(%q) = %q, %v; want an error", in, got, err)
		}
	}
}

func TestToUnicode(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"xn--wg8h.ws", "🌐.ws"},
		{"xn--test-koa2iub.com", "äöütest.com"},
		{"xn--fa-hia.de", "faß.de"},
		{"xn--fa-hia.com", "faß.com"}, // deviation characters are kept for display
		{"xn--wxaijb9b.fr", "σόλος.fr"},
		{"xn--mnchen-3ya.de", "münchen.de"},
		{"XN--MNCHEN-3YA.DE", "münchen.de"},
		{"xn--mnchen-3ya.de.", "münchen.de."},
		{"xn--wgv71a.co.jp", "日本.co.jp"},
		{"xn--dmin-moa0i.example", "dömäin.example"},
		{"münchen.de", "münchen.de"},
		{"MÜNCHEN.DE", "münchen.de"},
		{"_dmarc.xn--mller-kva.de", "_dmarc.müller.de"},
		{"not=std3", "not=std3"}, // ASCII labels are not checked for display
		{"example.com", "example.com"},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := ToUnicode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ToUnicode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"xn--abc.de", "xn--ls8h\xff.la", "xn--a.de", "a.xn--mnchen-3ya-.de", "a\ue000b.de"} {
		if got, err := ToUnicode(in); err == nil || got != "" {
			t.Errorf("ToUnicode(%q) = %q, %v; want an error", in, got, err)
		}
	}
}

// ToASCII(ToUnicode(ToASCII(x))) is ToASCII(x): an ACE name keeps its labels.
func TestIDNRoundTrip(t *testing.T) {
	for _, in := range []string{
		"münchen.de", "faß.de", "faß.com", "fäß.com", "🌐.ws", "äöütest.com",
		"σόλος.fr", "σόλος.com", "\u0646\u0627\u0645\u0647\u200c\u0627\u06cc.de", "日本.co.jp", "münchen.de.",
	} {
		a, err := ToASCII(in)
		if err != nil {
			t.Fatalf("ToASCII(%q): %v", in, err)
		}
		u, err := ToUnicode(a)
		if err != nil {
			t.Fatalf("ToUnicode(%q): %v", a, err)
		}
		if a2, err := ToASCII(u); err != nil || a2 != a {
			t.Errorf("ToASCII(ToUnicode(%q)) = %q, %v; want %q", a, a2, err, a)
		}
	}
}

func TestIsTransitionalTLD(t *testing.T) {
	for _, tld := range []string{"art", "be", "ca", "de", "fr", "pm", "re", "swiss", "tf", "wf", "yt",
		"DE", ".de", ".DE", "de.", "Swiss", "ＤＥ"} {
		if IsTransitionalTLD(tld) {
			t.Errorf("IsTransitionalTLD(%q) = true", tld)
		}
	}
	for _, tld := range []string{"com", ".com", "net", "ws", "at", "ch", "dev", "d", "des", "xn--p1ai", "рф", "", "."} {
		if !IsTransitionalTLD(tld) {
			t.Errorf("IsTransitionalTLD(%q) = false", tld)
		}
	}
}

func TestConvertIDNParams(t *testing.T) {
	cmd := NewCommand("CheckDomains").
		Set("DOMAIN0", "münchen.de").
		Set("DOMAIN1", "faß.com").
		Set("DOMAIN2", "example.com").
		Set("DOMAIN3", "☃☃--.com").
		Set("domain4", "faß.de").
		Set("NAMESERVER0", "ns1.müller.de").
		Set("NAMESERVER1", "ns2.example.net").
		Set("DNSZONE", "dömäin.example.").
		Set("DOMAIN", "ÄÖÜTEST.COM").
		Set("OWNERCONTACT0", "münchen.de").
		Set("X-DE-GENERAL-REQUEST", "münchen.de").
		Set("DOMAINAUTH", "münchen.de").
		Set("NAMESERVERS", "münchen.de").
		Set("DOMAIN0X", "münchen.de").
		Set("SUBDOMAIN", "münchen.de").
		Set("DOMAIN5", "mü\x00ller.de").
		Set("DOMAIN6", "a\u200cb.de")
	want := []Param{
		{"COMMAND", "CheckDomains"},
		{"DOMAIN0", "xn--mnchen-3ya.de"},
		{"DOMAIN1", "fass.com"},
		{"DOMAIN2", "example.com"},
		{"DOMAIN3", "☃☃--.com"},
		{"DOMAIN4", "xn--fa-hia.de"},
		{"NAMESERVER0", "ns1.xn--mller-kva.de"},
		{"NAMESERVER1", "ns2.example.net"},
		{"DNSZONE", "xn--dmin-moa0i.example."},
		{"DOMAIN", "xn--test-koa2iub.com"},
		{"OWNERCONTACT0", "münchen.de"},
		{"X-DE-GENERAL-REQUEST", "münchen.de"},
		{"DOMAINAUTH", "münchen.de"},
		{"NAMESERVERS", "münchen.de"},
		{"DOMAIN0X", "münchen.de"},
		{"SUBDOMAIN", "münchen.de"},
		{"DOMAIN5", "mü\x00ller.de"},
		{"DOMAIN6", "a\u200cb.de"},
	}
	if n := ConvertIDNParams(cmd); n != 6 {
		t.Errorf("ConvertIDNParams = %d, want 6", n)
	}
	if diff := cmp.Diff(want, cmd.Params()); diff != "" {
		t.Errorf("params (-want +got):\n%s", diff)
	}
	// Converting again changes nothing.
	if n := ConvertIDNParams(cmd); n != 0 {
		t.Errorf("second ConvertIDNParams = %d, want 0", n)
	}
	if diff := cmp.Diff(want, cmd.Params()); diff != "" {
		t.Errorf("params after a second pass (-want +got):\n%s", diff)
	}
}

func TestConvertIDNParamsSkips(t *testing.T) {
	for _, name := range []string{"ConvertIDN", "convertidn", "CONVERTIDN"} {
		cmd := NewCommand(name).Set("DOMAIN0", "münchen.de").Set("DOMAIN1", "faß.com")
		before := cmd.Params()
		if n := ConvertIDNParams(cmd); n != 0 {
			t.Errorf("%s: ConvertIDNParams = %d, want 0", name, n)
		}
		if diff := cmp.Diff(before, cmd.Params()); diff != "" {
			t.Errorf("%s: params changed (-want +got):\n%s", name, diff)
		}
	}
	if n := ConvertIDNParams(nil); n != 0 {
		t.Errorf("ConvertIDNParams(nil) = %d", n)
	}
	if n := ConvertIDNParams(&Command{}); n != 0 {
		t.Errorf("ConvertIDNParams(empty) = %d", n)
	}
	ascii := NewCommand("StatusDomain").Set("DOMAIN", "EXAMPLE.COM").Set("NAMESERVER0", "xn--mnchen-3ya.de")
	if n := ConvertIDNParams(ascii); n != 0 || ascii.Get("DOMAIN") != "EXAMPLE.COM" {
		t.Errorf("ASCII values: n = %d, DOMAIN = %q", n, ascii.Get("DOMAIN"))
	}
}

// Values that are patterns or otherwise not host names, as a reseller searching a
// portfolio would type them: the plain IDN labels convert, the others stay.
func TestConvertIDNParamsPatterns(t *testing.T) {
	tests := []struct {
		in, want string // want == in: left unchanged and not counted
	}{
		{"*.müller.de", "*.xn--mller-kva.de"},
		{"*.MÜLLER.DE", "*.xn--mller-kva.de"},
		{"*.faß.de", "*.xn--fa-hia.de"}, // the TLD rule still applies
		{"*.faß.com", "*.fass.com"},
		{"*。müller。de", "*.xn--mller-kva.de"},
		{"_dmarc.müller.de", "_dmarc.xn--mller-kva.de"},
		{"müller.*", "xn--mller-kva.*"},
		{"faß.*", "fass.*"}, // "*" is not one of the non-transitional TLDs
		{" münchen.de\t", " xn--mnchen-3ya.de\t"},
		{"\u00a0faß.de\u3000", "\u00a0xn--fa-hia.de\u3000"}, // the blanks do not hide the TLD
		// Punycode does not keep prefixes or infixes: a label that mixes
		// non-ASCII text with a wildcard cannot be converted meaningfully.
		{"müller*.de", "müller*.de"},
		{"*müller*", "*müller*"},
		{"*müller*.de", "*müller*.de"},
		{"müller.de*", "xn--mller-kva.de*"}, // "de*" is not .de: transitional
		{"☃☃--.com", "☃☃--.com"},
		{"mü ller.de", "mü ller.de"},
		{"m\xffller.de", "m\xffller.de"},
		{"\u3000", "\u3000"},
		{"*.\u00ad.de", "*.\u00ad.de"}, // a label of ignored characters is kept, not emptied
		{"*.\u00ad.müller.de", "*.\u00ad.xn--mller-kva.de"},
	}
	for _, tt := range tests {
		cmd := NewCommand("QueryDomainList").Set("DOMAIN", tt.in)
		n := ConvertIDNParams(cmd)
		got := cmd.Get("DOMAIN")
		wantN := 1
		if tt.want == tt.in {
			wantN = 0
		}
		if got != tt.want || n != wantN {
			t.Errorf("ConvertIDNParams(DOMAIN=%q) = %d, %q; want %d, %q", tt.in, n, got, wantN, tt.want)
		}
	}
}

func BenchmarkConvertIDNParams(b *testing.B) {
	names := []string{"münchen", "dömäin", "faß", "äöütest", "日本", "σόλος", "🌐", "bücher", "straße"}
	tlds := []string{"de", "com", "net", "fr", "ws"}
	base := NewCommand("CheckDomains")
	for i := range 25 {
		base.Set("DOMAIN"+strconv.Itoa(i), names[i%len(names)]+strconv.Itoa(i)+"."+tlds[i%len(tlds)])
	}
	b.ReportAllocs()
	for b.Loop() {
		cmd := base.Clone()
		if n := ConvertIDNParams(cmd); n != 25 {
			b.Fatalf("converted %d, want 25", n)
		}
	}
}

func TestIDNLengthLimit(t *testing.T) {
	long := strings.Repeat("ü", maxIDNLength/2) + ".de" // 1,027 bytes
	if got, err := ToASCII(long); err == nil || got != "" || len(err.Error()) > 150 {
		t.Errorf("ToASCII(1,027 bytes) = %q, %v; want a short error", got, err)
	}
	if _, err := ToUnicode("xn--" + strings.Repeat("a", maxIDNLength)); err == nil {
		t.Error("ToUnicode(1,028 bytes): no error")
	}
	cmd := NewCommand("CheckDomain").Set("DOMAIN", long)
	if n := ConvertIDNParams(cmd); n != 0 || cmd.Get("DOMAIN") != long {
		t.Errorf("ConvertIDNParams(1,027 bytes) = %d", n)
	}
	// Eight labels of 60 "ü" (970 bytes) are still converted.
	name := strings.Repeat(strings.Repeat("ü", 60)+".", 8) + "de"
	if got, err := ToASCII(name); err != nil || len(name) != 970 || !strings.HasPrefix(got, "xn--") {
		t.Errorf("ToASCII(%d bytes) = %q, %v", len(name), got, err)
	}
}

// FuzzToASCII checks that a converted name is ASCII, converts to itself again, and
// that ConvertIDNParams never panics and only changes values that hold non-ASCII.
func FuzzToASCII(f *testing.F) {
	for _, s := range []string{"münchen.de", "faß.com", "*.müller.de", "xn--fa-hia.de.", "🌐.ws", "a\u200cb.de", " faß.de\t", "müller*.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if a, err := ToASCII(s); err == nil {
			if !isASCII(a) {
				t.Fatalf("ToASCII(%q) = %q: not ASCII", s, a)
			}
			if a2, err := ToASCII(a); err != nil || a2 != a {
				t.Fatalf("ToASCII(%q) = %q, but ToASCII(%q) = %q, %v", s, a, a, a2, err)
			}
		}
		cmd := NewCommand("CheckDomain").Set("DOMAIN", s)
		n := ConvertIDNParams(cmd)
		if got := cmd.Get("DOMAIN"); (n == 1) != (got != s) || (n == 1 && isASCII(s)) {
			t.Fatalf("ConvertIDNParams(DOMAIN=%q) = %d, %q", s, n, got)
		}
	})
}
