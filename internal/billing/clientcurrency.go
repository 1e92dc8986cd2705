package billing

import (
	"context"
	"fmt"
	"strconv"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// DefaultCurrency returns the default currency's code, "" when none is set up.
func (s *Service) DefaultCurrency(ctx context.Context) (string, error) {
	var code string
	err := s.db.QueryRow(ctx, `SELECT code FROM currencies WHERE is_default`).Scan(&code)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("billing: default currency: %w", err)
	}
	return code, nil
}

// CheckClientCurrency checks, inside tx (which then stores it), that code may
// become client clientID's currency (accounts.Currencies): code must be set up
// (EINVALID naming "currency"), and when the client had the currency old ("" for
// a new client) it must hold no credit in old, available or held by a
// reservation (ECONFLICT naming "currency"): that credit would be stranded. On
// PostgreSQL the client's accounts in old stay locked until tx ends, so no
// credit arrives between the check and the change.
func (s *Service) CheckClientCurrency(ctx context.Context, tx *store.Tx, clientID int64, old, code string) error {
	var got string
	err := tx.QueryRow(ctx, `SELECT code FROM currencies WHERE code = ?`, code).Scan(&got)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return regbox.FieldError("currency", "%s is not set up; set up currencies with regbox currencies / POST /currencies", code)
	}
	if err != nil || old == "" || old == code {
		return err
	}
	b, err := lockedBalance(ctx, tx, strconv.FormatInt(clientID, 10), old)
	if err != nil || (b.Available == 0 && b.Held == 0) {
		return err
	}
	format := amountFormatter(ctx, tx, old)
	return &regbox.Error{Code: regbox.ECONFLICT, Field: "currency", Message: fmt.Sprintf(
		"cannot change from %s to %s while the client holds %s credit (%s available, %s held by orders in progress); use or refund it first",
		old, code, old, format(b.Available), format(b.Held))}
}

// amountFormatter returns how messages show amounts of the currency code: as
// the currency formats them (with its code when it has no affixes), or in
// minor units when the currency cannot be read.
func amountFormatter(ctx context.Context, tx *store.Tx, code string) func(int64) string {
	c, err := scanCurrency(tx.QueryRow(ctx, `SELECT `+currencyColumns+` FROM currencies WHERE code = ?`, code))
	if err != nil {
		return func(v int64) string { return fmt.Sprintf("%d minor units of %s", v, code) }
	}
	return func(v int64) string {
		if c.Prefix == "" && c.Suffix == "" {
			return c.Format(v) + " " + c.Code
		}
		return c.Format(v)
	}
}

// lockedBalance reads the client's balance in the currency inside tx, locking
// its accounts on PostgreSQL.
func lockedBalance(ctx context.Context, tx *store.Tx, clientID, cur string) (Balance, error) {
	b := Balance{ClientID: clientID, Currency: cur}
	rows, err := tx.Query(ctx, `SELECT kind, balance FROM ledger_accounts WHERE client_id = ? AND currency = ?
		ORDER BY kind`+forUpdate(tx.Dialect()), clientID, cur)
	if err != nil {
		return Balance{}, fmt.Errorf("billing: balance: %w", err)
	}
	return scanBalance(rows, b)
}
