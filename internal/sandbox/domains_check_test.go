package sandbox

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// TestDomainsCheckDomains checks CheckDomains' per-name results: available, registered, reserved, premium (with and without PREMIUMCHANNELS), unsupported TLD and bad syntax.
func TestDomainsCheckDomains(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "taken-name.com")
	r := ts.call(c, ispapi.NewCommand("CheckDomains").SetList("DOMAIN", []string{"free-name.com", "taken-name.com",
		"nic.net", "ab.com", "name.unknowntld", "-bad-.com", "example.example", "casino.xyz"}).Set("PREMIUMCHANNELS", "*"))
	expect(t, r, 200, "Command completed successfully")
	want := map[string][]string{
		"DOMAINCHECK": {"210 Available", "211 Domain name not available", "211 Domain name not available",
			"211 Premium Domain name available", "549 Command failed", "505 Invalid attribute value syntax",
			"210 Available", "211 Premium Domain name available"},
		"REASON": {"", "Domain exists", "Domain name reserved", "Premium Domain Name", "TLD not supported",
			"Syntax error in Parameter DOMAIN (-bad-.com)", "", "Premium Domain Name"},
		"CLASS":          {"", "", "", "PREMIUM_COM_A", "", "", "", "PREMIUM_XYZ_B"},
		"PRICE":          {"", "", "", "2499.00", "", "", "", "999.00"},
		"CURRENCY":       {"", "", "", "EUR", "", "", "", "EUR"},
		"PREMIUMCHANNEL": {"", "", "", "COM", "", "", "", "XYZ"},
	}
	for col, values := range want {
		if got := r.Column(col); !slices.Equal(got, values) {
			t.Errorf("%s = %q, want %q", col, got, values)
		}
	}
	if !strings.Contains(r.Column("REASON")[2], "reserved") {
		t.Error("the reason of a reserved name must contain \"reserved\" (the registrar module looks for it)")
	}
	// Without PREMIUMCHANNELS: the class, but no price columns.
	r = ts.call(c, ispapi.NewCommand("CheckDomains").SetList("DOMAIN", []string{"abc.net", "free.net"}))
	if r.HasColumn("PRICE") || !slices.Equal(r.Column("CLASS"), []string{"PREMIUM_NET_C", ""}) {
		t.Errorf("no channels: %v", r.Columns())
	}
	// A channel that is not the premium name's: no price.
	r = ts.call(c, ispapi.NewCommand("CheckDomains").Set("DOMAIN0", "ab.com").Set("PREMIUMCHANNELS", "DONUTS"))
	if r.Get("PRICE") != "" || r.Get("CLASS") != "PREMIUM_COM_A" {
		t.Errorf("other channel: %v", r.Record(0))
	}
}

// TestDomainsCheckDomainsErrorsAndLimits checks CheckDomains' 504, the 255-name limit and unknown parameters.
func TestDomainsCheckDomainsErrorsAndLimits(t *testing.T) {
	ts, c := dmSetup(t)
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomains")), 504, "Missing required attribute; DOMAIN0")
	names := make([]string, maxCheckDomains+1)
	for i := range names {
		names[i] = "n" + strconv.Itoa(i) + ".com"
	}
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomains").SetList("DOMAIN", names)), 541, "Invalid attribute value")
	r := ts.call(c, ispapi.NewCommand("CheckDomains").SetList("DOMAIN", names[:maxCheckDomains]))
	if len(r.Column("DOMAINCHECK")) != maxCheckDomains || len(r.Column("DOMAINCHECKTIME")) != maxCheckDomains {
		t.Errorf("255 names: %d results", len(r.Column("DOMAINCHECK")))
	}
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomains").Set("DOMAIN0", "a.com").Set("FOO", "1")), 503, "Invalid attribute name; FOO")
}

// TestDomainsCheckDomainDeletedIsNotAvailable checks that a domain in redemption is not available.
func TestDomainsCheckDomainDeletedIsNotAvailable(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "deleted-name.com")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "deleted-name.com")), 200, "Command completed successfully; action pending")
	if got := ts.dmCheck(c, "deleted-name.com"); got[0] != "211 Domain name not available" {
		t.Errorf("redemption: %q", got)
	}
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "deleted-name.com")), 211, "Domain name not available")
}

// TestDomainsCheckDomain checks CheckDomain's 210/211 answers and its errors.
func TestDomainsCheckDomain(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "taken.net")
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "free-one.net")), 210, "Domain name available")
	r := ts.call(c, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "taken.net"))
	expect(t, r, 211, "Domain name not available")
	if r.Get("REASON") != "Domain exists" {
		t.Errorf("REASON %q", r.Get("REASON"))
	}
	r = ts.call(c, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "money.com"))
	expect(t, r, 211, "Premium Domain name available")
	if r.Get("CLASS") != "PREMIUM_COM_B" {
		t.Errorf("CLASS %q", r.Get("CLASS"))
	}
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "whois.de")), 211, "Domain name not available")
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "x.unknowntld")), 549, "Command failed; TLD not supported")
	r = ts.call(c, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "a.b.com"))
	expect(t, r, 505, "Invalid attribute value syntax; Syntax error in Parameter DOMAIN (a.b.com)")
	if !regexp.MustCompile(`Syntax error in Parameter DOMAIN \((.+)\)`).MatchString(r.Description()) {
		t.Error("the SDKs' rewrite rule does not match")
	}
	expect(t, ts.call(c, ispapi.NewCommand("CheckDomain")), 504, "Missing required attribute; DOMAIN")
}

// TestDomainsQueryDomainWhoisInfo checks the WHOIS of a registered and a free name.
func TestDomainsQueryDomainWhoisInfo(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "whois-me.org", "NAMESERVER0", "ns1.example.net", "X-ACCEPT-WHOISTRUSTEE-TAC", "1")
	r := ts.call(c, ispapi.NewCommand("QueryDomainWhoisInfo").Set("DOMAIN", "whois-me.org"))
	expect(t, r, 200, "Command completed successfully")
	text, err := url.QueryUnescape(r.Get("WHOISDATA"))
	if err != nil || !strings.Contains(text, "Domain Name: WHOIS-ME.ORG\n") || !strings.Contains(text, "Name Server: NS1.EXAMPLE.NET") ||
		!strings.Contains(text, "Registrant Name: REDACTED FOR PRIVACY") {
		t.Errorf("WHOISDATA %q (%v)", text, err)
	}
	if r.Get("WHOISSERVER") != "whois.nic.org" || r.Get("WHOISDATE") == "" {
		t.Errorf("record %v", r.Record(0))
	}
	r = ts.call(c, ispapi.NewCommand("QueryDomainWhoisInfo").Set("DOMAIN", "nobody-has-this.org"))
	if text, _ := url.QueryUnescape(r.Get("WHOISDATA")); !strings.HasPrefix(text, "No match for domain") {
		t.Errorf("free name: %q", text)
	}
	expect(t, ts.call(c, ispapi.NewCommand("QueryDomainWhoisInfo").Set("DOMAIN", "x.unknowntld")), 549, "Command failed")
}
