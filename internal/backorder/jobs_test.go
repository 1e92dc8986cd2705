package backorder_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestSyncDropDatesAndJobs(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			b, _ := e.svc.Create(ctx, 1, "EUR", "later.com")
			u, _ := e.svc.Create(ctx, 1, "EUR", "unlisted.com")
			src := filepath.Join(t.TempDir(), "list.csv")
			os.WriteFile(src, []byte("later.com;2026-12-11 00:00:00\nunlisted.com;2026-12-12\n"), 0o600)

			reg := jobs.NewRegistry()
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			if err := jobs.RegisterSeeds(reg, log, nil); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.RegisterJobs(reg, src, log); err != nil {
				t.Fatal(err)
			}
			// The import job: the list, then the sync.
			if err := handler(t, reg, jobs.DropListImport)(ctx, jobs.Run{Kind: jobs.DropListImport}); err != nil {
				t.Fatal(err)
			}
			if got := e.state(t, b.ID).DropAt; !got.Equal(time.Date(2026, 12, 11, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("later.com drop = %v", got)
			}
			if got := e.state(t, u.ID).DropAt; !got.Equal(time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("unlisted.com drop = %v", got)
			}
			if n, err := e.svc.SyncDropDates(ctx); err != nil || n != 0 {
				t.Errorf("second sync = %d, %v", n, err)
			}
			if err := handler(t, reg, jobs.BackorderBatch)(ctx, jobs.Run{Kind: jobs.BackorderBatch}); err != nil {
				t.Fatal(err)
			}
			// Log lines older than the retention go with the next sync.
			e.clock.Set(now.Add(91 * 24 * time.Hour))
			e.svc.Create(ctx, 2, "EUR", "fresh.com")
			if err := handler(t, reg, jobs.DropDateSync)(ctx, jobs.Run{Kind: jobs.DropDateSync}); err != nil {
				t.Fatal(err)
			}
			var left int
			if err := e.db.QueryRow(ctx, `SELECT count(*) FROM backorder_logs`).Scan(&left); err != nil || left != 1 {
				t.Errorf("log lines left: %d, %v", left, err)
			}
		})
	}
}

func handler(t *testing.T, reg *jobs.Registry, kind string) jobs.Handler {
	t.Helper()
	h, ok := reg.Handler(kind)
	if !ok {
		t.Fatalf("no handler for %s", kind)
	}
	return h
}
