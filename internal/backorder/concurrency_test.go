package backorder_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/store/storetest"
)

// TestTicksOnSeveralNodes runs ticks of two services (two nodes) on one
// database at once: every backorder is handled by one of them, so each name
// gets one application and each client one hold.
func TestTicksOnSeveralNodes(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			other := backorder.New(e.db, e.bill, backorder.Options{Registrar: e.reg})
			const n = 40
			var list string
			for i := range n {
				list += fmt.Sprintf("node-%02d.com;2026-11-26 10:00:00\n", i)
			}
			if _, err := e.svc.List.Import(ctx, stringsReader(list), "test", nil); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				client := int64(100 + i)
				e.topUp(t, client, 10000, fmt.Sprint("n", i))
				if _, err := e.svc.Create(ctx, client, "EUR", fmt.Sprintf("node-%02d.com", i)); err != nil {
					t.Fatal(err)
				}
			}
			for _, at := range []time.Time{drop.Add(-72 * time.Hour), drop.Add(-2 * time.Hour), drop.Add(-time.Hour)} {
				e.clock.Set(at)
				var wg sync.WaitGroup
				for _, s := range []*backorder.Service{e.svc, other} {
					wg.Go(func() {
						if res, err := s.Tick(ctx); err != nil || res.Errors > 0 {
							t.Errorf("tick: %+v, %v", res, err)
						}
					})
				}
				wg.Wait()
			}
			if e.reg.submits != n {
				t.Errorf("submits = %d, want %d", e.reg.submits, n)
			}
			p, err := e.svc.Backorders(ctx, backorder.ListQuery{PageSize: 1000})
			if err != nil || p.Counts[backorder.Processing] != n {
				t.Fatalf("counts = %v, %v", p.Counts, err)
			}
			for i := range n {
				if a, h := e.balance(t, int64(100+i)); a != 3100 || h != 6900 {
					t.Errorf("client %d: %d/%d", 100+i, a, h)
				}
			}
		})
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
