package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestMigrateUpStatusDown(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			dsn := storetest.DSN(t, d)
			db := open(t, dsn, store.WithoutMigrations())

			st, err := db.MigrationStatus(ctx)
			if err != nil || len(st) == 0 {
				t.Fatalf("status of a new database: %v, %v", st, err)
			}
			for _, m := range st {
				if m.Applied {
					t.Errorf("%s applied before MigrateUp", m.Name)
				}
			}
			if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
				t.Errorf("SchemaVersion = %d, %v; want 0", v, err)
			}

			applied, err := db.MigrateUp(ctx)
			if err != nil || len(applied) != len(st) || applied[0].Name != "00001_init.sql" || !applied[0].Applied {
				t.Fatalf("MigrateUp = %+v, %v", applied, err)
			}
			again, err := db.MigrateUp(ctx)
			if err != nil || len(again) != 0 {
				t.Errorf("second MigrateUp = %+v, %v; want nothing to do", again, err)
			}
			// Opening with migrations on is idempotent too.
			open(t, dsn)

			st, err = db.MigrationStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range st {
				if !m.Applied || m.AppliedAt.IsZero() {
					t.Errorf("after MigrateUp: %+v", m)
				}
			}
			last := st[len(st)-1].Version
			if v, err := db.SchemaVersion(ctx); err != nil || v != last {
				t.Errorf("SchemaVersion = %d, %v; want %d", v, err, last)
			}

			reverted, err := db.MigrateDownTo(ctx, 0)
			if err != nil || len(reverted) != len(st) || reverted[0].Version != last || reverted[0].Applied {
				t.Fatalf("MigrateDownTo(0) = %+v, %v", reverted, err)
			}
			if _, err := db.Exec(ctx, `SELECT count(*) FROM settings`); err == nil {
				t.Error("settings survived MigrateDownTo(0)")
			}
			if _, err := db.MigrateDownTo(ctx, -1); regbox.ErrorField(err) != "version" {
				t.Errorf("MigrateDownTo(-1): %v", err)
			}
			if _, err := db.MigrateUp(ctx); err != nil {
				t.Fatalf("MigrateUp after down: %v", err)
			}
			if _, err := db.Settings(ctx); err != nil {
				t.Errorf("settings after re-migrating: %v", err)
			}
		})
	}
}

// TestConcurrentOpen starts several nodes on one new database at once: one
// migrates, the others wait for it (PostgreSQL's advisory lock, SQLite's writer
// lock) and find the schema up to date.
func TestConcurrentOpen(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() {
					db, err := store.Open(context.Background(), dsn)
					if err == nil {
						err = db.Close()
					}
					errs[i] = err
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("node %d: %v", i, err)
				}
			}
		})
	}
}
