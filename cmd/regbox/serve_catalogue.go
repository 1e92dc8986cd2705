package main

import (
	"context"
	"log/slog"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/pricing"
)

// defaultCurrency is the shop currency a new installation starts with: the
// currency HEXONET accounts are kept in.
var defaultCurrency = billing.Currency{Code: "EUR", Suffix: " EUR", Rate: "1", MinorUnits: 2, Default: true}

// ensureCurrency gives a new installation its default currency, so that a price
// sync has a currency to sell in. More are added with `regbox currencies`.
func ensureCurrency(ctx context.Context, bill *billing.Service, log *slog.Logger) error {
	cs, err := bill.Currencies(ctx)
	if err != nil || len(cs) > 0 {
		return err
	}
	if _, err := bill.PutCurrency(ctx, defaultCurrency); err != nil {
		return err
	}
	log.Info("no currency yet: created the default", "currency", defaultCurrency.Code)
	return nil
}

// firstPriceSync queues the TLD price sync at once when none has ever run, so a
// new installation sells domains (and lookups find TLDs) without waiting for the
// daily slot. The job is unique: several nodes starting together queue one.
func firstPriceSync(ctx context.Context, q jobs.Queue, prices *pricing.Service, log *slog.Logger) error {
	_, err := prices.LastSync(ctx)
	switch regbox.ErrorCode(err) {
	case "":
		return nil
	case regbox.ENOTFOUND:
	default:
		return err
	}
	res, err := q.EnqueueNow(ctx, jobs.Job{Kind: jobs.PriceSync, Unique: true, UniqueKey: "first-sync"})
	if err != nil {
		return err
	}
	if !res.Duplicate {
		log.Info("no TLD price sync has run yet: queued one now", "job", res.ID)
	}
	return nil
}
