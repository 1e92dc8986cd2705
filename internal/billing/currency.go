package billing

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"golang.org/x/text/currency"
)

// Rounding says how a converted amount is rounded to the currency's minor unit.
type Rounding string

// The rounding modes.
const (
	RoundHalfUp   Rounding = "half_up"   // 0.5 away from zero
	RoundHalfEven Rounding = "half_even" // 0.5 to the even neighbour (banker's)
	RoundDown     Rounding = "down"      // toward zero
	RoundUp       Rounding = "up"        // away from zero
)

// Currency is a currency the platform bills in.
type Currency struct {
	Code   string // ISO 4217, e.g. "EUR"
	Prefix string // shown before the amount, e.g. "€"
	Suffix string // shown after the amount, e.g. " EUR"
	// Rate is how many units of this currency one unit of the default currency
	// buys, as decimal text ("1.0850"); the default currency's rate is "1".
	Rate       string
	MinorUnits int // digits after the decimal point (2 for EUR, 0 for JPY)
	Rounding   Rounding
	Default    bool // the currency rates are relative to; at most one
}

// maxText bounds prefix and suffix.
const maxText = 16

// validate checks c and normalizes its code and rate.
func (c *Currency) validate() error {
	c.Code = strings.ToUpper(strings.TrimSpace(c.Code))
	u, err := currency.ParseISO(c.Code)
	if err != nil || len(c.Code) != 3 {
		return regbox.FieldError("code", "%q is not an ISO 4217 currency code", c.Code)
	}
	c.Code = u.String()
	if len(c.Prefix) > maxText || len(c.Suffix) > maxText {
		return regbox.FieldError("prefix", "prefix and suffix must be at most %d bytes", maxText)
	}
	r, ok := new(big.Rat).SetString(strings.TrimSpace(c.Rate))
	if !ok || r.Sign() <= 0 || strings.ContainsAny(c.Rate, "/eE") {
		return regbox.FieldError("rate", "%q is not a positive decimal number", c.Rate)
	}
	if c.Default && r.Cmp(big.NewRat(1, 1)) != 0 {
		return regbox.FieldError("rate", "must be 1 for the default currency")
	}
	c.Rate = strings.TrimSpace(c.Rate)
	if c.MinorUnits < 0 || c.MinorUnits > 4 {
		return regbox.FieldError("minor_units", "must be between 0 and 4, not %d", c.MinorUnits)
	}
	switch c.Rounding {
	case "":
		c.Rounding = RoundHalfUp
	case RoundHalfUp, RoundHalfEven, RoundDown, RoundUp:
	default:
		return regbox.FieldError("rounding", "must be half_up, half_even, down or up, not %q", c.Rounding)
	}
	return nil
}

// Format returns amount (in minor units) as text: prefix, number, suffix, with
// a leading "-" for a negative amount, e.g. "-€12.50".
func (c Currency) Format(amount int64) string {
	sign := ""
	u := uint64(amount)
	if amount < 0 {
		sign, u = "-", uint64(-amount) // -MinInt64 wraps to its magnitude as uint64
	}
	digits := strconv.FormatUint(u, 10)
	if c.MinorUnits > 0 {
		if len(digits) <= c.MinorUnits {
			digits = strings.Repeat("0", c.MinorUnits-len(digits)+1) + digits
		}
		cut := len(digits) - c.MinorUnits
		digits = digits[:cut] + "." + digits[cut:]
	}
	return sign + c.Prefix + digits + c.Suffix
}

// PutCurrency creates or updates a currency. Making one the default clears the
// flag on the others, in the same transaction.
func (s *Service) PutCurrency(ctx context.Context, c Currency) (Currency, error) {
	return s.putCurrency(ctx, c, "currency.put")
}

// putCurrency is PutCurrency, recorded as action.
func (s *Service) putCurrency(ctx context.Context, c Currency, action string) (Currency, error) {
	if err := c.validate(); err != nil {
		return Currency{}, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := keepMinorUnits(ctx, tx, c); err != nil {
			return err
		}
		now := tx.Dialect().Time(tx.Now())
		if c.Default {
			if _, err := tx.Exec(ctx, `UPDATE currencies SET is_default = FALSE WHERE is_default AND code <> ?`, c.Code); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO currencies (code, prefix, suffix, rate, minor_units, rounding, is_default, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET prefix = excluded.prefix, suffix = excluded.suffix, rate = excluded.rate,
				minor_units = excluded.minor_units, rounding = excluded.rounding, is_default = excluded.is_default,
				updated_at = excluded.updated_at`,
			c.Code, c.Prefix, c.Suffix, c.Rate, c.MinorUnits, string(c.Rounding), c.Default, now)
		if err != nil {
			return err
		}
		return tx.Record(ctx, action, "currency", c.Code, c.details())
	})
	if err != nil {
		return Currency{}, fmt.Errorf("billing: put currency %s: %w", c.Code, err)
	}
	return c, nil
}

// keepMinorUnits refuses, within tx, to change the minor units of a currency
// in which credit or invoices are held (ECONFLICT naming minor_units): amounts
// are stored as integers of minor units, and 1000 ¥ would become 10.00 ¥. The
// currency's row is locked (PostgreSQL), so a first top-up, whose ledger
// account refers to it, waits for the change or the change for it.
func keepMinorUnits(ctx context.Context, tx *store.Tx, c Currency) error {
	var old int
	err := tx.QueryRow(ctx, `SELECT minor_units FROM currencies WHERE code = ?`+forUpdate(tx.Dialect()), c.Code).Scan(&old)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND || (err == nil && old == c.MinorUnits) {
		return nil // new, or unchanged
	} else if err != nil {
		return err
	}
	var used bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM ledger_accounts WHERE currency = ?)
		OR EXISTS (SELECT 1 FROM invoices WHERE currency = ?)`, c.Code, c.Code).Scan(&used); err != nil {
		return err
	}
	if used {
		return &regbox.Error{Code: regbox.ECONFLICT, Field: "minor_units", Message: fmt.Sprintf(
			"cannot change from %d to %d: credit or invoices are held in %s, as amounts in minor units", old, c.MinorUnits, c.Code)}
	}
	return nil
}

// details are c's fields as the activity log keeps them.
func (c Currency) details() map[string]any {
	return map[string]any{"code": c.Code, "prefix": c.Prefix, "suffix": c.Suffix, "rate": c.Rate,
		"minor_units": c.MinorUnits, "rounding": c.Rounding, "default": c.Default}
}

const currencyColumns = `code, prefix, suffix, rate, minor_units, rounding, is_default`

type scanner interface{ Scan(dest ...any) error }

func scanCurrency(r scanner) (Currency, error) {
	var c Currency
	var rounding string
	err := r.Scan(&c.Code, &c.Prefix, &c.Suffix, &c.Rate, &c.MinorUnits, &rounding, &c.Default)
	c.Rounding = Rounding(rounding)
	return c, err
}

// Currency returns the currency with the given code: ENOTFOUND when there is none.
func (s *Service) Currency(ctx context.Context, code string) (Currency, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	c, err := scanCurrency(s.db.QueryRow(ctx, `SELECT `+currencyColumns+` FROM currencies WHERE code = ?`, code))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Currency{}, regbox.Errorf(regbox.ENOTFOUND, "Currency %q is not set up.", code)
	}
	if err != nil {
		return Currency{}, fmt.Errorf("billing: currency %s: %w", code, err)
	}
	return c, nil
}

// Currencies returns every currency, ordered by code.
func (s *Service) Currencies(ctx context.Context) ([]Currency, error) {
	rows, err := s.db.Query(ctx, `SELECT `+currencyColumns+` FROM currencies ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("billing: list currencies: %w", err)
	}
	defer rows.Close()
	var cs []Currency
	for rows.Next() {
		c, err := scanCurrency(rows)
		if err != nil {
			return nil, fmt.Errorf("billing: list currencies: %w", err)
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("billing: list currencies: %w", err)
	}
	return cs, nil
}

// Convert converts amount minor units of from into minor units of to, through
// their rates, rounded by to's rounding mode.
func Convert(amount int64, from, to Currency) (int64, error) {
	rf, ok1 := new(big.Rat).SetString(from.Rate)
	rt, ok2 := new(big.Rat).SetString(to.Rate)
	if !ok1 || !ok2 || rf.Sign() <= 0 || rt.Sign() <= 0 {
		return 0, regbox.FieldError("rate", "a currency has no valid rate")
	}
	// amount / 10^from.minor / rf * rt * 10^to.minor
	v := new(big.Rat).SetInt64(amount)
	v.Mul(v, rt).Quo(v, rf)
	v.Mul(v, new(big.Rat).SetFrac(pow10(to.MinorUnits), pow10(from.MinorUnits)))
	n := round(v, to.Rounding)
	if !n.IsInt64() {
		return 0, regbox.FieldError("amount", "is too large to convert")
	}
	return n.Int64(), nil
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// round rounds v to an integer by mode.
func round(v *big.Rat, mode Rounding) *big.Int {
	neg := v.Sign() < 0
	a := new(big.Rat).Abs(v)
	q, r := new(big.Int).QuoRem(a.Num(), a.Denom(), new(big.Int))
	if r.Sign() != 0 {
		twice := new(big.Int).Lsh(r, 1)
		c := twice.Cmp(a.Denom()) // compare the fraction with 1/2
		up := false
		switch mode {
		case RoundUp:
			up = true
		case RoundDown:
		case RoundHalfEven:
			up = c > 0 || (c == 0 && q.Bit(0) == 1)
		default:
			up = c >= 0
		}
		if up {
			q.Add(q, big.NewInt(1))
		}
	}
	if neg {
		q.Neg(q)
	}
	return q
}

// ParseAmount reads a decimal amount as written by people ("12", "12.5",
// "12.50") with at most minorUnits decimals into minor units (1250 for two).
// Signs, exponents, fractions and anything but digits and one point are refused;
// the error says why, and the caller names the field.
func ParseAmount(s string, minorUnits int) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if len(frac) > minorUnits {
		return 0, fmt.Errorf("%q has more than %d decimals", s, minorUnits)
	}
	n, err := strconv.ParseInt(whole+frac+strings.Repeat("0", minorUnits-len(frac)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n, nil
}
