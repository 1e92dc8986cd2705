package billing

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// InvoiceStatus is where an invoice is: unpaid, then paid (then perhaps
// refunded) or cancelled.
type InvoiceStatus string

// The invoice statuses.
const (
	InvoiceUnpaid    InvoiceStatus = "unpaid"
	InvoicePaid      InvoiceStatus = "paid"
	InvoiceCancelled InvoiceStatus = "cancelled"
	InvoiceRefunded  InvoiceStatus = "refunded"
)

// InvoiceNumberFormat formats an invoice's number from its sequence value.
const InvoiceNumberFormat = "INV-%06d"

// InvoiceLine is one line of an invoice.
type InvoiceLine struct {
	Description string
	Quantity    int64 // > 0
	UnitAmount  int64 // minor units, >= 0
	Amount      int64 // Quantity × UnitAmount, set by CreateInvoice
}

// Invoice is a bill to a client.
type Invoice struct {
	ID       int64
	Number   string // InvoiceNumberFormat of a gapless sequence
	ClientID string
	Currency string
	Status   InvoiceStatus
	Total    int64 // minor units: the sum of the lines
	Lines    []InvoiceLine
	// Replayed is set by CreateInvoice when its key had been used: this is the
	// invoice that the first call created, nothing new was written.
	Replayed bool
}

// NewInvoice is what CreateInvoice needs.
type NewInvoice struct {
	ClientID string
	Currency string
	Lines    []InvoiceLine
	// AutoPay pays the invoice from the client's credit when it covers the
	// total, in the same transaction (key "invoice:<id>:payment"); otherwise the
	// invoice stays unpaid.
	AutoPay bool
	// Key, when set, is the create request's idempotency key: a retry with the
	// same key and the same client, currency and total returns the first
	// invoice; with anything else it is ECONFLICT naming idempotency_key.
	Key string
}

// maxLines bounds an invoice's lines.
const maxLines = 500

// validate checks in and computes the lines' amounts and the total.
func (in *NewInvoice) validate() (int64, error) {
	if err := checkClient(in.ClientID); err != nil {
		return 0, err
	}
	if len(in.Lines) == 0 || len(in.Lines) > maxLines {
		return 0, regbox.FieldError("lines", "must have 1 to %d lines", maxLines)
	}
	var total int64
	for i := range in.Lines {
		l := &in.Lines[i]
		field := fmt.Sprintf("lines[%d].", i)
		if strings.TrimSpace(l.Description) == "" || len(l.Description) > 1000 {
			return 0, regbox.FieldError(field+"description", "is required (at most 1000 bytes)")
		}
		if l.Quantity <= 0 {
			return 0, regbox.FieldError(field+"quantity", "must be more than zero, not %d", l.Quantity)
		}
		if l.UnitAmount < 0 {
			return 0, regbox.FieldError(field+"unit_amount", "must not be negative, not %d", l.UnitAmount)
		}
		if l.UnitAmount > 0 && l.Quantity > math.MaxInt64/l.UnitAmount {
			return 0, regbox.FieldError(field+"quantity", "times the unit amount is too large")
		}
		l.Amount = l.Quantity * l.UnitAmount
		if total > math.MaxInt64-l.Amount {
			return 0, regbox.FieldError("lines", "add up to too large a total")
		}
		total += l.Amount
	}
	if total <= 0 {
		return 0, regbox.FieldError("lines", "must add up to more than zero")
	}
	return total, nil
}

// CreateInvoice numbers and stores a new unpaid invoice (paid, with AutoPay,
// when the client's credit covers it).
func (s *Service) CreateInvoice(ctx context.Context, in NewInvoice) (Invoice, error) {
	in.Lines = append([]InvoiceLine(nil), in.Lines...)
	total, err := in.validate()
	if err != nil {
		return Invoice{}, err
	}
	c, err := s.Currency(ctx, in.Currency)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Invoice{}, regbox.FieldError("currency", "%q is not set up", in.Currency)
	} else if err != nil {
		return Invoice{}, err
	}
	if in.Key != "" {
		if err := checkKey(in.Key); err != nil {
			return Invoice{}, err
		}
	}
	inv := Invoice{ClientID: in.ClientID, Currency: c.Code, Status: InvoiceUnpaid, Total: total, Lines: in.Lines}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if done, err := replayInvoice(ctx, tx, in.Key, &inv); done || err != nil {
			return err
		}
		var l *locked
		if in.AutoPay { // the client's lock first, as everywhere (see the package doc)
			if l, err = lockClient(ctx, tx, inv.ClientID, inv.Currency); err != nil {
				return err
			}
		}
		if err := insertInvoice(ctx, tx, &inv, in.Key); err != nil {
			return err
		}
		if l != nil {
			var avail int64
			if err := tx.QueryRow(ctx, `SELECT balance FROM ledger_accounts WHERE id = ?`, l.available).Scan(&avail); err != nil {
				return err
			}
			if avail >= inv.Total {
				if err := l.payInvoice(ctx, &inv, PaymentKey(inv.ID)); err != nil {
					return err
				}
			}
		}
		return tx.Record(ctx, "invoice.create", "invoice", store.ID(inv.ID),
			map[string]any{"number": inv.Number, "total": inv.Total, "status": inv.Status})
	})
	if err != nil {
		return Invoice{}, fmt.Errorf("billing: create invoice: %w", err)
	}
	if inv.Replayed {
		first, err := s.Invoice(ctx, inv.ID)
		first.Replayed = true
		return first, err
	}
	return inv, nil
}

// replayInvoice finds the invoice created with key: done when there is one
// for the same client, currency and total (inv then holds its id).
func replayInvoice(ctx context.Context, tx *store.Tx, key string, inv *Invoice) (done bool, err error) {
	if key == "" {
		return false, nil
	}
	first, err := scanInvoice(tx.QueryRow(ctx, `SELECT `+invoiceColumns+` FROM invoices WHERE idempotency_key = ?`, key), 0)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if first.ClientID != inv.ClientID || first.Currency != inv.Currency || first.Total != inv.Total {
		return false, &regbox.Error{Code: regbox.ECONFLICT, Field: "idempotency_key",
			Message: fmt.Sprintf("%q was already used for a different invoice", key)}
	}
	inv.ID, inv.Replayed = first.ID, true
	return true, nil
}

// insertInvoice numbers inv and writes it, with the idempotency key when not
// empty, and its lines.
func insertInvoice(ctx context.Context, tx *store.Tx, inv *Invoice, idempotencyKey string) error {
	var seq int64
	if err := tx.QueryRow(ctx, `INSERT INTO invoice_sequences (name, next) VALUES ('invoice', 2)
		ON CONFLICT (name) DO UPDATE SET next = invoice_sequences.next + 1 RETURNING next - 1`).Scan(&seq); err != nil {
		return err
	}
	inv.Number = fmt.Sprintf(InvoiceNumberFormat, seq)
	now := tx.Dialect().Time(tx.Now())
	var key any // NULL without a key
	if idempotencyKey != "" {
		key = idempotencyKey
	}
	if err := tx.QueryRow(ctx, `INSERT INTO invoices (number, client_id, currency, status, total, created_at, updated_at, idempotency_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		inv.Number, inv.ClientID, inv.Currency, string(inv.Status), inv.Total, now, now, key).Scan(&inv.ID); err != nil {
		return err
	}
	for i, line := range inv.Lines {
		if _, err := tx.Exec(ctx, `INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_amount, amount)
			VALUES (?, ?, ?, ?, ?, ?)`, inv.ID, i+1, line.Description, line.Quantity, line.UnitAmount, line.Amount); err != nil {
			return err
		}
	}
	return nil
}

// payInvoice posts inv's payment from the client's credit and marks it paid.
func (l *locked) payInvoice(ctx context.Context, inv *Invoice, key string) error {
	revenue, err := l.system(ctx, AccountRevenue)
	if err != nil {
		return err
	}
	t := Transaction{Key: key, Kind: TxPayment, ClientID: inv.ClientID, Currency: inv.Currency, Amount: inv.Total, InvoiceID: inv.ID}
	if err := l.post(ctx, &t, l.available, revenue); err != nil {
		return err
	}
	return setInvoiceStatus(ctx, l.tx, inv, InvoicePaid)
}

func setInvoiceStatus(ctx context.Context, tx *store.Tx, inv *Invoice, status InvoiceStatus) error {
	if _, err := tx.Exec(ctx, `UPDATE invoices SET status = ?, updated_at = ? WHERE id = ?`,
		string(status), tx.Dialect().Time(tx.Now()), inv.ID); err != nil {
		return err
	}
	inv.Status = status
	return nil
}

// PaymentKey and RefundKey are an invoice's own idempotency keys for its
// payment and its refund: paying or refunding it twice, by any way, posts once.
func PaymentKey(id int64) string { return fmt.Sprintf("invoice:%d:payment", id) }

// RefundKey: see PaymentKey.
func RefundKey(id int64) string { return fmt.Sprintf("invoice:%d:refund", id) }

// PayInvoice pays an unpaid invoice from the client's credit: ECONFLICT when
// the credit does not cover it or the invoice is not unpaid. A retry with the
// same key returns the paid invoice.
func (s *Service) PayInvoice(ctx context.Context, id int64, key string) (Invoice, error) {
	return s.invoiceStep(ctx, id, key, TxPayment)
}

// RefundInvoice refunds a paid invoice as credit: its total goes back to the
// client's available credit and it becomes refunded. A retry with the same key
// returns the refunded invoice.
func (s *Service) RefundInvoice(ctx context.Context, id int64, key string) (Invoice, error) {
	return s.invoiceStep(ctx, id, key, TxInvoiceRefund)
}

// invoiceStep pays or refunds invoice id under the client's lock.
func (s *Service) invoiceStep(ctx context.Context, id int64, key string, kind TxKind) (Invoice, error) {
	if id <= 0 {
		return Invoice{}, regbox.FieldError("invoice_id", "must be an invoice's id, not %d", id)
	}
	if err := checkKey(key); err != nil {
		return Invoice{}, err
	}
	var inv Invoice
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		pre, err := invoiceHead(ctx, tx, id)
		if err != nil {
			return err
		}
		l, err := lockClient(ctx, tx, pre.ClientID, pre.Currency)
		if err != nil {
			return err
		}
		if inv, err = invoiceHead(ctx, tx, id); err != nil { // again, under the lock
			return err
		}
		t := Transaction{Key: key, Kind: kind, ClientID: inv.ClientID, Currency: inv.Currency, Amount: inv.Total, InvoiceID: id}
		if done, err := l.replay(ctx, &t); done || err != nil {
			return err
		}
		action := "invoice.pay"
		if kind == TxPayment {
			if inv.Status != InvoiceUnpaid {
				return regbox.Errorf(regbox.ECONFLICT, "Invoice %s is %s, not unpaid.", inv.Number, inv.Status)
			}
			if err := l.payInvoice(ctx, &inv, key); err != nil {
				return err
			}
		} else {
			if inv.Status != InvoicePaid {
				return regbox.Errorf(regbox.ECONFLICT, "Invoice %s is %s, not paid.", inv.Number, inv.Status)
			}
			revenue, err := l.system(ctx, AccountRevenue)
			if err != nil {
				return err
			}
			if err := l.post(ctx, &t, revenue, l.available); err != nil {
				return err
			}
			if err := setInvoiceStatus(ctx, tx, &inv, InvoiceRefunded); err != nil {
				return err
			}
			action = "invoice.refund"
		}
		return recordInvoice(ctx, tx, action, inv)
	})
	if err != nil {
		return Invoice{}, fmt.Errorf("billing: %s invoice %d: %w", kind, id, err)
	}
	return s.Invoice(ctx, id)
}

// CancelInvoice cancels an unpaid invoice (ECONFLICT for any other status;
// cancelling a cancelled invoice is a no-op).
func (s *Service) CancelInvoice(ctx context.Context, id int64) (Invoice, error) {
	if id <= 0 {
		return Invoice{}, regbox.FieldError("invoice_id", "must be an invoice's id, not %d", id)
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		inv, err := invoiceHead(ctx, tx, id)
		if err != nil {
			return err
		}
		l, err := lockClient(ctx, tx, inv.ClientID, inv.Currency) // a payment may race the cancel
		if err != nil {
			return err
		}
		if inv, err = invoiceHead(ctx, l.tx, id); err != nil {
			return err
		}
		switch inv.Status {
		case InvoiceCancelled:
			return nil
		case InvoiceUnpaid:
			if err := setInvoiceStatus(ctx, tx, &inv, InvoiceCancelled); err != nil {
				return err
			}
			return recordInvoice(ctx, tx, "invoice.cancel", inv)
		}
		return regbox.Errorf(regbox.ECONFLICT, "Invoice %s is %s and cannot be cancelled.", inv.Number, inv.Status)
	})
	if err != nil {
		return Invoice{}, fmt.Errorf("billing: cancel invoice %d: %w", id, err)
	}
	return s.Invoice(ctx, id)
}

// recordInvoice records a change of inv's status in the activity log.
func recordInvoice(ctx context.Context, tx *store.Tx, action string, inv Invoice) error {
	return tx.Record(ctx, action, "invoice", store.ID(inv.ID), map[string]string{"number": inv.Number, "status": string(inv.Status)})
}

const invoiceColumns = `id, number, client_id, currency, status, total`

func scanInvoice(row scanner, id int64) (Invoice, error) {
	var inv Invoice
	var status string
	err := row.Scan(&inv.ID, &inv.Number, &inv.ClientID, &inv.Currency, &status, &inv.Total)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Invoice{}, regbox.Errorf(regbox.ENOTFOUND, "Invoice %d does not exist.", id)
	}
	inv.Status = InvoiceStatus(status)
	return inv, err
}

// invoiceHead reads invoice id without its lines, in tx.
func invoiceHead(ctx context.Context, tx *store.Tx, id int64) (Invoice, error) {
	return scanInvoice(tx.QueryRow(ctx, `SELECT `+invoiceColumns+` FROM invoices WHERE id = ?`, id), id)
}

// Invoice returns invoice id with its lines: ENOTFOUND when there is none.
func (s *Service) Invoice(ctx context.Context, id int64) (Invoice, error) {
	inv, err := scanInvoice(s.db.QueryRow(ctx, `SELECT `+invoiceColumns+` FROM invoices WHERE id = ?`, id), id)
	if err != nil {
		return Invoice{}, fmt.Errorf("billing: invoice %d: %w", id, err)
	}
	rows, err := s.db.Query(ctx, `SELECT description, quantity, unit_amount, amount FROM invoice_lines
		WHERE invoice_id = ? ORDER BY position`, id)
	if err != nil {
		return Invoice{}, fmt.Errorf("billing: invoice %d lines: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l InvoiceLine
		if err := rows.Scan(&l.Description, &l.Quantity, &l.UnitAmount, &l.Amount); err != nil {
			return Invoice{}, fmt.Errorf("billing: invoice %d lines: %w", id, err)
		}
		inv.Lines = append(inv.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return Invoice{}, fmt.Errorf("billing: invoice %d lines: %w", id, err)
	}
	return inv, nil
}
