package billing

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// rateDigits bounds the decimals of a rate rebased onto a new default currency.
const rateDigits = 10

// CreateCurrency adds a new currency; one that exists already is ECONFLICT
// naming code. Making it the default is SetDefaultCurrency's work (its rate
// must then be 1).
func (s *Service) CreateCurrency(ctx context.Context, c Currency) (Currency, error) {
	if err := c.validate(); err != nil {
		return Currency{}, err
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM currencies WHERE code = ?`, c.Code).Scan(&n); err != nil {
		return Currency{}, fmt.Errorf("billing: currency %s: %w", c.Code, err)
	}
	if n > 0 {
		return Currency{}, &regbox.Error{Code: regbox.ECONFLICT, Field: "code", Message: fmt.Sprintf("currency %s exists already", c.Code)}
	}
	if !c.Default {
		var defaults int
		if err := s.db.QueryRow(ctx, `SELECT count(*) FROM currencies WHERE is_default`).Scan(&defaults); err != nil {
			return Currency{}, fmt.Errorf("billing: currencies: %w", err)
		}
		c.Default = defaults == 0 // the first currency is the default
		if c.Default {
			if err := c.validate(); err != nil {
				return Currency{}, err
			}
		}
	}
	return s.putCurrency(ctx, c, "currency.create")
}

// UpdateCurrency replaces the prefix, suffix, rate, minor units and rounding
// of an existing currency (ENOTFOUND otherwise), keeping whether it is the
// default. The minor units change only while no credit or invoice is held in
// the currency (keepMinorUnits, in the change's transaction).
func (s *Service) UpdateCurrency(ctx context.Context, c Currency) (Currency, error) {
	old, err := s.Currency(ctx, c.Code)
	if err != nil {
		return Currency{}, err
	}
	c.Default = old.Default
	return s.putCurrency(ctx, c, "currency.update")
}

// SetCurrencyRate sets the rate of an existing currency (decimal text).
func (s *Service) SetCurrencyRate(ctx context.Context, code, rate string) (Currency, error) {
	c, err := s.Currency(ctx, code)
	if err != nil {
		return Currency{}, err
	}
	c.Rate = rate
	return s.putCurrency(ctx, c, "currency.update")
}

// SetDefaultCurrency makes code the currency rates are relative to: every
// rate is divided by code's (rounded to rateDigits decimals), so conversions
// stay the same, and code's becomes 1, in one transaction.
func (s *Service) SetDefaultCurrency(ctx context.Context, code string) (Currency, error) {
	target, err := s.Currency(ctx, code)
	if err != nil {
		return Currency{}, err
	}
	base, ok := new(big.Rat).SetString(target.Rate)
	if !ok || base.Sign() <= 0 {
		return Currency{}, regbox.FieldError("rate", "currency %s has no valid rate", target.Code)
	}
	all, err := s.Currencies(ctx)
	if err != nil {
		return Currency{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		now := tx.Dialect().Time(tx.Now())
		if _, err := tx.Exec(ctx, `UPDATE currencies SET is_default = FALSE, updated_at = ? WHERE is_default`, now); err != nil {
			return err
		}
		for _, c := range all {
			r, _ := new(big.Rat).SetString(c.Rate)
			rate := "1"
			if c.Code != target.Code {
				rate = decimalText(new(big.Rat).Quo(r, base))
				if rate == "0" {
					return regbox.FieldError("rate", "the rate of %s would round to 0 against %s", c.Code, target.Code)
				}
			}
			if _, err := tx.Exec(ctx, `UPDATE currencies SET rate = ?, is_default = ?, updated_at = ? WHERE code = ?`,
				rate, c.Code == target.Code, now, c.Code); err != nil {
				return err
			}
		}
		return tx.Record(ctx, "currency.default", "currency", target.Code, nil)
	})
	if err != nil {
		return Currency{}, fmt.Errorf("billing: default currency %s: %w", target.Code, err)
	}
	return s.Currency(ctx, target.Code)
}

// decimalText is r with at most rateDigits decimals, without trailing zeros.
func decimalText(r *big.Rat) string {
	s := r.FloatString(rateDigits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
