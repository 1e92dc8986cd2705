package sandbox

import (
	"slices"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// TestCatalogueZones checks the catalogue's size, its multi-label and IDN zones,
// that the hand-written rules win, and that derived rules are the same every run.
func TestCatalogueZones(t *testing.T) {
	if n := len(tldRules); n < 500 {
		t.Fatalf("%d zones, want at least 500", n)
	}
	for _, z := range []string{"co.uk", "com.au", "xn--p1ai", "shop", "bo", "edu.mx"} {
		if tldRules[z] == nil {
			t.Errorf("zone %q missing", z)
		}
	}
	if r := tldRules["com"]; r.catalogue || r.Annual != 899 {
		t.Errorf("com = %+v, want the hand-written rule", r)
	}
	if a, b := catalogueRule("guru"), catalogueRule("guru"); a.Annual != b.Annual || a.Annual%100 != 99 {
		t.Errorf("guru %d %d: not deterministic or not .99", a.Annual, b.Annual)
	}
	if r := tldRules["tm"]; r.RegPeriods[0] != 10 {
		t.Errorf("tm periods %v", r.RegPeriods)
	}
}

// TestCatalogueCheckStates checks blocked, collision, no-check and variable-fee
// premium names in CheckDomains.
func TestCatalogueCheckStates(t *testing.T) {
	ts, c := dmSetup(t)
	r := ts.call(c, ispapi.NewCommand("CheckDomains").SetList("DOMAIN", []string{"dpmlblocked.guru", "mail.guru",
		"mail.com", "anything.bo", "abcd.top", "abcd.guru"}).Set("PREMIUMCHANNELS", "*"))
	checks, reasons, classes := r.Column("DOMAINCHECK"), r.Column("REASON"), r.Column("CLASS")
	if !strings.Contains(reasons[0], "Blocked") || !strings.HasPrefix(checks[1], "211 Collision Domain name available") ||
		checks[2] != "210 Available" || !strings.HasPrefix(checks[3], "549") || checks[5] != "210 Available" {
		t.Errorf("checks %q reasons %q", checks, reasons)
	}
	class := classes[4]
	if !strings.HasPrefix(class, "PREMIUM_TOP_CNY:") || strings.Count(class, ":") != 2 {
		t.Fatalf("abcd.top class %q", class)
	}
	want, _ := variableCost(class, "register")
	if got := r.Column("PRICE")[4]; got != money(want) {
		t.Errorf("abcd.top price %s, want %s", got, money(want))
	}
	r = ts.call(c, ispapi.NewCommand("CheckDomains").Set("DOMAIN0", "resale-shop.com").Set("PREMIUMCHANNELS", "*"))
	if r.Value("PREMIUMCHANNEL", 0) != aftermarketChannel || r.Value("PRICE", 0) == "" || r.Value("CLASS", 0) != "" ||
		!strings.HasPrefix(r.Value("DOMAINCHECK", 0), "211") {
		t.Errorf("aftermarket name: %v", r.Columns())
	}
	// 1000 CNY at 7.8 = 128.205..., +10 % = 141.025..., + 5.00 = 146.03
	if got := markedUp(1000, "CNY", 10, 500); got != 14603 {
		t.Errorf("markedUp = %d, want 14603", got)
	}
}

// TestCatalogueRelationsAndRates checks the variable-fee markup relations, the
// period-specific relation of a zone with a longer minimum term and the rates.
func TestCatalogueRelationsAndRates(t *testing.T) {
	ts, c := dmSetup(t)
	r := ts.call(c, ispapi.NewCommand("StatusUser"))
	rel := map[string]string{}
	for i, k := range r.Column("RELATIONTYPE") {
		rel[k] = r.Column("RELATIONVALUE")[i]
	}
	for k, v := range map[string]string{"PRICE_CLASS_DOMAIN_PREMIUM_TOP_CNY_SETUP_MARKUP_VAR": "10",
		"PRICE_CLASS_DOMAIN_PREMIUM_TOP_CNY_SETUP_MARKUP_FIX": "5.00", "PRICE_CLASS_DOMAIN_PREMIUM_INK_USD_ANNUAL_MARKUP_FIX": "0.00",
		"PRICE_CLASS_DOMAIN_XN--P1AI_CURRENCY": "EUR", "PRICE_CLASS_DOMAIN_TM_ANNUAL10": money(tldRules["tm"].Annual * 10)} {
		if rel[k] != v {
			t.Errorf("%s = %q, want %q", k, rel[k], v)
		}
	}
	r = ts.call(c, ispapi.NewCommand("QueryExchangeRates"))
	to, rates := r.Column("CURRENCYTO"), r.Column("RATE")
	if i := slices.Index(to, "USD"); i < 0 || rates[i] != "1.083" {
		t.Errorf("USD rate: %q %q", to, rates)
	}
	if i := slices.Index(to, "EUR"); i < 0 || rates[i] != "1" {
		t.Errorf("EUR rate: %q %q", to, rates)
	}
	expect(t, ts.call(c, ispapi.NewCommand("QueryExchangeRates").Set("CURRENCYTO", "XXX")), 541, "Invalid attribute value")
}

// TestSuggestionList checks the generator's order, paging, zone filter and errors.
func TestSuggestionList(t *testing.T) {
	ts, c := dmSetup(t)
	cmd := func() *ispapi.Command {
		return ispapi.NewCommand("QueryDomainSuggestionList").Set("KEYWORD", "Coffee").SetList("ZONE", []string{"com", "shop"})
	}
	r := ts.call(c, cmd().Set("LIMIT", "3"))
	if got := r.Column("DOMAIN"); !slices.Equal(got, []string{"coffee.com", "coffee.shop", "getcoffee.com"}) {
		t.Errorf("page 1 %q", got)
	}
	if r.Total() != 2*len(suggestionAffixes) {
		t.Errorf("total %d", r.Total())
	}
	r = ts.call(c, cmd().Set("LIMIT", "2").Set("FIRST", "3"))
	if got := r.Column("DOMAIN"); !slices.Equal(got, []string{"getcoffee.shop", "coffeehq.com"}) {
		t.Errorf("page 2 %q", got)
	}
	all := ts.call(c, ispapi.NewCommand("QueryDomainSuggestionList").Set("KEYWORD", "tea").Set("LIMIT", "1000"))
	if n := len(all.Column("DOMAIN")); n < 200 || slices.Contains(all.Column("DOMAIN"), "tea.de") {
		t.Errorf("default zones: %d names", n)
	}
	expect(t, ts.call(c, ispapi.NewCommand("QueryDomainSuggestionList")), 504, "Missing required attribute; KEYWORD")
	expect(t, ts.call(c, ispapi.NewCommand("QueryDomainSuggestionList").Set("KEYWORD", "a b")), 505, "Invalid attribute value syntax")
}
