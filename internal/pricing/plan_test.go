package pricing

import (
	"slices"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
)

var testCurrencies = []billing.Currency{
	{Code: "EUR", Rate: "1", MinorUnits: 2, Rounding: billing.RoundHalfUp, Default: true},
	{Code: "USD", Rate: "1.10", MinorUnits: 2, Rounding: billing.RoundHalfUp},
	{Code: "JPY", Rate: "160", MinorUnits: 0, Rounding: billing.RoundHalfUp},
}

func cost(t TLD, kind string, years int) int64 {
	for _, c := range t.Costs {
		if c.Kind == kind && c.Years == years {
			return c.Amount
		}
	}
	return -1
}

// TestBuildCatalogueTerms checks the multi-year rule (FAQ #15: the setup fee is
// paid once, not once per year), period-specific relations, blocked terms and
// the TLDs left out.
func TestBuildCatalogueTerms(t *testing.T) {
	pl := regbox.PriceList{AccountCurrency: "EUR", TLDs: []regbox.TLDCost{
		{TLD: "shop", Class: "SHOP", Setup: map[int]string{0: "10.00"}, Annual: map[int]string{0: "20.00"},
			Transfer: map[int]string{0: "18.00"}, Restore: map[int]string{0: "80.00"}, Trade: map[int]string{0: "12.50"}},
		{TLD: "tm", Class: "TM", Currency: "USD", Setup: map[int]string{0: "0"}, Annual: map[int]string{0: "50.00", 10: "450.00"},
			Transfer: map[int]string{}, Restore: map[int]string{}, Trade: map[int]string{0: ""}},
		{TLD: "blocked", Class: "BLOCKED", Annual: map[int]string{0: ""}},
		{TLD: "gone", Class: "GONE", Annual: map[int]string{0: "1"}},
	}}
	opts := []regbox.TLDOptions{
		{TLD: "shop", Repository: "SHOP", RegisterPeriods: []int{1, 2, 3}, RenewPeriods: []int{1, 2}, TransferPeriods: []int{1}},
		{TLD: "tm", Repository: "TM", RegisterPeriods: []int{10}, RenewPeriods: []int{10}, TransferPeriods: []int{0}},
		{TLD: "blocked", Repository: "B", RegisterPeriods: []int{1}},
		{TLD: "gone"},
	}
	for i := range pl.TLDs {
		if pl.TLDs[i].Currency == "" {
			pl.TLDs[i].Currency = "EUR"
		}
	}
	cat, problems := BuildCatalogue(pl, opts)
	if len(cat) != 2 || len(problems) != 2 {
		t.Fatalf("catalogue %+v problems %+v", cat, problems)
	}
	shop, tm := cat[0], cat[1]
	for _, c := range []struct {
		kind  string
		years int
		want  int64
	}{{KindRegister, 1, 3000}, {KindRegister, 3, 7000}, {KindRenew, 2, 4000}, {KindTransfer, 1, 1800}, {KindRestore, 0, 8000},
		{KindTrade, 0, 1250}} {
		if got := cost(shop, c.kind, c.years); got != c.want {
			t.Errorf("shop %s %dy = %d, want %d", c.kind, c.years, got, c.want)
		}
	}
	if cost(shop, KindRegister, 3) == 3*cost(shop, KindRegister, 1) {
		t.Error("a 3-year registration is the 1-year price times 3 (FAQ #15)")
	}
	if got := cost(tm, KindRegister, 10); got != 45000 || tm.Currency != "USD" || cost(tm, KindTransfer, 0) != -1 ||
		cost(tm, KindTrade, 0) != -1 {
		t.Errorf("tm %+v (a blocked trade has no cost)", tm)
	}
	if k := shop.Costs[len(shop.Costs)-1].Kind; k != KindTrade {
		t.Errorf("costs end with %s, want trade last", k)
	}
}

// TestTradeCosts: a trade fee is one term (the default relation, else the
// shortest period's); without a TRADE relation there is no trade cost.
func TestTradeCosts(t *testing.T) {
	opts := []regbox.TLDOptions{{TLD: "fr", Repository: "FR", RegisterPeriods: []int{1}},
		{TLD: "it", Repository: "IT", RegisterPeriods: []int{1}}, {TLD: "de", Repository: "DE", RegisterPeriods: []int{1}}}
	pl := regbox.PriceList{TLDs: []regbox.TLDCost{
		{TLD: "fr", Currency: "EUR", Annual: map[int]string{0: "8.00"}, Trade: map[int]string{2: "30.00", 1: "15.005"}},
		{TLD: "it", Currency: "JPY", Annual: map[int]string{0: "1000"}, Trade: map[int]string{0: "2500"}},
		{TLD: "de", Currency: "EUR", Annual: map[int]string{0: "4.99"}}}}
	cat, problems := BuildCatalogue(pl, opts)
	if len(cat) != 3 || len(problems) != 0 {
		t.Fatalf("catalogue %+v problems %+v", cat, problems)
	}
	de, fr, it := cat[0], cat[1], cat[2]
	if got := cost(fr, KindTrade, 0); got != 1501 {
		t.Errorf("fr trade = %d, want 1501 (the 1-year relation, rounded half up)", got)
	}
	if got := cost(it, KindTrade, 0); got != 2500 {
		t.Errorf("it trade = %d JPY, want 2500", got)
	}
	if got := cost(de, KindTrade, 0); got != -1 {
		t.Errorf("de trade = %d, want none", got)
	}
	// Trade prices follow the same rules: percent, a fixed amount once, rounding,
	// every currency and group.
	rules := Rules{Currencies: testCurrencies, Markups: []Markup{{Percent: "20", Fixed: 100, Rounding: Round99}, {Group: "vip", Percent: "0"}}}
	prices, _ := sellingPrices(cat, rules)
	want := map[PriceKey]int64{
		{"fr", "EUR", "", KindTrade, 0}:    1999, // 15.01 × 1.2 + 1.00 = 19.012 → 19.99
		{"fr", "USD", "", KindTrade, 0}:    2099, // 19.01 EUR = 20.911 USD → 20.99
		{"fr", "EUR", "vip", KindTrade, 0}: 1501,
	}
	for _, p := range prices {
		if p.TLD == "de" && p.Kind == KindTrade {
			t.Errorf("de has a trade price %+v", p)
		}
		if w, ok := want[p.key()]; ok {
			if p.Amount != w {
				t.Errorf("%+v, want %d", p, w)
			}
			delete(want, p.key())
		}
	}
	if len(want) != 0 {
		t.Errorf("missing trade prices %v", want)
	}
}

// TestSellingPrices checks markups (percent, fixed per year, rounding), rule
// specificity, currencies and client groups.
func TestSellingPrices(t *testing.T) {
	tlds := []TLD{{TLD: "com", Currency: "EUR", Costs: []Cost{{KindRegister, 1, 899}, {KindRegister, 2, 1798}}},
		{TLD: "de", Currency: "EUR", Costs: []Cost{{KindRegister, 1, 499}}},
		{TLD: "cn", Currency: "CNY", Costs: []Cost{{KindRegister, 1, 7800}}},
		{TLD: "xx", Currency: "XAU", Costs: []Cost{{KindRegister, 1, 100}}}}
	rules := Rules{Currencies: testCurrencies, Rates: regbox.ExchangeRates{Base: "EUR", Rates: map[string]string{"EUR": "1", "CNY": "7.8"}},
		Markups: []Markup{{Percent: "20", Rounding: Round99}, {TLD: "de", Fixed: 100}, {Group: "vip", Percent: "5"},
			{TLD: "com", Group: "vip", Percent: "0"}}}
	prices, problems := sellingPrices(tlds, rules)
	if len(problems) != 1 || problems[0].TLD != "xx" {
		t.Errorf("problems %+v", problems)
	}
	get := func(tld, cur, group string, years int) int64 {
		for _, p := range prices {
			if p.TLD == tld && p.Currency == cur && p.Group == group && p.Years == years {
				return p.Amount
			}
		}
		return -1
	}
	for _, c := range []struct {
		tld, cur, group string
		years           int
		want            int64
	}{
		{"com", "EUR", "", 1, 1099},   // 8.99 × 1.2 = 10.788 → 10.99
		{"com", "EUR", "", 2, 2199},   // 17.98 × 1.2 = 21.576 → 21.99
		{"com", "USD", "", 1, 1199},   // 10.79 EUR = 11.869 USD → 11.99
		{"com", "JPY", "", 1, 1726},   // 10.79 EUR × 160 = 1726.4 → 1726 yen; no minor units, nothing to end in .99
		{"de", "EUR", "", 1, 599},     // 4.99 + 1.00, no rounding
		{"com", "EUR", "vip", 1, 899}, // the TLD+group rule: no markup
		{"de", "EUR", "vip", 1, 599},  // the TLD rule beats the group rule
		{"cn", "EUR", "", 1, 1299},    // 78.00 CNY at 7.8 = 10.00 EUR × 1.2 = 12.00 → 12.99
	} {
		if got := get(c.tld, c.cur, c.group, c.years); got != c.want {
			t.Errorf("%s %s %q %dy = %d, want %d", c.tld, c.cur, c.group, c.years, got, c.want)
		}
	}
}

// TestRoundPrice checks the endings.
func TestRoundPrice(t *testing.T) {
	for _, c := range []struct {
		p        int64
		minor    int
		rounding string
		want     int64
	}{{1032, 2, Round99, 1099}, {1099, 2, Round99, 1099}, {1100, 2, Round99, 1199}, {1096, 2, Round95, 1195},
		{1001, 2, RoundWhole, 1100}, {1000, 2, RoundWhole, 1000}, {1032, 2, RoundNone, 1032}, {1726, 0, Round99, 1726}, {0, 2, Round99, 0}} {
		if got := roundPrice(c.p, c.minor, c.rounding); got != c.want {
			t.Errorf("roundPrice(%d, %d, %q) = %d, want %d", c.p, c.minor, c.rounding, got, c.want)
		}
	}
}

// TestMakePlan checks added, changed, removed and unchanged TLDs, the
// operator's enabled choice, and price changes with renewals counted.
func TestMakePlan(t *testing.T) {
	rules := Rules{Currencies: testCurrencies[:1]}
	com := TLD{TLD: "com", Currency: "EUR", Enabled: true, RegisterPeriods: []int{1}, Costs: []Cost{{KindRegister, 1, 899}, {KindRenew, 1, 899}}}
	net := TLD{TLD: "net", Currency: "EUR", Enabled: true, Costs: []Cost{{KindRegister, 1, 1099}}}
	old := TLD{TLD: "old", Currency: "EUR", Enabled: true, Costs: []Cost{{KindRegister, 1, 100}}}
	first := MakePlan(State{}, []TLD{com, net, old}, rules)
	if len(first.Added) != 3 || len(first.PriceChanges) != 4 {
		t.Fatalf("first plan %+v", first)
	}
	current := State{TLDs: []TLD{com, net, old}, Prices: first.Prices}
	current.TLDs[1].Enabled = false
	com2 := com
	com2.Costs = []Cost{{KindRegister, 1, 899}, {KindRenew, 1, 999}}
	org := TLD{TLD: "org", Currency: "EUR", Enabled: true, Costs: []Cost{{KindRegister, 1, 1099}}}
	p := MakePlan(current, []TLD{com2, net, org}, rules)
	if len(p.Added) != 1 || p.Added[0].TLD != "org" || !slices.Equal(p.Removed, []string{"old"}) || p.Unchanged != 1 ||
		len(p.Changed) != 1 || p.RenewChanges != 1 || len(p.Dropped) != 1 {
		t.Errorf("plan %+v", p)
	}
	if len(p.PriceChanges) != 2 { // com renew changed, org register new
		t.Errorf("price changes %+v", p.PriceChanges)
	}
	again := MakePlan(State{TLDs: []TLD{com2, net, org}, Prices: p.Prices}, []TLD{com2, net, org}, rules)
	if len(again.Added)+len(again.Changed)+len(again.Removed)+len(again.PriceChanges) != 0 {
		t.Errorf("a second plan is not empty: %+v", again)
	}
}
