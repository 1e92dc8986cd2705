package backorder

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
)

func billingClient(id int64) string { return strconv.FormatInt(id, 10) }

// available returns the client's spendable credit, cached for the tick and
// lowered by the holds the tick takes.
func (s *Service) available(ctx context.Context, r *row, funds map[string]int64) (int64, error) {
	k := billingClient(r.ClientID) + "/" + r.Currency
	if v, ok := funds[k]; ok {
		return v, nil
	}
	b, err := s.billing.Balance(ctx, billingClient(r.ClientID), r.Currency)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		b, err = billing.Balance{}, nil
	}
	if err != nil {
		return 0, err
	}
	funds[k] = b.Available
	return b.Available, nil
}

// tickTime applies the time- and funds-driven transitions to a REQUESTED or
// ACTIVE backorder.
func (s *Service) tickTime(ctx context.Context, r *row, now time.Time, funds map[string]int64, res *TickResult) {
	avail, err := s.available(ctx, r, funds)
	if err != nil {
		s.logError(ctx, r.ID, err, res)
		return
	}
	d := s.opts.Timings.Next(r.State, Event{Kind: Tick, DropAt: r.DropAt, Price: r.Price, Available: avail, Notice: r.notice}, now)
	switch {
	case d.Has(Reserve):
		hold, err := s.billing.Reserve(ctx, billingClient(r.ClientID), r.Currency, r.Price, fmt.Sprintf("backorder:%d:reserve", r.ID))
		if regbox.ErrorCode(err) == regbox.ECONFLICT { // spent meanwhile: next tick
			funds[billingClient(r.ClientID)+"/"+r.Currency] = 0
			return
		}
		if err != nil {
			s.logError(ctx, r.ID, err, res)
			return
		}
		funds[billingClient(r.ClientID)+"/"+r.Currency] -= r.Price
		err = s.change(ctx, r, d, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE backorders SET reservation_id = ? WHERE id = ?`, hold.ID, r.ID)
			return err
		})
		if err != nil {
			s.logError(ctx, r.ID, err, res)
			return
		}
		r.ReservationID = hold.ID
	case d.Has(MailLowBalance):
		price := s.priceText(ctx, r.Price, r.Currency) // not in the transaction: these read
		rcpt, rerr := s.recipient(ctx, r.ClientID)
		if rerr != nil {
			s.logError(ctx, r.ID, rerr, res)
			return
		}
		err = s.change(ctx, r, d, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `UPDATE backorders SET lowbal_drop_at = ?, lowbal_available = ? WHERE id = ?`,
				tx.Dialect().Time(r.DropAt), avail, r.ID); err != nil {
				return err
			}
			if rcpt == nil {
				return nil
			}
			return s.opts.Mail(ctx, tx, *rcpt, "backorder_low_balance", map[string]any{
				"Name": rcpt.Name, "Domain": r.FQDN, "DropDate": dropText(r.DropAt), "Price": price})
		})
	case d.Has(Submit):
		// The intent is stored with the state; the application is sent by submit.
		err = s.change(ctx, r, d, func(tx *store.Tx) error {
			r.submitKey = fmt.Sprintf("backorder:%d:submit", r.ID)
			_, err := tx.Exec(ctx, `UPDATE backorders SET submit_key = ? WHERE id = ?`, r.submitKey, r.ID)
			return err
		})
	case d.To != r.State:
		rid := r.ReservationID
		if err = s.change(ctx, r, d, nil); err == nil && d.Has(Release) {
			err = s.releaseHold(ctx, r.ID, rid)
		}
	default:
		return
	}
	if err != nil {
		s.logError(ctx, r.ID, err, res)
		return
	}
	res.Changed++
}

// tickPayment looks at a caught backorder's invoice: creates it if it is
// missing, and applies its payment, cancellation or deadline.
func (s *Service) tickPayment(ctx context.Context, r *row, now time.Time, res *TickResult) {
	if r.InvoiceID == 0 {
		if err := s.invoice(ctx, r); err != nil {
			s.logError(ctx, r.ID, err, res)
			return
		}
	}
	inv, err := s.billing.Invoice(ctx, r.InvoiceID)
	if err != nil {
		s.logError(ctx, r.ID, err, res)
		return
	}
	e := Event{Kind: Tick, PaymentDue: r.paymentDue, Won: r.won}
	switch inv.Status {
	case billing.InvoicePaid:
		e.Kind = Paid
	case billing.InvoiceCancelled, billing.InvoiceRefunded:
		e.Kind = InvoiceCancelled
	}
	d := s.opts.Timings.Next(r.State, e, now)
	if d.To == r.State {
		return
	}
	if err := s.change(ctx, r, d, nil); err != nil {
		s.logError(ctx, r.ID, err, res)
		return
	}
	res.Changed++
	if d.Has(Provision) {
		s.provision(ctx, r, res)
	}
	if d.To == Cancelled && inv.Status == billing.InvoiceUnpaid {
		if _, err := s.billing.CancelInvoice(ctx, inv.ID); err != nil {
			s.logError(ctx, r.ID, err, res)
		}
	}
}

// provision puts a caught domain into the client's portfolio once (Options.
// Portfolio) and records its row; a refusal (the name is held by another
// client here, or is not a name the portfolio takes) is recorded as 0 and
// logged, other errors are retried by the next tick.
func (s *Service) provision(ctx context.Context, r *row, res *TickResult) {
	if s.opts.Portfolio == nil || r.DomainID != 0 {
		return
	}
	id, err := s.opts.Portfolio(ctx, r.ClientID, r.FQDN, r.Currency, r.Price)
	if err != nil {
		s.logError(ctx, r.ID, err, res)
		if c := regbox.ErrorCode(err); c != regbox.ECONFLICT && c != regbox.EINVALID {
			return
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE backorders SET domain_id = ? WHERE id = ? AND domain_id IS NULL`, id, r.ID); err != nil {
			return err
		}
		if id == 0 {
			return nil
		}
		return logTx(ctx, tx, r.ID, "batch", "ok", fmt.Sprintf("%s added to the client's domains", r.FQDN))
	})
	if err != nil {
		s.logError(ctx, r.ID, err, res)
		return
	}
	r.DomainID = id
}

// invoiceLine names the catch on its invoice; it is also how a retry finds
// the invoice a crash left unrecorded.
func invoiceLine(r *row) string { return fmt.Sprintf("Backorder #%d: %s", r.ID, r.FQDN) }

// invoice releases the hold and invoices the fee (and the auction price),
// paid from credit at once when it covers it; it records the invoice.
func (s *Service) invoice(ctx context.Context, r *row) error {
	if err := s.releaseHold(ctx, r.ID, r.ReservationID); err != nil && regbox.ErrorCode(err) != regbox.ECONFLICT {
		return err
	}
	desc := invoiceLine(r)
	var id int64
	err := s.db.QueryRow(ctx, `SELECT i.id FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
		WHERE i.client_id = ? AND l.position = 1 AND l.description = ?`, billingClient(r.ClientID), desc).Scan(&id)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		lines := []billing.InvoiceLine{{Description: desc, Quantity: 1, UnitAmount: r.Price}}
		if r.AuctionPrice > 0 {
			lines = append(lines, billing.InvoiceLine{Description: "Auction price: " + r.FQDN, Quantity: 1, UnitAmount: r.AuctionPrice})
		}
		var inv billing.Invoice
		inv, err = s.billing.CreateInvoice(ctx, billing.NewInvoice{ClientID: billingClient(r.ClientID), Currency: r.Currency, Lines: lines, AutoPay: true})
		id = inv.ID
	}
	if err != nil {
		return fmt.Errorf("backorder %d: invoice: %w", r.ID, err)
	}
	if _, err := s.db.Exec(ctx, `UPDATE backorders SET invoice_id = ? WHERE id = ?`, id, r.ID); err != nil {
		return fmt.Errorf("backorder %d: record invoice: %w", r.ID, err)
	}
	r.InvoiceID = id
	return nil
}

// sweep releases holds still reserved on backorders that ended or are
// invoiced (a crash between the state change and the release).
func (s *Service) sweep(ctx context.Context, res *TickResult) {
	rows, err := s.db.Query(ctx, `SELECT b.id, b.reservation_id FROM backorders b JOIN reservations r ON r.id = b.reservation_id
		WHERE r.state = 'reserved' AND b.status IN ('FAILED', 'AUCTION-LOST', 'CANCELLED', 'PENDING-PAYMENT', 'SUCCESSFUL', 'AUCTION-WON')`)
	if err != nil {
		res.fail(fmt.Errorf("backorder: sweep: %w", err))
		return
	}
	type hold struct{ id, rid int64 }
	var hs []hold
	for rows.Next() {
		var h hold
		if err := rows.Scan(&h.id, &h.rid); err != nil {
			res.fail(err)
			break
		}
		hs = append(hs, h)
	}
	rows.Close()
	for _, h := range hs {
		if err := s.releaseHold(ctx, h.id, h.rid); err != nil {
			s.logError(ctx, h.id, err, res)
			continue
		}
		res.Released++
	}
}

// priceText formats a fee in its currency (plain digits when the currency is
// unknown).
func (s *Service) priceText(ctx context.Context, amount int64, cur string) string {
	c, err := s.billing.Currency(ctx, cur)
	if err != nil {
		return fmt.Sprintf("%d %s", amount, cur)
	}
	return c.Format(amount)
}
