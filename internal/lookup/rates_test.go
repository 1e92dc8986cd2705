package lookup_test

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// withoutRate is the registrar with one currency missing from its exchange rates.
type withoutRate struct {
	*ispapi.Registrar
	drop string
}

func (w withoutRate) ExchangeRates(ctx context.Context) (regbox.ExchangeRates, error) {
	r, err := w.Registrar.ExchangeRates(ctx)
	rates := map[string]string{}
	for k, v := range r.Rates {
		if k != w.drop {
			rates[k] = v
		}
	}
	r.Rates = rates
	return r, err
}

// TestCurrencyWithoutRate: a premium name priced in a currency the registrar
// gives no exchange rate for is answered with that reason; the other names of
// the search still arrive, priced.
func TestCurrencyWithoutRate(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	reg := ispapi.New(env.Client, ispapi.Options{PremiumChannels: true})
	full := lookup.New(reg, lookup.Options{Premium: true, Currencies: shopCurrencies})
	got, _ := collect(t, full, lookup.Query{Label: "abcd", TLDs: []string{"top"}})
	base, _, variable := strings.Cut(got["top"].PremiumClass, ":")
	cur := base[strings.LastIndex(base, "_")+1:]
	if got["top"].Status != regbox.Premium || !variable || len(cur) != 3 {
		t.Fatalf("abcd.top is not a variable-fee premium name here: %+v", got["top"])
	}

	s := lookup.New(withoutRate{reg, cur}, lookup.Options{Premium: true, Currencies: shopCurrencies})
	got, sum := collect(t, s, lookup.Query{Label: "abcd", TLDs: []string{"top", "net", "org"}, Currency: "USD"})
	if r := got["top"]; r.Status != regbox.Reserved || !strings.Contains(r.Reason, "No exchange rate from "+cur) || r.Prices != nil {
		t.Errorf("abcd.top without a %s rate: %+v", cur, r)
	}
	if sum.Names != 3 || got["net"].Status == regbox.Unknown || got["org"].Status == regbox.Unknown {
		t.Errorf("the rest of the search: %+v %+v %+v", sum, got["net"], got["org"])
	}
	got, _ = collect(t, s, lookup.Query{Label: "casino", TLDs: []string{"com"}, Currency: "USD"})
	if r := got["com"]; r.Status != regbox.Premium || r.Prices == nil || r.Prices.Currency != "USD" {
		t.Errorf("a registry premium name is still priced: %+v", r)
	}
}
