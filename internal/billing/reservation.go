package billing

import (
	"context"
	"fmt"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// ReservationState is where a reservation is in its life: reserved, then
// captured or released, never both and never twice.
type ReservationState string

// The reservation states.
const (
	Reserved ReservationState = "reserved"
	Captured ReservationState = "captured"
	Released ReservationState = "released"
)

// Reservation holds part of a client's credit while an order runs.
type Reservation struct {
	ID       int64
	ClientID string
	Currency string
	Amount   int64 // minor units
	State    ReservationState
	Replayed bool // the call's key had been used: nothing new happened
}

// Reserve moves amount from the client's available credit to held credit and
// returns the new reservation. It fails with ECONFLICT when the client has less
// available credit. A retry with the same key returns the same reservation.
func (s *Service) Reserve(ctx context.Context, clientID, cur string, amount int64, key string) (Reservation, error) {
	t := Transaction{Key: key, Kind: TxReserve, ClientID: clientID, Currency: cur, Amount: amount}
	if err := s.validate(ctx, &t); err != nil {
		return Reservation{}, err
	}
	var r Reservation
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		l, err := lockClient(ctx, tx, t.ClientID, t.Currency)
		if err != nil {
			return err
		}
		done, err := l.replay(ctx, &t)
		if err != nil {
			return err
		}
		if done {
			r, err = reservation(ctx, tx, t.ReservationID)
			r.Replayed = true
			return err
		}
		now := tx.Dialect().Time(tx.Now())
		if err := tx.QueryRow(ctx, `INSERT INTO reservations (client_id, currency, amount, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, t.ClientID, t.Currency, t.Amount, string(Reserved), now, now).Scan(&t.ReservationID); err != nil {
			return err
		}
		if err := l.post(ctx, &t, l.available, l.held); err != nil {
			return err
		}
		r = Reservation{ID: t.ReservationID, ClientID: t.ClientID, Currency: t.Currency, Amount: t.Amount, State: Reserved}
		return nil
	})
	if err != nil {
		return Reservation{}, fmt.Errorf("billing: reserve: %w", err)
	}
	return r, nil
}

// Capture charges a reservation: its amount moves from held credit to revenue.
// Capturing a released reservation, or one captured under another key, is
// ECONFLICT; a retry with the same key returns the captured reservation.
func (s *Service) Capture(ctx context.Context, id int64, key string) (Reservation, error) {
	return s.settle(ctx, id, key, TxCapture)
}

// Release gives a reservation's amount back to the client's available credit.
// Releasing a captured reservation, or one released under another key, is
// ECONFLICT; a retry with the same key returns the released reservation.
func (s *Service) Release(ctx context.Context, id int64, key string) (Reservation, error) {
	return s.settle(ctx, id, key, TxRelease)
}

// settle captures or releases reservation id.
func (s *Service) settle(ctx context.Context, id int64, key string, kind TxKind) (Reservation, error) {
	if id <= 0 {
		return Reservation{}, regbox.FieldError("reservation_id", "must be a reservation's id, not %d", id)
	}
	if err := checkKey(key); err != nil {
		return Reservation{}, err
	}
	var r Reservation
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		// The client is not known before reading the reservation; read it, lock
		// the client, and read it again under the lock (only a holder of the
		// client's lock changes its reservations).
		pre, err := reservation(ctx, tx, id)
		if err != nil {
			return err
		}
		l, err := lockClient(ctx, tx, pre.ClientID, pre.Currency)
		if err != nil {
			return err
		}
		if r, err = reservation(ctx, tx, id); err != nil {
			return err
		}
		t := Transaction{Key: key, Kind: kind, ClientID: r.ClientID, Currency: r.Currency, Amount: r.Amount, ReservationID: id}
		done, err := l.replay(ctx, &t)
		if err != nil || done {
			r.Replayed = done
			return err
		}
		if r.State != Reserved {
			return regbox.Errorf(regbox.ECONFLICT, "Reservation %d is already %s.", id, r.State)
		}
		to, state := l.available, Released
		if kind == TxCapture {
			state = Captured
			if to, err = l.system(ctx, AccountRevenue); err != nil {
				return err
			}
		}
		if err := l.post(ctx, &t, l.held, to); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE reservations SET state = ?, updated_at = ? WHERE id = ? AND state = ?`,
			string(state), tx.Dialect().Time(tx.Now()), id, string(Reserved)); err != nil {
			return err
		}
		r.State = state
		return nil
	})
	if err != nil {
		return Reservation{}, fmt.Errorf("billing: %s reservation %d: %w", kind, id, err)
	}
	return r, nil
}

// Reservation returns reservation id: ENOTFOUND when there is none.
func (s *Service) Reservation(ctx context.Context, id int64) (Reservation, error) {
	r, err := scanReservation(s.db.QueryRow(ctx, `SELECT `+reservationColumns+` FROM reservations WHERE id = ?`, id), id)
	if err != nil {
		return Reservation{}, fmt.Errorf("billing: reservation %d: %w", id, err)
	}
	return r, nil
}

const reservationColumns = `id, client_id, currency, amount, state`

func reservation(ctx context.Context, tx *store.Tx, id int64) (Reservation, error) {
	return scanReservation(tx.QueryRow(ctx, `SELECT `+reservationColumns+` FROM reservations WHERE id = ?`, id), id)
}

func scanReservation(row scanner, id int64) (Reservation, error) {
	var r Reservation
	var state string
	err := row.Scan(&r.ID, &r.ClientID, &r.Currency, &r.Amount, &state)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Reservation{}, regbox.Errorf(regbox.ENOTFOUND, "Reservation %d does not exist.", id)
	}
	r.State = ReservationState(state)
	return r, err
}
