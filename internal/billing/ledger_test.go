package billing_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func wantBalance(t *testing.T, s *billing.Service, client string, avail, held int64) {
	t.Helper()
	b, err := s.Balance(context.Background(), client, "EUR")
	if err != nil || b.Available != avail || b.Held != held {
		t.Fatalf("Balance(%s) = %+v, %v; want available %d held %d", client, b, err, avail, held)
	}
}

func TestTopUpRefund(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		wantBalance(t, s, "c1", 0, 0)
		tx, err := s.TopUp(ctx, "c1", "eur", 5000, "topup-1", "bank transfer")
		if err != nil || tx.Replayed || tx.AvailableAfter != 5000 || tx.Currency != "EUR" {
			t.Fatalf("TopUp = %+v, %v", tx, err)
		}
		again, err := s.TopUp(ctx, "c1", "EUR", 5000, "topup-1", "bank transfer")
		if err != nil || !again.Replayed || again.ID != tx.ID {
			t.Fatalf("TopUp retry = %+v, %v", again, err)
		}
		wantBalance(t, s, "c1", 5000, 0)
		_, err = s.TopUp(ctx, "c1", "EUR", 6000, "topup-1", "")
		wantCode(t, err, regbox.ECONFLICT, "idempotency_key")
		_, err = s.Refund(ctx, "c1", "EUR", 5000, "topup-1", "")
		wantCode(t, err, regbox.ECONFLICT, "idempotency_key")

		_, err = s.Refund(ctx, "c1", "EUR", 5001, "refund-1", "")
		wantCode(t, err, regbox.ECONFLICT, "")
		r, err := s.Refund(ctx, "c1", "EUR", 2000, "refund-1", "")
		if err != nil || r.AvailableAfter != 3000 {
			t.Fatalf("Refund = %+v, %v", r, err)
		}
		wantBalance(t, s, "c1", 3000, 0)
		wantBalance(t, s, "c2", 0, 0)

		for _, tc := range []struct {
			client, cur, key string
			amount           int64
			field            string
		}{
			{"", "EUR", "k", 1, "client_id"},
			{"c1", "EUR", "", 1, "idempotency_key"},
			{"c1", "EUR", "k", 0, "amount"},
			{"c1", "EUR", "k", -5, "amount"},
			{"c1", "CHF", "k", 1, "currency"},
		} {
			_, err := s.TopUp(ctx, tc.client, tc.cur, tc.amount, tc.key, "")
			wantCode(t, err, regbox.EINVALID, tc.field)
		}
		if err := s.Check(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestReservations(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		if _, err := s.TopUp(ctx, "c1", "EUR", 1000, "top", ""); err != nil {
			t.Fatal(err)
		}
		_, err := s.Reserve(ctx, "c1", "EUR", 1001, "r0")
		wantCode(t, err, regbox.ECONFLICT, "")
		wantBalance(t, s, "c1", 1000, 0) // nothing half-written

		r1, err := s.Reserve(ctx, "c1", "EUR", 600, "r1")
		if err != nil || r1.State != billing.Reserved || r1.Replayed {
			t.Fatalf("Reserve = %+v, %v", r1, err)
		}
		if again, err := s.Reserve(ctx, "c1", "EUR", 600, "r1"); err != nil || again.ID != r1.ID || !again.Replayed {
			t.Fatalf("Reserve retry = %+v, %v", again, err)
		}
		wantBalance(t, s, "c1", 400, 600)
		_, err = s.Reserve(ctx, "c1", "EUR", 500, "r2")
		wantCode(t, err, regbox.ECONFLICT, "")

		c, err := s.Capture(ctx, r1.ID, "c1-cap")
		if err != nil || c.State != billing.Captured {
			t.Fatalf("Capture = %+v, %v", c, err)
		}
		if c, err := s.Capture(ctx, r1.ID, "c1-cap"); err != nil || !c.Replayed || c.State != billing.Captured {
			t.Fatalf("Capture retry = %+v, %v", c, err)
		}
		_, err = s.Capture(ctx, r1.ID, "c1-cap-2")
		wantCode(t, err, regbox.ECONFLICT, "")
		_, err = s.Release(ctx, r1.ID, "c1-rel")
		wantCode(t, err, regbox.ECONFLICT, "")
		_, err = s.Release(ctx, r1.ID, "c1-cap") // the capture's key for a release
		wantCode(t, err, regbox.ECONFLICT, "idempotency_key")
		wantBalance(t, s, "c1", 400, 0)

		r2, err := s.Reserve(ctx, "c1", "EUR", 300, "r2")
		if err != nil {
			t.Fatal(err)
		}
		if rel, err := s.Release(ctx, r2.ID, "r2-rel"); err != nil || rel.State != billing.Released {
			t.Fatalf("Release = %+v, %v", rel, err)
		}
		_, err = s.Capture(ctx, r2.ID, "r2-cap")
		wantCode(t, err, regbox.ECONFLICT, "")
		wantBalance(t, s, "c1", 400, 0)
		if got, err := s.Reservation(ctx, r2.ID); err != nil || got.State != billing.Released || got.Amount != 300 {
			t.Fatalf("Reservation = %+v, %v", got, err)
		}

		_, err = s.Capture(ctx, 999, "x")
		wantCode(t, err, regbox.ENOTFOUND, "")
		_, err = s.Capture(ctx, 0, "x")
		wantCode(t, err, regbox.EINVALID, "reservation_id")
		_, err = s.Release(ctx, r2.ID, "")
		wantCode(t, err, regbox.EINVALID, "idempotency_key")
		if err := s.Check(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
