package billing

import (
	"context"
	"fmt"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// TransactionFilter selects a client's ledger transactions.
type TransactionFilter struct {
	ClientID string // required
	Currency string // empty: every currency
	Before   int64  // cursor: transactions with an id below it (0: from the newest)
	Limit    int    // 0 means 50, at most 1000
}

// InvoiceFilter selects invoices. Empty fields match everything.
type InvoiceFilter struct {
	ClientID string
	Status   InvoiceStatus
	Before   int64 // cursor: invoices with an id below it (0: from the newest)
	Limit    int   // 0 means 50, at most 1000
}

// checkPage validates a page's bounds and returns the limit to use.
func checkPage(before int64, limit int) (int, error) {
	switch {
	case limit < 0 || limit > store.MaxLimit:
		return 0, regbox.FieldError("limit", "must be between 1 and %d, not %d", store.MaxLimit, limit)
	case before < 0:
		return 0, regbox.FieldError("before", "must be a cursor from a previous page, not %d", before)
	case limit == 0:
		return store.DefaultLimit, nil
	}
	return limit, nil
}

// Transactions returns one page of the client's ledger transactions, newest
// first, and the cursor of the next page (0 on the last).
func (s *Service) Transactions(ctx context.Context, f TransactionFilter) ([]Transaction, int64, error) {
	if err := checkClient(f.ClientID); err != nil {
		return nil, 0, err
	}
	limit, err := checkPage(f.Before, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	q, args := `SELECT id, idempotency_key, kind, client_id, currency, amount, COALESCE(reservation_id, 0),
		COALESCE(invoice_id, 0), memo, created_at FROM ledger_transactions WHERE client_id = ?`, []any{f.ClientID}
	if f.Currency != "" {
		q, args = q+` AND currency = ?`, append(args, f.Currency)
	}
	if f.Before != 0 {
		q, args = q+` AND id < ?`, append(args, f.Before)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("billing: list transactions: %w", err)
	}
	defer rows.Close()
	var out []Transaction
	for rows.Next() {
		var t Transaction
		if err := rows.Scan(&t.ID, &t.Key, &t.Kind, &t.ClientID, &t.Currency, &t.Amount, &t.ReservationID,
			&t.InvoiceID, &t.Memo, store.ScanTime(&t.CreatedAt)); err != nil {
			return nil, 0, fmt.Errorf("billing: list transactions: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("billing: list transactions: %w", err)
	}
	return cutPage(out, limit, func(t Transaction) int64 { return t.ID })
}

// Invoices returns one page of invoices without their lines, newest first, and
// the cursor of the next page (0 on the last).
func (s *Service) Invoices(ctx context.Context, f InvoiceFilter) ([]Invoice, int64, error) {
	limit, err := checkPage(f.Before, f.Limit)
	if err != nil {
		return nil, 0, err
	}
	switch f.Status {
	case "", InvoiceUnpaid, InvoicePaid, InvoiceCancelled, InvoiceRefunded:
	default:
		return nil, 0, regbox.FieldError("status", "must be unpaid, paid, cancelled or refunded, not %q", f.Status)
	}
	q, args := `SELECT `+invoiceColumns+` FROM invoices WHERE 1 = 1`, []any{}
	if f.ClientID != "" {
		q, args = q+` AND client_id = ?`, append(args, f.ClientID)
	}
	if f.Status != "" {
		q, args = q+` AND status = ?`, append(args, string(f.Status))
	}
	if f.Before != 0 {
		q, args = q+` AND id < ?`, append(args, f.Before)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("billing: list invoices: %w", err)
	}
	defer rows.Close()
	var out []Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows, 0)
		if err != nil {
			return nil, 0, fmt.Errorf("billing: list invoices: %w", err)
		}
		out = append(out, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("billing: list invoices: %w", err)
	}
	return cutPage(out, limit, func(inv Invoice) int64 { return inv.ID })
}

// cutPage trims items fetched with limit+1 to limit and returns the next cursor.
func cutPage[T any](items []T, limit int, id func(T) int64) ([]T, int64, error) {
	if len(items) <= limit {
		return items, 0, nil
	}
	items = items[:limit]
	return items, id(items[limit-1]), nil
}
