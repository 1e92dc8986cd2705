package main

import (
	"context"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/store"
)

// premiumRegistrar is what premium names are checked and priced through.
type premiumRegistrar interface {
	regbox.DomainChecker
	regbox.CatalogueReader
}

// withPremium lets p price premium names in orders as lookups show them: the
// lookup.premium/aftermarket switches and the premium markup table (read per
// quote, so a changed table applies at once).
func withPremium(p *pricing.Service, cfg *config.Config, reg premiumRegistrar, bill *billing.Service) {
	p.SetPremium(lookup.New(reg, lookup.Options{Currencies: bill, Premium: cfg.Lookup.Premium,
		Aftermarket: cfg.Lookup.Aftermarket, Markup: p}))
}

// orderPrices returns what the domain commands price orders by: the synced
// catalogue (regbox prices sync) and premium prices, or, with --price, that
// amount for the order (the operator's explicit override).
func orderPrices(ctx context.Context, db *store.DB, cfg *config.Config, reg premiumRegistrar, f *domainFlags) (domains.Prices, error) {
	if f != nil && f.price != "" {
		amount, err := parseMinor(f.price)
		if err != nil {
			return nil, err
		}
		return domains.PriceFunc(func(context.Context, int64, string, domains.Operation, string, int) (int64, error) {
			return amount, nil
		}), nil
	}
	bill := billing.New(db)
	p := pricing.New(db, reg, bill)
	withPremium(p, cfg, reg, bill)
	return p, nil
}
