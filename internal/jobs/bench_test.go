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
// workers and 8 jobs prefetched (serve's default), and reports jobs/s and the ratio to the goal of 5,000 jobs/s. On
// SQLite, and on PostgreSQL (REGBOX_TEST_POSTGRES) with the workers on River's
// pgx driver ("postgres") and polling through the store's pool ("postgres_poll").
func BenchmarkThroughput(b *testing.B) {
	for _, c := range []struct {
		name string
		d    store.Dialect
		pgx  bool
	}{{"sqlite", store.SQLite, false}, {"postgres", store.Postgres, true}, {"postgres_poll", store.Postgres, false}} {
		b.Run(c.name, func(b *testing.B) {
			dsn := storetest.DSN(b, c.d)
			db, err := store.Open(context.Background(), dsn, store.WithMaxConns(16))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			if !c.pgx {
				dsn = ""
			}
			perSec := throughput(b, db, dsn, b.N)
			b.ReportMetric(perSec, "jobs/s")
			b.ReportMetric(perSec/5000, "x_goal")
		})
	}
}

// throughput inserts n trivial jobs, works them with 8 workers (8 prefetched)
// and returns jobs/s.
func throughput(b testing.TB, db *store.DB, dsn string, n int) float64 {
	reg := NewRegistry()
	var done atomic.Int64
	all := make(chan struct{})
	mustHandle(b, reg, "noop", func(context.Context, Run) error {
		if done.Add(1) == int64(n) {
			close(all)
		}
		return nil
	})
	q := newQueue(b, db, reg, Options{Workers: 8, Prefetch: 8, DSN: dsn})
	ctx := context.Background()
	params := make([]river.InsertManyParams, 0, 1000)
	for i := 0; i < n; i += len(params) {
		params = params[:0]
		for j := i; j < min(n, i+1000); j++ {
			params = append(params, river.InsertManyParams{Args: rawArgs{kind: "noop"}})
		}
		if _, err := q.client.InsertManyFast(ctx, params); err != nil {
			b.Fatal(err)
		}
	}
	if bb, ok := b.(*testing.B); ok {
		bb.ResetTimer()
	}
	t0 := time.Now()
	start(b, q)
	select {
	case <-all:
	case <-time.After(5 * time.Minute):
		b.Fatalf("%d of %d jobs done", done.Load(), n)
	}
	return float64(n) / time.Since(t0).Seconds()
}
