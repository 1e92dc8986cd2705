// Package pricing keeps the TLD catalogue and its prices in step with the
// registrar (registrar-module.md §8): fetch exchange rates, the account's price
// relations and the TLDs' configuration, Plan the difference to what the shop
// has (a pure function), and Apply it in one transaction. Selling prices come from
// costs through the operator's markup rules, per currency and client group, with
// every term priced on its own (never a one-year price times the term, the seed's
// FAQ #15 trap).
package pricing

import (
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"golang.org/x/text/currency"
)

// The kinds of cost and price.
const (
	KindRegister = "register"
	KindRenew    = "renew"
	KindTransfer = "transfer"
	KindRestore  = "restore"
	KindTrade    = "trade" // an owner change
)

// Cost is what the registrar charges for one operation and term, in minor units
// of the TLD's cost currency.
type Cost struct {
	Kind   string `json:"kind"`
	Years  int    `json:"years"`
	Amount int64  `json:"amount"`
}

// TLD is one TLD of the catalogue with its configuration and costs.
type TLD struct {
	TLD             string `json:"tld"` // ACE, no dots at the ends
	Class           string `json:"class"`
	Enabled         bool   `json:"enabled"`
	Currency        string `json:"currency"` // of the costs
	RegisterPeriods []int  `json:"register_periods"`
	RenewPeriods    []int  `json:"renew_periods"`
	TransferPeriods []int  `json:"transfer_periods"`
	AuthRequired    bool   `json:"auth_required"`
	IDProtection    bool   `json:"id_protection"`
	RedemptionDays  int    `json:"redemption_days"`
	Repository      string `json:"repository"`
	Costs           []Cost `json:"costs"` // sorted by kind, then years
}

// Problem is a TLD the sync had to leave out, and why.
type Problem struct {
	TLD    string `json:"tld"`
	Reason string `json:"reason"`
}

// minor returns a currency's minor units (ISO 4217; 2 for a code it does not know).
func minor(cur string) int {
	u, err := currency.ParseISO(cur)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// parseAmount reads decimal text into minor units of cur, rounded half up; ok is
// false for an empty (blocked) or unreadable value.
func parseAmount(v, cur string) (int64, bool) {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, "/eE") {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(v)
	if !ok || r.Sign() < 0 {
		return 0, false
	}
	r.Mul(r, new(big.Rat).SetInt(pow10(minor(cur))))
	return roundHalfUp(r), true
}

// BuildCatalogue turns the registrar's price list and TLD options into TLDs
// (registrar-module.md §8.5-§8.6, for every term rather than the shortest only):
//
//	register(n) = SETUP[n] + ANNUAL[n] when period prices exist, else SETUP + n × ANNUAL
//	renew(n)    = ANNUAL[n], else n × ANNUAL
//	transfer(n) = TRANSFER[n], else max(n, 1) × TRANSFER (n = the first transfer term)
//	restore     = RESTORE
//	trade       = TRADE (one term, like the registry's fee; a TLD without a TRADE
//	              relation changes owners for free and has no trade cost)
//
// A TLD without a repository, registration terms or a registration price is
// left out with a Problem. Options are matched to costs by TLD.
func BuildCatalogue(pl regbox.PriceList, opts []regbox.TLDOptions) ([]TLD, []Problem) {
	byTLD := make(map[string]regbox.TLDOptions, len(opts))
	for _, o := range opts {
		byTLD[o.TLD] = o
	}
	var out []TLD
	var problems []Problem
	for _, c := range pl.TLDs {
		o, ok := byTLD[c.TLD]
		switch {
		case !ok || o.Repository == "":
			problems = append(problems, Problem{c.TLD, "The registrar does not offer this TLD (no repository)."})
			continue
		case len(o.RegisterPeriods) == 0:
			problems = append(problems, Problem{c.TLD, "Missing registration periods."})
			continue
		}
		t := TLD{TLD: c.TLD, Class: c.Class, Enabled: true, Currency: strings.ToUpper(c.Currency),
			RegisterPeriods: o.RegisterPeriods, RenewPeriods: o.RenewPeriods, TransferPeriods: o.TransferPeriods,
			AuthRequired: o.AuthRequired, IDProtection: o.IDProtection, RedemptionDays: o.RedemptionDays, Repository: o.Repository}
		t.Costs = costsOf(c, o, t.Currency)
		if !slices.ContainsFunc(t.Costs, func(x Cost) bool { return x.Kind == KindRegister }) {
			problems = append(problems, Problem{c.TLD, "No registration price."})
			continue
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b TLD) int { return strings.Compare(a.TLD, b.TLD) })
	return out, problems
}

// costsOf computes a TLD's costs for each of its terms.
func costsOf(c regbox.TLDCost, o regbox.TLDOptions, cur string) []Cost {
	var out []Cost
	get := func(m map[int]string, n int) (int64, bool) {
		v, ok := m[n]
		if !ok {
			return 0, false
		}
		return parseAmount(v, cur)
	}
	perYear := func(m map[int]string, n int) (int64, bool) {
		if v, ok := get(m, n); ok {
			return v, true
		}
		if _, exists := m[n]; exists { // blocked for this term
			return 0, false
		}
		v, ok := get(m, 0)
		return v * int64(max(n, 1)), ok
	}
	for _, n := range o.RegisterPeriods {
		annual, ok := perYear(c.Annual, n)
		if !ok {
			continue
		}
		setup, _ := get(c.Setup, n)
		if _, exists := c.Setup[n]; !exists {
			setup, _ = get(c.Setup, 0)
		}
		out = append(out, Cost{KindRegister, n, setup + annual})
	}
	for _, n := range o.RenewPeriods {
		if v, ok := perYear(c.Annual, n); ok {
			out = append(out, Cost{KindRenew, n, v})
		}
	}
	if len(o.TransferPeriods) > 0 {
		n := o.TransferPeriods[0]
		if v, ok := perYear(c.Transfer, n); ok {
			out = append(out, Cost{KindTransfer, n, v})
		}
	}
	if v, ok := get(c.Restore, 0); ok {
		out = append(out, Cost{KindRestore, 0, v})
	}
	if v, ok := oneTerm(c.Trade, cur); ok {
		out = append(out, Cost{KindTrade, 0, v})
	}
	sortCosts(out)
	return out
}

// kindOrder orders kinds in lists.
var kindOrder = map[string]int{KindRegister: 0, KindRenew: 1, KindTransfer: 2, KindRestore: 3, KindTrade: 4}

// oneTerm reads a one-term fee: the default (key 0), else the shortest
// period's; ok is false when there is none or it is blocked.
func oneTerm(m map[int]string, cur string) (int64, bool) {
	if v, exists := m[0]; exists {
		return parseAmount(v, cur)
	}
	keys := slices.Sorted(maps.Keys(m))
	if len(keys) == 0 {
		return 0, false
	}
	return parseAmount(m[keys[0]], cur)
}

// sortCosts sorts by kind, then years.
func sortCosts(cs []Cost) {
	slices.SortFunc(cs, func(a, b Cost) int {
		if a.Kind != b.Kind {
			return kindOrder[a.Kind] - kindOrder[b.Kind]
		}
		return a.Years - b.Years
	})
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// roundHalfUp rounds a non-negative rational half up.
func roundHalfUp(v *big.Rat) int64 {
	n := new(big.Int).Mul(v.Num(), big.NewInt(2))
	n.Add(n, v.Denom())
	return n.Quo(n, new(big.Int).Mul(v.Denom(), big.NewInt(2))).Int64()
}
