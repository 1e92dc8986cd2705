package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestTxCommitsAndRollsBack(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		set := func(k, v string) func(*store.Tx) error {
			return func(tx *store.Tx) error { return tx.SetSetting(ctx, k, v) }
		}
		if err := db.Tx(ctx, set("kept", "1")); err != nil {
			t.Fatal(err)
		}

		boom := errors.New("boom")
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := set("kept", "2")(tx); err != nil {
				return err
			}
			if err := set("lost", "1")(tx); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Errorf("Tx returned %v, want fn's error", err)
		}

		func() {
			defer func() {
				if p := recover(); p != "panic in fn" {
					t.Errorf("recovered %v, want fn's panic", p)
				}
			}()
			_ = db.Tx(ctx, func(tx *store.Tx) error {
				_ = set("kept", "3")(tx)
				_ = set("panicked", "1")(tx)
				panic("panic in fn")
			})
		}()

		got, err := db.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got["kept"] != "1" {
			t.Errorf("settings after rollbacks = %v, want only kept=1", got)
		}
		// The writer is free again after the panic.
		if err := db.Tx(ctx, set("after", "1")); err != nil {
			t.Errorf("Tx after a panic: %v", err)
		}
	})
}

func TestSettings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if _, err := db.Setting(ctx, "mail.from"); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("missing setting: %v, want ENOTFOUND", err)
		}
		for _, v := range []string{"a@example.com", "b@example.com"} {
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "mail.from", v) }); err != nil {
				t.Fatal(err)
			}
			if got, err := db.Setting(ctx, "mail.from"); err != nil || got != v {
				t.Errorf("Setting = %q, %v; want %q", got, err, v)
			}
		}
		err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "", "x") })
		wantError(t, "empty key", err, regbox.EINVALID, "key")
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteSetting(ctx, "mail.from") }); err != nil {
			t.Fatal(err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteSetting(ctx, "mail.from") })
		if regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("delete a missing setting: %v, want ENOTFOUND", err)
		}
	})
}

// TestConcurrentWritersSQLite writes from many goroutines and from a second store
// on the same file (as another process would) while others read: no writer may
// see "database is locked".
func TestConcurrentWritersSQLite(t *testing.T) {
	ctx := t.Context()
	dsn := storetest.DSN(t, store.SQLite)
	a, b := open(t, dsn), open(t, dsn)
	const writers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, 4*writers*each)
	for w := range writers {
		db := a
		if w%2 == 1 {
			db = b
		}
		wg.Go(func() {
			for i := range each {
				_, err := db.AppendModuleCall(ctx, store.ModuleCall{Registrar: "ispapi", Command: "CheckDomains", Code: 200})
				errs <- err
				errs <- db.Tx(ctx, func(tx *store.Tx) error {
					if _, err := tx.AppendActivity(ctx, store.Activity{ActorKind: store.ActorSystem, Action: "test"}); err != nil {
						return err
					}
					return tx.SetSetting(ctx, fmt.Sprintf("w%d", w), fmt.Sprint(i))
				})
			}
		})
		wg.Go(func() {
			for range each {
				_, err := db.ModuleCalls(ctx, store.ModuleFilter{Range: store.Range{Limit: 10}})
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent use: %v", err)
		}
	}
	var calls, acts int
	if err := a.QueryRow(ctx, `SELECT count(*) FROM module_log`).Scan(&calls); err != nil {
		t.Fatal(err)
	}
	if err := b.QueryRow(ctx, `SELECT count(*) FROM activity_log`).Scan(&acts); err != nil {
		t.Fatal(err)
	}
	if calls != writers*each || acts != writers*each {
		t.Errorf("rows: %d module calls, %d activities; want %d each", calls, acts, writers*each)
	}
}
