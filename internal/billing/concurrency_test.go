package billing_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// TestLedgerConcurrency runs 100 goroutines against one client: each reserves
// (and retries the reserve with the same key), then races a capture and a
// release of its reservation, each also retried with its key. The test checks
// that the client never overdraws, that each reservation is captured or released
// exactly once, that every transaction's entries sum to zero and that the final
// balances add up.
func TestLedgerConcurrency(t *testing.T) {
	const (
		workers = 100
		rounds  = 3
		credit  = 20_000
	)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		if _, err := s.TopUp(ctx, "c1", "EUR", credit, "initial", ""); err != nil {
			t.Fatal(err)
		}
		var captured, released, reserved, refused atomic.Int64
		var stop atomic.Bool
		monitorDone := make(chan struct{})
		go func() { // watch the balance while the workers run
			defer close(monitorDone)
			for !stop.Load() {
				b, err := s.Balance(ctx, "c1", "EUR")
				if err != nil || b.Available < 0 || b.Held < 0 || b.Available+b.Held > credit {
					t.Errorf("Balance during the run = %+v, %v", b, err)
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds*8)
		for g := range workers {
			wg.Go(func() {
				for i := range rounds {
					amount := int64(100 + (g*37+i*11)%200)
					if err := round(ctx, s, fmt.Sprintf("g%d-%d", g, i), amount, &captured, &released, &reserved, &refused); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		stop.Store(true)
		<-monitorDone
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		t.Logf("%s: %d goroutines × %d rounds in %v: %d reserved (%d refused for lack of credit), %d minor units captured, %d released",
			db.Dialect(), workers, rounds, time.Since(start).Round(time.Millisecond), reserved.Load(), refused.Load(), captured.Load(), released.Load())

		if reserved.Load() == 0 || refused.Load() == 0 {
			t.Errorf("the run should both reserve and run out of credit: reserved %d, refused %d", reserved.Load(), refused.Load())
		}
		b, err := s.Balance(ctx, "c1", "EUR")
		if err != nil || b.Held != 0 || b.Available != credit-captured.Load() {
			t.Errorf("final balance = %+v, %v; want available %d, held 0", b, err, credit-captured.Load())
		}
		var revenue, settles int64
		if err := db.QueryRow(ctx, `SELECT balance FROM ledger_accounts WHERE kind = 'revenue'`).Scan(&revenue); err != nil || revenue != captured.Load() {
			t.Errorf("revenue = %d, %v; want %d", revenue, err, captured.Load())
		}
		// One capture or release per reservation, never both, never two.
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT reservation_id FROM ledger_transactions
			WHERE kind IN ('capture', 'release') GROUP BY reservation_id HAVING COUNT(*) > 1) x`).Scan(&settles); err != nil || settles != 0 {
			t.Errorf("reservations settled more than once: %d, %v", settles, err)
		}
		if err := s.Check(ctx); err != nil {
			t.Error(err)
		}
	})
}

// round reserves amount under key, retries it, then races a capture and a
// release of the reservation (each sent twice with its own key). Exactly one of
// them must win; the loser must fail with ECONFLICT.
func round(ctx context.Context, s *billing.Service, key string, amount int64, captured, released, reserved, refused *atomic.Int64) error {
	r, err := s.Reserve(ctx, "c1", "EUR", amount, key)
	if regbox.ErrorCode(err) == regbox.ECONFLICT {
		refused.Add(1)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reserve %s: %w", key, err)
	}
	reserved.Add(1)
	if again, err := s.Reserve(ctx, "c1", "EUR", amount, key); err != nil || again.ID != r.ID {
		return fmt.Errorf("reserve %s retry = %+v, %v; want reservation %d", key, again, err, r.ID)
	}
	type result struct {
		kind billing.ReservationState
		err  error
	}
	results := make(chan result, 4)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			_, err := s.Capture(ctx, r.ID, key+"-capture")
			results <- result{billing.Captured, err}
		})
		wg.Go(func() {
			_, err := s.Release(ctx, r.ID, key+"-release")
			results <- result{billing.Released, err}
		})
	}
	wg.Wait()
	close(results)
	ok := map[billing.ReservationState]int{}
	for res := range results {
		switch {
		case res.err == nil:
			ok[res.kind]++
		case regbox.ErrorCode(res.err) != regbox.ECONFLICT:
			return fmt.Errorf("settle %s: %w", key, res.err)
		}
	}
	// The winner's two calls both succeed (the second replays); the loser's fail.
	final, err := s.Reservation(ctx, r.ID)
	if err != nil {
		return err
	}
	if len(ok) != 1 || ok[final.State] != 2 {
		return fmt.Errorf("reservation %s: successes %v, final state %s; want two successes of one kind", key, ok, final.State)
	}
	if final.State == billing.Captured {
		captured.Add(amount)
	} else {
		released.Add(1)
	}
	return nil
}
