package billing_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// setup returns a service with EUR (default) and USD set up.
func setup(t *testing.T, db *store.DB) *billing.Service {
	t.Helper()
	s := billing.New(db)
	ctx := context.Background()
	for _, c := range []billing.Currency{
		{Code: "eur", Prefix: "€", Rate: "1", MinorUnits: 2, Default: true},
		{Code: "USD", Prefix: "$", Rate: "1.0850", MinorUnits: 2, Rounding: billing.RoundHalfEven},
	} {
		if _, err := s.PutCurrency(ctx, c); err != nil {
			t.Fatalf("PutCurrency(%s): %v", c.Code, err)
		}
	}
	return s
}

func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	if regbox.ErrorCode(err) != code || regbox.ErrorField(err) != field {
		t.Fatalf("error = %v (code %q, field %q), want code %q field %q", err, regbox.ErrorCode(err), regbox.ErrorField(err), code, field)
	}
}

func TestCurrencies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		eur, err := s.Currency(ctx, "EUR")
		if err != nil || !eur.Default || eur.Code != "EUR" || eur.Rounding != billing.RoundHalfUp {
			t.Fatalf("Currency(EUR) = %+v, %v", eur, err)
		}
		// A new default clears the old one.
		if _, err := s.PutCurrency(ctx, billing.Currency{Code: "GBP", Rate: "1", Suffix: " GBP", MinorUnits: 2, Default: true}); err != nil {
			t.Fatal(err)
		}
		cs, err := s.Currencies(ctx)
		if err != nil || len(cs) != 3 {
			t.Fatalf("Currencies = %+v, %v", cs, err)
		}
		for _, c := range cs {
			if c.Default != (c.Code == "GBP") {
				t.Errorf("%s: Default = %v", c.Code, c.Default)
			}
		}
		_, err = s.Currency(ctx, "CHF")
		wantCode(t, err, regbox.ENOTFOUND, "")

		bad := []struct {
			c     billing.Currency
			field string
		}{
			{billing.Currency{Code: "XXY", Rate: "1"}, "code"},
			{billing.Currency{Code: "EURO", Rate: "1"}, "code"},
			{billing.Currency{Code: "CHF", Rate: "-1"}, "rate"},
			{billing.Currency{Code: "CHF", Rate: "1e3"}, "rate"},
			{billing.Currency{Code: "CHF", Rate: "abc"}, "rate"},
			{billing.Currency{Code: "CHF", Rate: "2", Default: true}, "rate"},
			{billing.Currency{Code: "CHF", Rate: "1", MinorUnits: 5}, "minor_units"},
			{billing.Currency{Code: "CHF", Rate: "1", Rounding: "sideways"}, "rounding"},
		}
		for _, b := range bad {
			_, err := s.PutCurrency(ctx, b.c)
			wantCode(t, err, regbox.EINVALID, b.field)
		}
	})
}

func TestFormatAndConvert(t *testing.T) {
	eur := billing.Currency{Code: "EUR", Prefix: "€", Rate: "1", MinorUnits: 2}
	usd := billing.Currency{Code: "USD", Prefix: "$", Rate: "1.0850", MinorUnits: 2, Rounding: billing.RoundHalfEven}
	jpy := billing.Currency{Code: "JPY", Suffix: " ¥", Rate: "162.5", MinorUnits: 0, Rounding: billing.RoundDown}
	for _, tc := range []struct {
		c    billing.Currency
		in   int64
		want string
	}{
		{eur, 1250, "€12.50"}, {eur, 5, "€0.05"}, {eur, 0, "€0.00"}, {eur, -1250, "-€12.50"},
		{jpy, 1234, "1234 ¥"}, {eur, -9223372036854775808, "-€92233720368547758.08"},
	} {
		if got := tc.c.Format(tc.in); got != tc.want {
			t.Errorf("Format(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		from, to billing.Currency
		in, want int64
	}{
		{eur, usd, 1000, 1085},   // 10.00 EUR = 10.85 USD
		{usd, eur, 1085, 1000},   // and back
		{eur, usd, 10, 11},       // 10.85 cents → 11
		{eur, usd, 30, 33},       // 32.55 cents → 33
		{eur, jpy, 1999, 3248},   // 19.99 × 162.5 = 3248.375 → down
		{eur, jpy, -1999, -3248}, // toward zero
		{eur, eur, 0, 0},
	} {
		got, err := billing.Convert(tc.in, tc.from, tc.to)
		if err != nil || got != tc.want {
			t.Errorf("Convert(%d %s→%s) = %d, %v; want %d", tc.in, tc.from.Code, tc.to.Code, got, err, tc.want)
		}
	}
	half := billing.Currency{Code: "USD", Rate: "0.5", MinorUnits: 0, Rounding: billing.RoundHalfEven}
	one := billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 0}
	for in, want := range map[int64]int64{1: 0, 3: 2, 5: 2, 7: 4} { // x.5 to even
		if got, _ := billing.Convert(in, one, half); got != want {
			t.Errorf("half-even Convert(%d) = %d, want %d", in, got, want)
		}
	}
	half.Rounding = billing.RoundHalfUp
	if got, _ := billing.Convert(5, one, half); got != 3 {
		t.Errorf("half-up Convert(5) = %d, want 3", got)
	}
	half.Rounding = billing.RoundUp
	if got, _ := billing.Convert(-3, one, half); got != -2 {
		t.Errorf("up Convert(-3) = %d, want -2", got)
	}
}
