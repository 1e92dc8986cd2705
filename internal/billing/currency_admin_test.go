package billing

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestCurrencyAdmin(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db)
		eur, err := s.CreateCurrency(ctx, Currency{Code: "eur", Prefix: "€", Rate: "1", MinorUnits: 2})
		if err != nil || !eur.Default || eur.Code != "EUR" {
			t.Fatalf("first currency: %+v %v", eur, err)
		}
		if _, err := s.CreateCurrency(ctx, Currency{Code: "EUR", Rate: "1", MinorUnits: 2}); regbox.ErrorCode(err) != regbox.ECONFLICT || regbox.ErrorField(err) != "code" {
			t.Fatalf("duplicate: %v", err)
		}
		usd, err := s.CreateCurrency(ctx, Currency{Code: "USD", Prefix: "$", Rate: "1.25", MinorUnits: 2})
		if err != nil || usd.Default {
			t.Fatalf("usd: %+v %v", usd, err)
		}
		if _, err := s.CreateCurrency(ctx, Currency{Code: "GBP", Rate: "1/2", MinorUnits: 2}); regbox.ErrorField(err) != "rate" {
			t.Fatalf("fraction rate: %v", err)
		}
		if _, err := s.SetCurrencyRate(ctx, "USD", "-1"); regbox.ErrorField(err) != "rate" {
			t.Fatalf("negative rate: %v", err)
		}
		if _, err := s.SetCurrencyRate(ctx, "EUR", "2"); regbox.ErrorField(err) != "rate" {
			t.Fatalf("default's rate: %v", err)
		}
		if _, err := s.SetCurrencyRate(ctx, "CHF", "2"); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("unknown: %v", err)
		}
		if usd, err = s.SetCurrencyRate(ctx, "usd", "1.6"); err != nil || usd.Rate != "1.6" {
			t.Fatalf("set rate: %+v %v", usd, err)
		}
		if _, err := s.UpdateCurrency(ctx, Currency{Code: "USD", Prefix: "US$", Rate: "1.6", MinorUnits: 2, Rounding: "sideways"}); regbox.ErrorField(err) != "rounding" {
			t.Fatalf("rounding: %v", err)
		}
		before, err := Convert(1000, eur, usd) // €10.00 → $16.00
		if err != nil || before != 1600 {
			t.Fatalf("convert: %d %v", before, err)
		}
		usd, err = s.SetDefaultCurrency(ctx, "USD")
		if err != nil || !usd.Default || usd.Rate != "1" {
			t.Fatalf("default: %+v %v", usd, err)
		}
		eur, err = s.Currency(ctx, "EUR")
		if err != nil || eur.Default || eur.Rate != "0.625" {
			t.Fatalf("eur after: %+v %v", eur, err)
		}
		if after, err := Convert(1000, eur, usd); err != nil || after != before {
			t.Fatalf("convert after: %d %v", after, err)
		}
	})
}
