package backorder

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Unicode returns the backorder's name for display (IDN labels in Unicode).
func (b Backorder) Unicode() string { return UnicodeName(b.FQDN) }

// ForceState sets backorder id's state to `to` by an admin's decision, with a
// reason, logged (source "admin", naming actor). It bypasses the machine: the
// engine carries on from the new state. A hold left reserved on a backorder
// forced to an end (or to PENDING-PAYMENT, which invoices) is released by the
// batch's sweep; it is released here at once for the terminal states.
func (s *Service) ForceState(ctx context.Context, id int64, to State, reason, actor string) (Backorder, error) {
	return s.force(ctx, id, to, reason, actor, "backorder.force_status")
}

// force is ForceState, recorded in the activity log as action: a forced status
// (backorder.force_status) or an admin's cancellation (backorder.cancel).
func (s *Service) force(ctx context.Context, id int64, to State, reason, actor, action string) (Backorder, error) {
	reason = strings.TrimSpace(reason)
	if !to.Valid() {
		return Backorder{}, regbox.FieldError("status", "%q is not a backorder status", to)
	}
	if reason == "" || len(reason) > 1000 {
		return Backorder{}, regbox.FieldError("reason", "give a reason (at most 1000 characters)")
	}
	var b Backorder
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		b, err = scanBackorder(tx.QueryRow(ctx, `SELECT `+backorderColumns+` FROM backorders WHERE id = ?`+forUpdate(tx.Dialect()), id))
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return regbox.Errorf(regbox.ENOTFOUND, "Backorder %d does not exist.", id)
		}
		if err != nil {
			return err
		}
		if b.State == to {
			return regbox.Errorf(regbox.ECONFLICT, "Backorder %d is already %s.", id, to)
		}
		if err := setState(ctx, tx, b.ID, b.State, to); err != nil {
			return err
		}
		msg := fmt.Sprintf("%s → %s forced by %s: %s", b.State, to, cmpOrS(actor, "an admin"), reason)
		if err := logTx(ctx, tx, b.ID, "admin", "ok", msg); err != nil {
			return err
		}
		details := map[string]any{"domain": b.FQDN, "reason": reason}
		if action == "backorder.force_status" {
			details["status"] = string(to)
		}
		return tx.Record(ctx, action, "backorder", store.ID(b.ID), details)
	})
	if err != nil {
		return Backorder{}, fmt.Errorf("backorder: force %d: %w", id, err)
	}
	b.State = to
	if to.Terminal() {
		if err := s.releaseHold(ctx, b.ID, b.ReservationID); err != nil && regbox.ErrorCode(err) != regbox.ECONFLICT {
			return b, err
		}
	}
	return b, nil
}

// Cancel cancels backorder id for an admin (any state but an end state),
// logged with the reason. Its hold is released; the registry application, if
// one was sent and no other open backorder shares it, is withdrawn (a refusal
// is logged: the registrar may already have acted on it).
func (s *Service) Cancel(ctx context.Context, id int64, reason, actor string) (Backorder, error) {
	b, err := s.Get(ctx, 0, id)
	if err != nil {
		return Backorder{}, err
	}
	if b.State.Terminal() {
		return Backorder{}, regbox.Errorf(regbox.ECONFLICT, "The backorder for %s has ended (%s).", b.FQDN, b.State)
	}
	if b, err = s.force(ctx, id, Cancelled, reason, actor, "backorder.cancel"); err != nil {
		return b, err
	}
	if b.Reference == "" || s.opts.Registrar == nil {
		return b, nil
	}
	n, err := s.sharing(ctx, b.Reference)
	if err == nil && n == 0 {
		err = s.opts.Registrar.WithdrawBackorder(ctx, b.Reference)
	}
	if err != nil {
		_ = s.db.Tx(ctx, func(tx *store.Tx) error { return logTx(ctx, tx, b.ID, "admin", "error", "withdraw: "+errText(err)) })
	}
	return b, nil
}

// ExportQuery filters a CSV export of backorders.
type ExportQuery struct {
	ClientID int64  // 0: all clients
	State    State  // "": all
	Zone     string // "": all
	From, To time.Time
}

// ExportHeader is the CSV export's first line.
var ExportHeader = []string{"id", "client_id", "domain", "domain_unicode", "status", "drop_date", "currency", "fee",
	"auction_price", "reference", "invoice_id", "domain_id", "registry_auction_url", "registry_auction_end",
	"registry_best_bid", "created", "updated"}

// ExportCSV writes the backorders matching q (created between From and To,
// when given) as CSV to w, oldest first, and returns how many.
func (s *Service) ExportCSV(ctx context.Context, w io.Writer, q ExportQuery) (int, error) {
	if q.State != "" && !q.State.Valid() {
		return 0, regbox.FieldError("status", "%q is not a backorder status", q.State)
	}
	d := s.db.Dialect()
	zone := strings.ToLower(strings.Trim(q.Zone, ". "))
	where := `(? = 0 OR client_id = ?) AND (? = '' OR status = ?) AND (? = '' OR zone = ?)`
	args := []any{q.ClientID, q.ClientID, string(q.State), string(q.State), zone, zone}
	if !q.From.IsZero() {
		where, args = where+` AND created_at >= ?`, append(args, d.Time(q.From))
	}
	if !q.To.IsZero() {
		where, args = where+` AND created_at < ?`, append(args, d.Time(q.To))
	}
	rows, err := s.db.Query(ctx, `SELECT `+backorderColumns+` FROM backorders WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return 0, fmt.Errorf("backorder: export: %w", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportHeader); err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		b, err := scanBackorder(rows)
		if err != nil {
			return n, fmt.Errorf("backorder: export: %w", err)
		}
		if err := cw.Write(exportRecord(b)); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("backorder: export: %w", err)
	}
	cw.Flush()
	return n, cw.Error()
}

func exportRecord(b Backorder) []string {
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	t := func(v time.Time) string {
		if v.IsZero() {
			return ""
		}
		return v.UTC().Format(time.RFC3339)
	}
	return []string{i(b.ID), i(b.ClientID), b.FQDN, b.Unicode(), string(b.State), t(b.DropAt), b.Currency, i(b.Price),
		i(b.AuctionPrice), b.Reference, i(b.InvoiceID), i(b.DomainID), b.Registry.URL, t(b.Registry.End), b.Registry.BestBid,
		t(b.Created), t(b.Updated)}
}
