package jobs

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
	"github.com/riverqueue/river"
)

// BenchmarkThroughput works b.N trivial jobs, inserted beforehand, with 8
// workers, and reports jobs/s. On PostgreSQL (REGBOX_TEST_POSTGRES), and SQLite.
func BenchmarkThroughput(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.OpenDialect(b, d, store.WithMaxConns(16))
			reg := NewRegistry()
			var done atomic.Int64
			all := make(chan struct{})
			n := int64(b.N)
			mustHandle(b, reg, "noop", func(context.Context, Run) error {
				if done.Add(1) == n {
					close(all)
				}
				return nil
			})
			q := newQueue(b, db, reg, Options{Workers: 8})
			ctx := context.Background()
			params := make([]river.InsertManyParams, 0, 1000)
			for i := 0; i < b.N; i += len(params) {
				params = params[:0]
				for j := i; j < min(b.N, i+1000); j++ {
					params = append(params, river.InsertManyParams{Args: rawArgs{kind: "noop"}})
				}
				if _, err := q.client.InsertManyFast(ctx, params); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			t0 := time.Now()
			start(b, q)
			select {
			case <-all:
			case <-time.After(5 * time.Minute):
				b.Fatalf("%d of %d jobs done", done.Load(), b.N)
			}
			b.ReportMetric(float64(b.N)/time.Since(t0).Seconds(), "jobs/s")
		})
	}
}
