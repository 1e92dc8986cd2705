package lookup

// Premium prices (registrar-module.md §7.3), without the reference code's defects:
//   - registry premium (CLASS without ":"): register = the check's PRICE in its
//     CURRENCY; renew = PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL and transfer = _TRANSFER,
//     in _CURRENCY (regbox.PriceList.Premium);
//   - variable-fee premium (CLASS "PREMIUM_TOP_CNY:24:2976": renewal and
//     registration fee in the class's currency): the fee converted with the
//     registrar's rates into the markup's currency, × (1 + VAR/100) + FIX, the
//     SETUP markup for register, ANNUAL for renew, TRANSFER for transfer. Each
//     part applies on its own (the reference code applied the markup only when both
//     were non-zero, and used undefined variables in two conversion branches);
//   - an aftermarket name has its register price from the check only.
// The cost is then converted into the client's currency through the platform's
// currencies (internal/billing), the operator's premium markup applied by cost
// tier; a registrar currency the platform does not have is an error ("Missing
// currency configuration", the seed's FAQ #11), and the name is then not offered.

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
)

// Prices are what a premium name costs the client, in minor units of Currency;
// nil when unknown.
type Prices struct {
	Currency string `json:"currency"`
	Register *int64 `json:"register,omitempty"`
	Renew    *int64 `json:"renew,omitempty"`
	Transfer *int64 `json:"transfer,omitempty"`
}

// MarkupTier is a line of the operator's premium markup table: costs up to UpTo
// (minor units of the platform's default currency; 0 = no bound) are sold at
// Percent (decimal text) above cost.
type MarkupTier struct {
	UpTo    int64  `json:"up_to" toml:"up_to"`
	Percent string `json:"percent" toml:"percent"`
}

// Currencies are the platform's currencies (billing.Service).
type Currencies interface {
	Currencies(ctx context.Context) ([]billing.Currency, error)
}

// premiumTTL is how long the registrar's premium relations and rates are reused,
// as the registrar module caches StatusUser for ten minutes.
const premiumTTL = 10 * time.Minute

// pricer computes premium prices.
type pricer struct {
	source     regbox.CatalogueReader // may be nil: register prices from the check only
	currencies Currencies
	tiers      []MarkupTier
	markup     MarkupSource // when set, read per quote instead of tiers
	clock      regbox.Clock

	mu      sync.Mutex
	fetched time.Time
	list    regbox.PriceList
	rates   regbox.ExchangeRates
}

// relations returns the cached price list and rates, fetched again when stale.
func (p *pricer) relations(ctx context.Context) (regbox.PriceList, regbox.ExchangeRates, error) {
	if p.source == nil {
		return regbox.PriceList{}, regbox.ExchangeRates{}, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := p.clock.Now(); p.fetched.IsZero() || now.Sub(p.fetched) >= premiumTTL {
		list, err := p.source.PriceList(ctx)
		if err != nil {
			return list, p.rates, err
		}
		rates, err := p.source.ExchangeRates(ctx)
		if err != nil {
			return list, rates, err
		}
		p.list, p.rates, p.fetched = list, rates, now
	}
	return p.list, p.rates, nil
}

// amount is a cost in a currency.
type amount struct {
	v   *big.Rat
	cur string
}

// costs returns the registrar's register, renew and transfer cost of a premium
// check (nil where unknown).
func (p *pricer) costs(ctx context.Context, d regbox.DomainCheck) (reg, renew, transfer *amount, err error) {
	if d.Price != "" {
		v, ok := new(big.Rat).SetString(d.Price)
		if !ok {
			return nil, nil, nil, fmt.Errorf("lookup: premium price %q of %s", d.Price, d.Domain)
		}
		reg = &amount{v, strings.ToUpper(d.Currency)}
	}
	if d.PremiumClass == "" {
		return reg, nil, nil, nil
	}
	list, rates, err := p.relations(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if base, fees, ok := strings.Cut(d.PremiumClass, ":"); ok {
		return variableCosts(list.Premium[strings.ToUpper(base)], strings.ToUpper(base), fees, rates)
	}
	pc, ok := list.Premium[strings.ToUpper(d.PremiumClass)]
	if !ok {
		return reg, nil, nil, nil
	}
	if v, ok := new(big.Rat).SetString(pc.Annual); ok {
		renew = &amount{v, pc.Currency}
	}
	if v, ok := new(big.Rat).SetString(pc.Transfer); ok {
		transfer = &amount{v, pc.Currency}
	}
	return reg, renew, transfer, nil
}

// variableCosts applies a variable-fee class's markups to its fees ("24:2976").
func variableCosts(pc regbox.PremiumCost, base, fees string, rates regbox.ExchangeRates) (reg, renew, transfer *amount, err error) {
	renewText, regText, _ := strings.Cut(fees, ":")
	renewFee, ok1 := new(big.Rat).SetString(renewText)
	regFee, ok2 := new(big.Rat).SetString(regText)
	if !ok1 || !ok2 {
		return nil, nil, nil, fmt.Errorf("lookup: premium class %s:%s: fees are not numbers", base, fees)
	}
	from := base[strings.LastIndex(base, "_")+1:]
	to := pc.Currency
	if to == "" {
		to = from
	}
	conv := func(fee *big.Rat, kind string) (*amount, error) {
		v, err := convertRate(fee, from, to, rates)
		if err != nil {
			return nil, err
		}
		m := pc.Markup[kind]
		if pct, ok := new(big.Rat).SetString(m.Percent); ok {
			v.Mul(v, new(big.Rat).Add(big.NewRat(1, 1), new(big.Rat).Quo(pct, big.NewRat(100, 1))))
		}
		if fix, ok := new(big.Rat).SetString(m.Fixed); ok {
			v.Add(v, fix)
		}
		return &amount{v, to}, nil
	}
	if reg, err = conv(regFee, "SETUP"); err != nil {
		return nil, nil, nil, err
	}
	if renew, err = conv(renewFee, "ANNUAL"); err != nil {
		return nil, nil, nil, err
	}
	transfer, err = conv(renewFee, "TRANSFER")
	return reg, renew, transfer, err
}

// convertRate converts with the registrar's rates: v / rate[from] * rate[to].
func convertRate(v *big.Rat, from, to string, rates regbox.ExchangeRates) (*big.Rat, error) {
	out := new(big.Rat).Set(v)
	if from == to {
		return out, nil
	}
	rf, ok1 := new(big.Rat).SetString(rates.Rates[from])
	rt, ok2 := new(big.Rat).SetString(rates.Rates[to])
	if !ok1 || !ok2 || rf.Sign() <= 0 {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "No exchange rate from %s to %s.", from, to)
	}
	return out.Quo(out, rf).Mul(out, rt), nil
}

// quote prices a premium check for a client paying in currency client.
func (p *pricer) quote(ctx context.Context, d regbox.DomainCheck, client string) (*Prices, error) {
	reg, renew, transfer, err := p.costs(ctx, d)
	if err != nil {
		return nil, err
	}
	cs, err := p.currencies.Currencies(ctx)
	if err != nil {
		return nil, err
	}
	byCode := map[string]billing.Currency{}
	var def billing.Currency
	for _, c := range cs {
		byCode[c.Code] = c
		if c.Default {
			def = c
		}
	}
	to, ok := byCode[strings.ToUpper(client)]
	if client == "" {
		to, ok = def, def.Code != ""
	}
	if !ok {
		return nil, regbox.FieldError("currency", "%q is not a currency of this shop.", client)
	}
	tiers := p.tiers
	if p.markup != nil {
		if tiers, err = p.markup.PremiumMarkup(ctx); err != nil {
			return nil, err
		}
	}
	out := &Prices{Currency: to.Code}
	for _, x := range []struct {
		a   *amount
		dst **int64
	}{{reg, &out.Register}, {renew, &out.Renew}, {transfer, &out.Transfer}} {
		if x.a == nil {
			continue
		}
		v, err := sell(*x.a, tiers, byCode, def, to)
		if err != nil {
			return nil, err
		}
		*x.dst = &v
	}
	return out, nil
}

// sell converts a cost into the client's currency with the operator's markup.
func sell(a amount, tiers []MarkupTier, byCode map[string]billing.Currency, def, to billing.Currency) (int64, error) {
	from, ok := byCode[a.cur]
	if !ok || def.Code == "" {
		return 0, regbox.Errorf(regbox.EUNAVAILABLE, "Missing currency configuration for: %s.", a.cur)
	}
	minor := new(big.Rat).Mul(a.v, new(big.Rat).SetInt(pow10(from.MinorUnits)))
	cost, err := billing.Convert(roundHalfUp(minor), from, def)
	if err != nil {
		return 0, err
	}
	sold := new(big.Rat).SetInt64(cost)
	if pct := tierPercent(tiers, cost); pct != nil {
		sold.Mul(sold, new(big.Rat).Add(big.NewRat(1, 1), new(big.Rat).Quo(pct, big.NewRat(100, 1))))
	}
	return billing.Convert(roundHalfUp(sold), def, to)
}

// tierPercent returns the markup of the first tier whose bound covers cost.
func tierPercent(tiers []MarkupTier, cost int64) *big.Rat {
	for _, t := range tiers {
		if t.UpTo == 0 || cost <= t.UpTo {
			pct, ok := new(big.Rat).SetString(t.Percent)
			if !ok {
				return nil
			}
			return pct
		}
	}
	return nil
}

// ValidateTiers checks a markup table: ascending bounds, the unbounded tier last,
// percentages that are numbers.
func ValidateTiers(tiers []MarkupTier) error {
	for i, t := range tiers {
		if _, ok := new(big.Rat).SetString(t.Percent); !ok || strings.ContainsAny(t.Percent, "/eE") {
			return regbox.FieldError("premium_markup["+strconv.Itoa(i)+"].percent", "%q is not a decimal number.", t.Percent)
		}
		if t.UpTo < 0 || (i > 0 && (tiers[i-1].UpTo == 0 || t.UpTo != 0 && t.UpTo <= tiers[i-1].UpTo)) {
			return regbox.FieldError("premium_markup["+strconv.Itoa(i)+"].up_to", "Bounds must rise, with the unbounded tier last.")
		}
	}
	return nil
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// roundHalfUp rounds a non-negative rational to an integer, half up.
func roundHalfUp(v *big.Rat) int64 {
	n := new(big.Int).Mul(v.Num(), big.NewInt(2))
	n.Add(n, v.Denom())
	d := new(big.Int).Mul(v.Denom(), big.NewInt(2))
	return n.Quo(n, d).Int64()
}

// PremiumPrices prices a premium name for a client paying in currency ("" the
// default): register from the check's quote, renew and transfer (per year) by
// its class, as Check does. A premium name the operator does not offer is
// EFORBIDDEN; a class without a known price leaves that price nil.
func (s *Service) PremiumPrices(ctx context.Context, d regbox.DomainCheck, currency string) (*Prices, error) {
	if (d.Aftermarket && !s.opts.Aftermarket) || (!d.Aftermarket && !s.opts.Premium) {
		return nil, regbox.Errorf(regbox.EFORBIDDEN, "Premium names are not offered.")
	}
	if s.opts.Currencies == nil {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "Premium prices are not configured.")
	}
	return s.prices.quote(ctx, d, currency)
}
