package pricing

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
)

// Rounding of selling prices: none, up to a whole unit, or up to the next price
// ending in .99, .95 or .49 (in currencies with minor units).
const (
	RoundNone  = ""
	RoundWhole = "whole"
	Round99    = ".99"
	Round95    = ".95"
	Round49    = ".49"
)

// Markup is an operator's rule from cost to selling price: Percent on top of the
// cost, plus Fixed (minor units of the default currency) per year of the term,
// then rounded. TLD and Group "" apply to every TLD and every client group; the
// most specific rule wins (TLD and group, then TLD, then group, then neither).
type Markup struct {
	TLD      string `json:"tld"`
	Group    string `json:"client_group"`
	Percent  string `json:"percent"`
	Fixed    int64  `json:"fixed"`
	Rounding string `json:"rounding"`
}

// Validate checks a rule and normalises it.
func (m *Markup) Validate() error {
	m.TLD = strings.ToLower(strings.Trim(strings.TrimSpace(m.TLD), "."))
	m.Group = strings.TrimSpace(m.Group)
	m.Percent = strings.TrimSpace(m.Percent)
	if m.Percent == "" {
		m.Percent = "0"
	}
	if r, ok := new(big.Rat).SetString(m.Percent); !ok || strings.ContainsAny(m.Percent, "/eE") || r.Sign() < 0 || r.Cmp(big.NewRat(1000, 1)) > 0 {
		return regbox.FieldError("percent", "%q is not a percentage between 0 and 1000.", m.Percent)
	}
	if m.Fixed < 0 {
		return regbox.FieldError("fixed", "A fixed markup cannot be negative.")
	}
	switch m.Rounding {
	case RoundNone, RoundWhole, Round99, Round95, Round49:
	default:
		return regbox.FieldError("rounding", "%q: use whole, .99, .95, .49 or nothing.", m.Rounding)
	}
	return nil
}

// Rules are what selling prices are computed with.
type Rules struct {
	Markups    []Markup
	Currencies []billing.Currency   // the shop's currencies; prices are made in each
	Rates      regbox.ExchangeRates // the registrar's, for cost currencies the shop does not have
}

// groups returns the client groups that have prices: "" and every group a rule names.
func (r Rules) groups() []string {
	out := []string{""}
	for _, m := range r.Markups {
		if m.Group != "" && !contains(out, m.Group) {
			out = append(out, m.Group)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// rule returns the most specific rule for tld and group, or a zero markup.
func (r Rules) rule(tld, group string) Markup {
	best, score := Markup{Percent: "0"}, -1
	for _, m := range r.Markups {
		if (m.TLD != "" && m.TLD != tld) || (m.Group != "" && m.Group != group) {
			continue
		}
		s := 0
		if m.TLD != "" {
			s += 2
		}
		if m.Group != "" {
			s++
		}
		if s > score {
			best, score = m, s
		}
	}
	return best
}

// seller converts costs into selling prices for one catalogue. Many TLDs cost
// the same, so prices are remembered by everything they depend on.
type seller struct {
	rules  Rules
	byCode map[string]billing.Currency
	def    billing.Currency
	memo   map[sellKey]int64
}

// sellKey is what a selling price depends on.
type sellKey struct {
	cost     int64
	years    int
	markup   Markup
	currency string
}

func newSeller(r Rules) seller {
	s := seller{rules: r, byCode: map[string]billing.Currency{}, memo: map[sellKey]int64{}}
	for _, c := range r.Currencies {
		s.byCode[c.Code] = c
		if c.Default {
			s.def = c
		}
	}
	return s
}

// toDefault converts a cost into minor units of the shop's default currency:
// through the shop's rates when it has the cost currency, else through the
// registrar's rates.
func (s seller) toDefault(amount int64, cur string) (int64, error) {
	if s.def.Code == "" {
		return 0, regbox.Errorf(regbox.EUNAVAILABLE, "The shop has no default currency.")
	}
	if c, ok := s.byCode[cur]; ok {
		return billing.Convert(amount, c, s.def)
	}
	rf, ok1 := new(big.Rat).SetString(s.rules.Rates.Rates[cur])
	rt, ok2 := new(big.Rat).SetString(s.rules.Rates.Rates[s.def.Code])
	if !ok1 || !ok2 || rf.Sign() <= 0 {
		return 0, regbox.Errorf(regbox.EUNAVAILABLE, "No exchange rate for %s.", cur)
	}
	v := new(big.Rat).SetInt64(amount)
	v.Mul(v, rt).Quo(v, rf)
	v.Mul(v, new(big.Rat).SetFrac(pow10(s.def.MinorUnits), pow10(minor(cur))))
	return roundHalfUp(v), nil
}

// sell returns the selling price of a cost (already in the default currency) in
// currency to, for group.
func (s seller) sell(costDefault int64, years int, tld, group string, to billing.Currency) (int64, error) {
	m := s.rules.rule(tld, group)
	m.TLD, m.Group = "", "" // the price depends on the rule's terms, not on what it matched
	key := sellKey{costDefault, max(years, 1), m, to.Code}
	if p, ok := s.memo[key]; ok {
		return p, nil
	}
	pct, ok := new(big.Rat).SetString(m.Percent)
	if !ok { // "" in a rule built by hand: no percentage
		pct = new(big.Rat)
	}
	v := new(big.Rat).SetInt64(costDefault)
	v.Mul(v, new(big.Rat).Add(big.NewRat(1, 1), new(big.Rat).Quo(pct, big.NewRat(100, 1))))
	v.Add(v, new(big.Rat).SetInt64(m.Fixed*int64(max(years, 1))))
	p, err := billing.Convert(roundHalfUp(v), s.def, to)
	if err != nil {
		return 0, err
	}
	p = roundPrice(p, to.MinorUnits, m.Rounding)
	s.memo[key] = p
	return p, nil
}

// roundPrice rounds a price up to the rule's ending.
func roundPrice(p int64, minorUnits int, rounding string) int64 {
	unit := pow10(minorUnits).Int64()
	switch {
	case rounding == RoundNone || p == 0:
		return p
	case rounding == RoundWhole || unit == 1:
		return (p + unit - 1) / unit * unit
	}
	cents, _ := strconv.ParseInt(strings.TrimPrefix(rounding, "."), 10, 64)
	end := cents * unit / 100 // the ending in minor units
	whole := p / unit * unit
	if whole+end >= p {
		return whole + end
	}
	return whole + unit + end
}
