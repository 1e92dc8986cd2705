package pricing

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regbox/regbox/internal/billing"
)

// Price is a selling price: what a client of Group pays in Currency (minor units).
type Price struct {
	TLD      string `json:"tld"`
	Currency string `json:"currency"`
	Group    string `json:"client_group"`
	Kind     string `json:"kind"`
	Years    int    `json:"years"`
	Amount   int64  `json:"amount"`
}

// PriceKey identifies a price.
type PriceKey struct {
	TLD, Currency, Group, Kind string
	Years                      int
}

// key returns p's key.
func (p Price) key() PriceKey { return PriceKey{p.TLD, p.Currency, p.Group, p.Kind, p.Years} }

// State is what the shop has: its catalogue and selling prices.
type State struct {
	TLDs   []TLD
	Prices []Price
}

// Change is a TLD whose configuration or costs differ.
type Change struct {
	TLD     string   `json:"tld"`
	Changes []string `json:"changes"` // what differs, for people
	New     TLD      `json:"-"`
}

// PriceChange is a selling price that differs; Old is -1 for a new price.
type PriceChange struct {
	Price
	Old int64 `json:"old"`
}

// Plan is what a sync would change.
type Plan struct {
	Added        []TLD         `json:"added"`
	Changed      []Change      `json:"changed"`
	Removed      []string      `json:"removed"`
	Unchanged    int           `json:"unchanged"`
	Prices       []Price       `json:"-"` // every selling price after the sync
	PriceChanges []PriceChange `json:"price_changes"`
	Dropped      []PriceKey    `json:"-"` // prices that go away
	Problems     []Problem     `json:"problems"`
	// RenewChanges counts TLDs whose renewal price changes: existing domains'
	// renewal prices then need the operator's choice (keep or update).
	RenewChanges int `json:"renew_changes"`
}

// MakePlan compares the shop's state with the registrar's catalogue and computes
// the selling prices by rules. It is pure: no I/O, the same answer for the same
// input. An operator's Enabled choice on an existing TLD is kept.
func MakePlan(current State, fetched []TLD, rules Rules) Plan {
	var p Plan
	cur := make(map[string]TLD, len(current.TLDs))
	for _, t := range current.TLDs {
		cur[t.TLD] = t
	}
	next := make([]TLD, 0, len(fetched))
	seen := map[string]bool{}
	for _, f := range fetched {
		seen[f.TLD] = true
		old, ok := cur[f.TLD]
		if !ok {
			p.Added = append(p.Added, f)
			next = append(next, f)
			continue
		}
		f.Enabled = old.Enabled
		if d := diffTLD(old, f); len(d) > 0 {
			p.Changed = append(p.Changed, Change{TLD: f.TLD, Changes: d, New: f})
		} else {
			p.Unchanged++
		}
		next = append(next, f)
	}
	for _, t := range current.TLDs {
		if !seen[t.TLD] {
			p.Removed = append(p.Removed, t.TLD)
		}
	}
	slices.Sort(p.Removed)
	p.Prices, p.Problems = sellingPrices(next, rules)
	p.PriceChanges, p.Dropped, p.RenewChanges = diffPrices(current.Prices, p.Prices)
	return p
}

// diffTLD describes how b differs from a.
func diffTLD(a, b TLD) []string {
	var d []string
	field := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			d = append(d, fmt.Sprintf("%s %v → %v", name, x, y))
		}
	}
	field("class", a.Class, b.Class)
	field("currency", a.Currency, b.Currency)
	field("register periods", a.RegisterPeriods, b.RegisterPeriods)
	field("renew periods", a.RenewPeriods, b.RenewPeriods)
	field("transfer periods", a.TransferPeriods, b.TransferPeriods)
	field("auth code required", a.AuthRequired, b.AuthRequired)
	field("ID protection", a.IDProtection, b.IDProtection)
	field("redemption days", a.RedemptionDays, b.RedemptionDays)
	field("repository", a.Repository, b.Repository)
	ac, bc := costMap(a.Costs), costMap(b.Costs)
	for _, c := range b.Costs {
		k := costKey(c)
		if old, ok := ac[k]; !ok {
			d = append(d, fmt.Sprintf("%s cost new %d", k, c.Amount))
		} else if old != c.Amount {
			d = append(d, fmt.Sprintf("%s cost %d → %d", k, old, c.Amount))
		}
	}
	for _, c := range a.Costs {
		if _, ok := bc[costKey(c)]; !ok {
			d = append(d, costKey(c)+" cost removed")
		}
	}
	return d
}

func costKey(c Cost) string { return fmt.Sprintf("%s %dy", c.Kind, c.Years) }

func costMap(cs []Cost) map[string]int64 {
	m := make(map[string]int64, len(cs))
	for _, c := range cs {
		m[costKey(c)] = c.Amount
	}
	return m
}

// sellingPrices prices every cost of every TLD in every currency and group. A
// TLD whose cost currency cannot be converted is left without prices, with a
// Problem.
func sellingPrices(tlds []TLD, rules Rules) ([]Price, []Problem) {
	s := newSeller(rules)
	groups := rules.groups()
	var out []Price
	var problems []Problem
	currencies := slices.Clone(rules.Currencies)
	slices.SortFunc(currencies, func(a, b billing.Currency) int { return strings.Compare(a.Code, b.Code) })
	for _, t := range tlds {
		start := len(out)
		var err error
		for _, c := range t.Costs {
			var inDefault int64
			if inDefault, err = s.toDefault(c.Amount, t.Currency); err != nil {
				break
			}
			for _, cur := range currencies {
				for _, g := range groups {
					var amount int64
					if amount, err = s.sell(inDefault, c.Years, t.TLD, g, cur); err != nil {
						break
					}
					out = append(out, Price{TLD: t.TLD, Currency: cur.Code, Group: g, Kind: c.Kind, Years: c.Years, Amount: amount})
				}
			}
		}
		if err != nil {
			out = out[:start]
			problems = append(problems, Problem{t.TLD, err.Error()})
		}
	}
	return out, problems
}

// diffPrices lists the prices that are new or differ, the keys that go away and
// the number of TLDs whose renewal prices change.
func diffPrices(old, next []Price) ([]PriceChange, []PriceKey, int) {
	before := make(map[PriceKey]int64, len(old))
	for _, p := range old {
		before[p.key()] = p.Amount
	}
	var changes []PriceChange
	renew := map[string]bool{}
	for _, p := range next {
		k := p.key()
		o, ok := before[k]
		delete(before, k)
		switch {
		case !ok:
			changes = append(changes, PriceChange{p, -1})
		case o != p.Amount:
			changes = append(changes, PriceChange{p, o})
			if p.Kind == KindRenew {
				renew[p.TLD] = true
			}
		}
	}
	dropped := make([]PriceKey, 0, len(before))
	for k := range before {
		dropped = append(dropped, k)
	}
	slices.SortFunc(dropped, func(a, b PriceKey) int {
		return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	return changes, dropped, len(renew)
}
