package ispapi_test

import (
	"context"
	"slices"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

func TestCatalogue(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	ctx := context.Background()
	reg := ispapi.New(env.Client, ispapi.Options{})
	rates, err := reg.ExchangeRates(ctx)
	if err != nil || rates.Base != "EUR" || rates.Rates["EUR"] != "1" || rates.Rates["USD"] == "" {
		t.Fatalf("rates %+v %v", rates, err)
	}
	pl, err := reg.PriceList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.TLDs) < 500 || pl.AccountCurrency == "" {
		t.Fatalf("%d TLDs, account currency %q", len(pl.TLDs), pl.AccountCurrency)
	}
	byTLD := map[string]regbox.TLDCost{}
	for _, c := range pl.TLDs {
		byTLD[c.TLD] = c
	}
	// The TRADE relation (an owner change's fee) is read like RESTORE.
	if c := byTLD["com"]; c.Annual[0] != "8.99" || c.Currency != "EUR" || c.Class != "COM" || c.Trade[0] != "0.00" || c.Restore[0] != "80.00" {
		t.Errorf("com %+v", c)
	}
	if c, ok := byTLD["co.uk"]; !ok || c.Class != "COUK" {
		t.Errorf("co.uk %+v", c)
	}
	if c := byTLD["tm"]; c.Annual[10] == "" {
		t.Errorf("tm has no 10-year price: %+v", c)
	}
	if _, ok := byTLD["xn--p1ai"]; !ok {
		t.Error("xn--p1ai missing")
	}
	if p := pl.Premium["PREMIUM_COM_A"]; p.Annual != "2499.00" || p.Currency != "EUR" {
		t.Errorf("PREMIUM_COM_A %+v", p)
	}
	if p := pl.Premium["PREMIUM_TOP_CNY"]; p.Markup["SETUP"] != (regbox.Markup{Percent: "10", Fixed: "5.00"}) {
		t.Errorf("PREMIUM_TOP_CNY %+v", p)
	}
	opts, err := reg.TLDOptions(ctx, []string{"com", "de", "co.uk", "nosuchtld"})
	if err != nil {
		t.Fatal(err)
	}
	if o := opts[0]; o.TLD != "com" || !o.AuthRequired || !o.IDProtection || len(o.RegisterPeriods) != 10 || o.RedemptionDays != 30 {
		t.Errorf("com options %+v", o)
	}
	if o := opts[1]; !slices.Equal(o.TransferPeriods, []int{0}) || o.IDProtection {
		t.Errorf("de options %+v", o)
	}
	if opts[3].Repository != "" {
		t.Errorf("unknown TLD has a repository: %+v", opts[3])
	}
	many := make([]string, 450)
	for i := range many {
		many[i] = pl.TLDs[i].TLD
	}
	opts, err = reg.TLDOptions(ctx, many)
	if err != nil || len(opts) != 450 || opts[449].TLD != many[449] || opts[449].Repository == "" {
		t.Fatalf("450 TLDs in chunks: %d %v", len(opts), err)
	}
}

func TestSuggestDomains(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	reg := ispapi.New(env.Client, ispapi.Options{})
	page, err := reg.SuggestDomains(context.Background(), regbox.SuggestionQuery{Keyword: "coffee", Zones: []string{"com", "net"}, First: 2, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(page.Names, []string{"getcoffee.com", "getcoffee.net", "coffeehq.com"}) || page.Total < 20 {
		t.Errorf("page %+v", page)
	}
}
