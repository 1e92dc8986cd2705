package billing

import (
	"context"
	"fmt"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// InvoiceFilter selects invoices for ListInvoices. Empty fields match everything.
type InvoiceFilter struct {
	ClientID string
	Status   InvoiceStatus
	Before   int64 // cursor: invoices with an id below it (0: from the newest)
	Limit    int   // 0 means store.DefaultLimit, at most store.MaxLimit
}

// ListInvoices returns one page of invoices, newest first, without their lines,
// and the cursor of the next page (0 on the last).
func (s *Service) ListInvoices(ctx context.Context, f InvoiceFilter) ([]Invoice, int64, error) {
	if f.Limit < 0 || f.Limit > store.MaxLimit {
		return nil, 0, regbox.FieldError("limit", "must be between 1 and %d, not %d", store.MaxLimit, f.Limit)
	}
	switch f.Status {
	case "", InvoiceUnpaid, InvoicePaid, InvoiceCancelled, InvoiceRefunded:
	default:
		return nil, 0, regbox.FieldError("status", "must be unpaid, paid, cancelled or refunded, not %q", f.Status)
	}
	limit := f.Limit
	if limit == 0 {
		limit = store.DefaultLimit
	}
	q, args := `SELECT `+invoiceColumns+` FROM invoices WHERE 1 = 1`, []any{}
	if f.ClientID != "" {
		q, args = q+` AND client_id = ?`, append(args, f.ClientID)
	}
	if f.Status != "" {
		q, args = q+` AND status = ?`, append(args, string(f.Status))
	}
	if f.Before > 0 {
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
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}
