package pricing

import (
	"strconv"
	"testing"
)

// BenchmarkMakePlan plans 700 TLDs of 22 costs each in 3 currencies and 2 client
// groups against the state of the same catalogue (about 92,000 prices).
func BenchmarkMakePlan(b *testing.B) {
	var tlds []TLD
	for i := range 700 {
		t := TLD{TLD: "tld" + strconv.Itoa(i), Currency: "EUR", Enabled: true}
		for y := 1; y <= 10; y++ {
			t.Costs = append(t.Costs, Cost{KindRegister, y, int64(899 * y)}, Cost{KindRenew, y, int64(899 * y)})
		}
		t.Costs = append(t.Costs, Cost{KindTransfer, 1, 899}, Cost{KindRestore, 0, 8000})
		tlds = append(tlds, t)
	}
	rules := Rules{Currencies: testCurrencies, Markups: []Markup{{Percent: "20", Rounding: Round99}, {Group: "vip", Percent: "10"}}}
	current := State{TLDs: tlds, Prices: MakePlan(State{}, tlds, rules).Prices}
	b.ReportAllocs()
	for b.Loop() {
		if p := MakePlan(current, tlds, rules); len(p.PriceChanges) != 0 {
			b.Fatal(len(p.PriceChanges))
		}
	}
}
