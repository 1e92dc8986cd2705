package backorder

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

const backorderColumns = `id, client_id, fqdn, status, drop_at, currency, price, reservation_id, reference,
	invoice_id, auction_price, created_at, updated_at, domain_id, registry_url, registry_end, registry_bid, registry_currency`

type scanner interface{ Scan(...any) error }

// dest returns the scan destinations of backorderColumns into b.
func (b *Backorder) dest() []any {
	return []any{&b.ID, &b.ClientID, &b.FQDN, (*stateScan)(&b.State), store.ScanTime(&b.DropAt), &b.Currency, &b.Price,
		nullInt{&b.ReservationID}, &b.Reference, nullInt{&b.InvoiceID}, &b.AuctionPrice, store.ScanTime(&b.Created),
		store.ScanTime(&b.Updated), nullInt{&b.DomainID}, &b.Registry.URL, store.ScanTime(&b.Registry.End), &b.Registry.BestBid,
		&b.Registry.Currency}
}

// stateScan scans a status column into a State.
type stateScan State

// Scan implements sql.Scanner.
func (s *stateScan) Scan(src any) error {
	var v sql.NullString
	err := v.Scan(src)
	*s = stateScan(v.String)
	return err
}

// nullInt scans a nullable integer column, NULL as 0.
type nullInt struct{ p *int64 }

// Scan implements sql.Scanner.
func (n nullInt) Scan(src any) error {
	var v sql.NullInt64
	err := v.Scan(src)
	*n.p = v.Int64
	return err
}

func scanBackorder(r scanner) (Backorder, error) {
	var b Backorder
	err := r.Scan(b.dest()...)
	return b, err
}

// Get returns the client's backorder id (any client's when clientID is 0).
func (s *Service) Get(ctx context.Context, clientID, id int64) (Backorder, error) {
	b, err := scanBackorder(s.db.QueryRow(ctx, `SELECT `+backorderColumns+` FROM backorders WHERE id = ? AND (? = 0 OR client_id = ?)`, id, clientID, clientID))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Backorder{}, regbox.Errorf(regbox.ENOTFOUND, "Backorder %d does not exist.", id)
	}
	if err != nil {
		return Backorder{}, fmt.Errorf("backorder: get %d: %w", id, err)
	}
	return b, nil
}

// ListQuery filters a client's backorders.
type ListQuery struct {
	ClientID int64 // 0: every client's (admin)
	State    State // "" for all
	Page     int   // from 1
	PageSize int   // default 50, at most 1000
	// Before, when not 0, lists only backorders with a smaller id (a cursor:
	// the last id of the previous page) instead of Page.
	Before int64
}

// ListPage is a page of backorders with the counts per state.
type ListPage struct {
	Total      int // matching the filter
	Backorders []Backorder
	Counts     map[State]int // per state, ignoring the state filter
}

// Backorders lists backorders, newest first.
func (s *Service) Backorders(ctx context.Context, q ListQuery) (ListPage, error) {
	if q.State != "" && !q.State.Valid() {
		return ListPage{}, regbox.FieldError("status", "%q is not a backorder status", q.State)
	}
	q.Page, q.PageSize = max(q.Page, 1), cmpOr(q.PageSize, 50)
	if q.PageSize < 1 || q.PageSize > 1000 {
		return ListPage{}, regbox.FieldError("page_size", "must be 1 to 1000")
	}
	p := ListPage{Counts: map[State]int{}}
	rows, err := s.db.Query(ctx, `SELECT status, count(*) FROM backorders WHERE (? = 0 OR client_id = ?) GROUP BY status`, q.ClientID, q.ClientID)
	if err != nil {
		return ListPage{}, fmt.Errorf("backorder: counts: %w", err)
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return ListPage{}, fmt.Errorf("backorder: counts: %w", err)
		}
		p.Counts[State(st)] = n
		if q.State == "" || State(st) == q.State {
			p.Total += n
		}
	}
	rows.Close()
	offset := (q.Page - 1) * q.PageSize
	if q.Before != 0 {
		offset = 0
	}
	rows, err = s.db.Query(ctx, `SELECT `+backorderColumns+` FROM backorders WHERE (? = 0 OR client_id = ?) AND (? = '' OR status = ?)
		AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ? OFFSET ?`, q.ClientID, q.ClientID, string(q.State), string(q.State),
		q.Before, q.Before, q.PageSize, offset)
	if err != nil {
		return ListPage{}, fmt.Errorf("backorder: list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		b, err := scanBackorder(rows)
		if err != nil {
			return ListPage{}, fmt.Errorf("backorder: list: %w", err)
		}
		p.Backorders = append(p.Backorders, b)
	}
	return p, rows.Err()
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// Delete withdraws the client's backorder id while it is deletable (REQUESTED
// or ACTIVE): it becomes CANCELLED and its hold, if any, is released.
func (s *Service) Delete(ctx context.Context, clientID, id int64) error {
	var b Backorder
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		b, err = scanBackorder(tx.QueryRow(ctx, `SELECT `+backorderColumns+` FROM backorders WHERE id = ? AND client_id = ?`+
			forUpdate(tx.Dialect()), id, clientID))
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return regbox.Errorf(regbox.ENOTFOUND, "Backorder %d does not exist.", id)
		}
		if err != nil {
			return err
		}
		d := Next(b.State, Event{Kind: Delete}, tx.Now())
		if d.Refused {
			return regbox.Errorf(regbox.ECONFLICT, "The backorder for %s is %s and can no longer be deleted.", b.FQDN, b.State)
		}
		if err := setState(ctx, tx, b.ID, b.State, d.To); err != nil {
			return err
		}
		if err := logTx(ctx, tx, b.ID, "delete", "ok", d.Reason); err != nil {
			return err
		}
		return tx.Record(ctx, "backorder.delete", "backorder", store.ID(b.ID), map[string]any{"domain": b.FQDN})
	})
	if err != nil {
		return fmt.Errorf("backorder: delete %d: %w", id, err)
	}
	// After the commit: a crash here leaves the hold to the batch's sweep.
	return s.releaseHold(ctx, b.ID, b.ReservationID)
}

// setState moves backorder id from one state to another; ECONFLICT when
// someone moved it first.
func setState(ctx context.Context, tx *store.Tx, id int64, from, to State) error {
	res, err := tx.Exec(ctx, `UPDATE backorders SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
		string(to), tx.Dialect().Time(tx.Now()), id, string(from))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return regbox.Errorf(regbox.ECONFLICT, "Backorder %d changed meanwhile; try again.", id)
	}
	return nil
}

// releaseHold releases reservation rid of backorder id, once (a retry replays).
func (s *Service) releaseHold(ctx context.Context, id, rid int64) error {
	if rid == 0 {
		return nil
	}
	_, err := s.billing.Release(ctx, rid, fmt.Sprintf("backorder:%d:release", id))
	if err != nil {
		return fmt.Errorf("backorder: release hold of %d: %w", id, err)
	}
	return nil
}

// forUpdate locks the selected rows on PostgreSQL; SQLite's single writer
// serializes anyway.
func forUpdate(d store.Dialect) string {
	if d == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}
