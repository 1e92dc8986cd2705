// Command jobs measures the job queue (internal/jobs, River) against its goal: at
// least 5,000 trivial jobs per second with 8 workers on PostgreSQL. It enqueues
// -n jobs in one transaction, starts a queue with -workers workers (handlers
// running at once) and -prefetch jobs claimed ahead of them (jobs.prefetch, 8 by
// default as in regbox serve; 0 for none), and times until the last handler ran. It prints, per setup, the rate over the whole run and the
// best 500 ms of it (closest to an idle machine when others share it), with their
// ratios to the goal (a ratio ≥ 1 meets it), and the load average beside them.
//
// Setups: sqlite (a file in a temporary directory; no goal, for comparison),
// postgres (workers on River's pgx driver, LISTEN/NOTIFY) and postgres_poll (the
// store's database/sql pool, polling). PostgreSQL needs -postgres URL or
// REGBOX_TEST_POSTGRES; each run uses a schema of its own, dropped after it.
//
// It exits with status 1 when the postgres setup misses the goal or a step fails.
//
// Run: go run ./bench/jobs [-n 20000] [-workers 8] [-prefetch 8] [-postgres URL] [-only postgres]
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

const (
	goalPerSecond = 5000
	window        = 500 * time.Millisecond
)

func main() {
	n := flag.Int("n", 20000, "jobs per setup")
	workers := flag.Int("workers", 8, "workers: handlers running at once")
	prefetch := flag.Int("prefetch", config.Default().Jobs.Prefetch, "jobs claimed ahead of the workers")
	pg := flag.String("postgres", os.Getenv("REGBOX_TEST_POSTGRES"), "PostgreSQL URL (default $REGBOX_TEST_POSTGRES)")
	only := flag.String("only", "", "comma-separated setups to run: sqlite, postgres, postgres_poll")
	flag.Parse()
	fmt.Printf("%d workers, %d prefetched\n", *workers, *prefetch)
	ok := true
	for _, setup := range []string{"sqlite", "postgres", "postgres_poll"} {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), setup) {
			continue
		}
		if setup != "sqlite" && *pg == "" {
			fmt.Printf("%-14s skipped: no -postgres URL or REGBOX_TEST_POSTGRES\n", setup)
			continue
		}
		r, err := measure(setup, *pg, *n, *workers, *prefetch)
		if err != nil {
			fmt.Fprintf(os.Stderr, "jobs: %s: %v\n", setup, err)
			os.Exit(1)
		}
		fmt.Printf("%-14s %6d jobs in %6.2fs: %7.0f jobs/s (%.2f of goal), best %v: %7.0f jobs/s (%.2f); load %s\n",
			setup, *n, r.elapsed.Seconds(), r.rate, r.rate/goalPerSecond, window, r.best, r.best/goalPerSecond, loadAvg())
		if setup == "postgres" && r.rate < goalPerSecond {
			ok = false
		}
	}
	if !ok {
		os.Exit(1)
	}
}

type result struct {
	elapsed    time.Duration
	rate, best float64
}

// measure runs one setup: a fresh database, n jobs enqueued, then worked.
func measure(setup, pgURL string, n, workers, prefetch int) (result, error) {
	ctx := context.Background()
	dsn, cleanup, err := database(ctx, setup, pgURL)
	if err != nil {
		return result{}, err
	}
	defer cleanup()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	reg := jobs.NewRegistry()
	var (
		mu    sync.Mutex
		times = make([]time.Time, 0, n)
		all   = make(chan struct{})
	)
	err = reg.Handle("noop", func(context.Context, jobs.Run) error {
		mu.Lock()
		defer mu.Unlock()
		if times = append(times, time.Now()); len(times) == n {
			close(all)
		}
		return nil
	})
	if err != nil {
		return result{}, err
	}
	opts := jobs.Options{Workers: workers, Prefetch: prefetch, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if setup == "postgres" {
		opts.DSN = dsn
	}
	q, err := jobs.New(ctx, db, reg, opts)
	if err != nil {
		return result{}, err
	}
	if err := enqueue(ctx, db, q, n); err != nil {
		return result{}, err
	}
	t0 := time.Now()
	if err := q.Start(ctx); err != nil {
		return result{}, err
	}
	defer q.Stop(ctx) //nolint:errcheck // measured already
	select {
	case <-all:
	case <-time.After(5 * time.Minute):
		return result{}, errors.New("the jobs did not finish in 5 minutes")
	}
	elapsed := time.Since(t0)
	mu.Lock()
	defer mu.Unlock()
	return result{elapsed: elapsed, rate: float64(n) / elapsed.Seconds(), best: bestRate(times)}, nil
}

// enqueue adds n trivial jobs in one transaction.
func enqueue(ctx context.Context, db *store.DB, q *jobs.River, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	for range n {
		if _, err := q.Enqueue(ctx, tx, jobs.Job{Kind: "noop"}); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// bestRate is the most jobs finished within any window, per second.
func bestRate(times []time.Time) float64 {
	best, j := 0, 0
	for i, t := range times {
		for t.Sub(times[j]) > window {
			j++
		}
		best = max(best, i-j+1)
	}
	return float64(best) / window.Seconds()
}

// database returns the DSN of an empty database for setup and its cleanup.
func database(ctx context.Context, setup, pgURL string) (string, func(), error) {
	if setup == "sqlite" {
		dir, err := os.MkdirTemp("", "regbox-bench-jobs-")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "regbox.db"), func() { os.RemoveAll(dir) }, nil
	}
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return "", nil, err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "regbox_bench_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", nil, err
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		_, _ = admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}, nil
}

// loadAvg is the 1-minute load average, or "?" where /proc has none.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
