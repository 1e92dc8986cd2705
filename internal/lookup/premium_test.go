package lookup_test

import (
	"context"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

func TestPremiumPrices(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	reg := ispapi.New(env.Client, ispapi.Options{PremiumChannels: true})
	tiers := []lookup.MarkupTier{{UpTo: 50000, Percent: "20"}, {Percent: "10"}}
	if err := lookup.ValidateTiers(tiers); err != nil {
		t.Fatal(err)
	}
	s := lookup.New(reg, lookup.Options{Premium: true, Currencies: shopCurrencies, MarkupTiers: tiers})
	got, _ := collect(t, s, lookup.Query{Label: "casino", TLDs: []string{"com"}, Currency: "usd"})
	p := got["com"].Prices
	// 999.00 EUR cost, +10 % (above the 500.00 tier) = 1098.90 EUR, at 1.10 = 1208.79 USD.
	if got["com"].Status != regbox.Premium || p == nil || p.Currency != "USD" || *p.Register != 120879 || *p.Renew != 120879 || *p.Transfer != 120879 {
		t.Fatalf("casino.com %+v %+v", got["com"], p)
	}

	// A variable-fee class: the register price equals the registrar's quote; renew
	// and transfer follow the class's fees and the markup relations.
	plain := lookup.New(reg, lookup.Options{Premium: true, Currencies: shopCurrencies})
	got, _ = collect(t, plain, lookup.Query{Label: "abcd", TLDs: []string{"top", "ink"}})
	top := got["top"]
	r, err := env.Client.Call(context.Background(), proto.NewCommand("CheckDomains").Set("DOMAIN0", "abcd.top").Set("PREMIUMCHANNELS", "*"))
	if err != nil {
		t.Fatal(err)
	}
	quoted, _ := new(big.Rat).SetString(r.Value("PRICE", 0))
	if top.Status != regbox.Premium || top.PremiumClass != r.Value("CLASS", 0) || ratCents(quoted) != *top.Prices.Register {
		t.Fatalf("abcd.top %+v %+v, quoted %s", top, top.Prices, r.Value("PRICE", 0))
	}
	fees := strings.Split(top.PremiumClass, ":")
	renewFee, _ := strconv.ParseInt(fees[1], 10, 64)
	// renew: fee CNY / 7.8 × 1.10 + 2.00 EUR
	want := new(big.Rat).Mul(big.NewRat(renewFee*100, 1), big.NewRat(1_000000, 7_800000))
	want.Mul(want, big.NewRat(110, 100)).Add(want, big.NewRat(200, 1))
	if *top.Prices.Renew != ratRound(want) || *top.Prices.Transfer != ratRound(want) {
		t.Errorf("abcd.top renew %d transfer %d, want %d", *top.Prices.Renew, *top.Prices.Transfer, ratRound(want))
	}
	// .ink has a percentage markup and no fixed part: it still applies.
	inkFees := strings.Split(got["ink"].PremiumClass, ":")
	inkRenew, _ := strconv.ParseInt(inkFees[1], 10, 64)
	wantInk := new(big.Rat).Mul(big.NewRat(inkRenew*100*120, 100), big.NewRat(1_000000, 1_083000))
	if *got["ink"].Prices.Renew != ratRound(wantInk) {
		t.Errorf("abcd.ink renew %d, want %d", *got["ink"].Prices.Renew, ratRound(wantInk))
	}

	// Hidden premium names show as registered; a registrar currency the shop does
	// not have makes the name unavailable with a clear reason.
	hidden := lookup.New(reg, lookup.Options{Currencies: shopCurrencies})
	got, _ = collect(t, hidden, lookup.Query{Label: "casino", TLDs: []string{"com"}})
	if got["com"].Status != regbox.Registered || got["com"].Prices != nil {
		t.Errorf("hidden premium %+v", got["com"])
	}
	noEUR := lookup.New(reg, lookup.Options{Premium: true, Currencies: currencies{{Code: "USD", Rate: "1", MinorUnits: 2, Default: true, Rounding: billing.RoundHalfUp}}})
	got, _ = collect(t, noEUR, lookup.Query{Label: "casino", TLDs: []string{"com"}})
	if got["com"].Status != regbox.Reserved || !strings.Contains(got["com"].Reason, "Missing currency configuration for: EUR") {
		t.Errorf("missing currency %+v", got["com"])
	}
	// Aftermarket names: offered only when switched on, at the asking price.
	got, _ = collect(t, s, lookup.Query{Label: "resale-shop", TLDs: []string{"com"}})
	if r := got["com"]; r.Status != regbox.Registered || r.Aftermarket {
		t.Errorf("aftermarket while off: %+v", r)
	}
	after := lookup.New(reg, lookup.Options{Aftermarket: true, Currencies: shopCurrencies})
	got, _ = collect(t, after, lookup.Query{Label: "resale-shop", TLDs: []string{"com"}})
	if r := got["com"]; r.Status != regbox.Premium || !r.Aftermarket || r.Prices == nil || *r.Prices.Register < 50000 || r.Prices.Renew != nil {
		t.Errorf("aftermarket while on: %+v %+v", r, r.Prices)
	}
	if _, err := s.Check(context.Background(), lookup.Query{Label: "casino", TLDs: []string{"com"}, Currency: "XYZ"}, func(lookup.Result) {}); regbox.ErrorField(err) != "currency" {
		t.Errorf("unknown currency: %v", err)
	}
	for _, bad := range [][]lookup.MarkupTier{{{Percent: "x"}}, {{UpTo: 100, Percent: "1"}, {UpTo: 50, Percent: "1"}}, {{Percent: "1"}, {UpTo: 5, Percent: "1"}}} {
		if regbox.ErrorCode(lookup.ValidateTiers(bad)) != regbox.EINVALID {
			t.Errorf("tiers %+v accepted", bad)
		}
	}
}

func ratCents(v *big.Rat) int64 { return ratRound(new(big.Rat).Mul(v, big.NewRat(100, 1))) }

// ratRound rounds a non-negative rational half up.
func ratRound(v *big.Rat) int64 {
	h := new(big.Rat).Add(v, big.NewRat(1, 2))
	return new(big.Int).Quo(h.Num(), h.Denom()).Int64()
}

// markupTable is a premium markup table the operator may change at any time.
type markupTable struct{ tiers []lookup.MarkupTier }

func (m *markupTable) PremiumMarkup(context.Context) ([]lookup.MarkupTier, error) {
	return m.tiers, nil
}

// TestPremiumMarkupReadPerQuote: with a Markup source, a changed table applies
// to the next quote, with no new service.
func TestPremiumMarkupReadPerQuote(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	reg := ispapi.New(env.Client, ispapi.Options{PremiumChannels: true})
	table := &markupTable{}
	s := lookup.New(reg, lookup.Options{Premium: true, Currencies: shopCurrencies, Markup: table})
	checks, err := reg.CheckDomains(context.Background(), []string{"casino.com"})
	if err != nil {
		t.Fatal(err)
	}
	prices, err := s.PremiumPrices(context.Background(), checks[0], "EUR")
	if err != nil {
		t.Fatal(err)
	}
	table.tiers = []lookup.MarkupTier{{Percent: "10"}}
	marked, err := s.PremiumPrices(context.Background(), checks[0], "EUR")
	if err != nil {
		t.Fatal(err)
	}
	if prices.Renew == nil || marked.Renew == nil || *marked.Renew != *prices.Renew*11/10 {
		t.Fatalf("without markup %+v, with 10%% %+v", prices, marked)
	}
}
