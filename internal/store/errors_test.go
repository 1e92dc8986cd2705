package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// scratch creates two related tables, in the common SQL of both dialects, in the
// test's own database.
func scratch(t *testing.T, db *store.DB) {
	t.Helper()
	for _, q := range []string{
		`CREATE TABLE parent (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE child (
			id INTEGER PRIMARY KEY,
			parent_id INTEGER NOT NULL REFERENCES parent (id),
			name TEXT NOT NULL UNIQUE,
			n INTEGER NOT NULL CONSTRAINT n_valid CHECK (n >= 0),
			UNIQUE (parent_id, n))`,
		`INSERT INTO parent (id) VALUES (1)`,
		`INSERT INTO child (id, parent_id, name, n) VALUES (1, 1, 'a', 1)`,
	} {
		if _, err := db.Exec(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// wantError checks err's code and field.
func wantError(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if regbox.ErrorCode(err) != code || regbox.ErrorField(err) != field {
		t.Errorf("%s: code %q field %q (%v); want code %q field %q",
			what, regbox.ErrorCode(err), regbox.ErrorField(err), err, code, field)
	}
}

func TestErrorMapping(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		scratch(t, db)
		insert := func(id, parent int, name any, n any) error {
			_, err := db.Exec(ctx, `INSERT INTO child (id, parent_id, name, n) VALUES (?, ?, ?, ?)`, id, parent, name, n)
			return err
		}
		wantError(t, "unique", insert(2, 1, "a", 2), regbox.ECONFLICT, "name")
		wantError(t, "unique pair", insert(2, 1, "b", 1), regbox.ECONFLICT, "parent_id,n")
		wantError(t, "primary key", insert(1, 1, "b", 2), regbox.ECONFLICT, "id")
		err := insert(2, 99, "b", 2)
		if regbox.ErrorCode(err) != regbox.ECONFLICT {
			t.Errorf("missing parent: %v, want ECONFLICT", err)
		}
		_, err = db.Exec(ctx, `DELETE FROM parent WHERE id = 1`)
		if regbox.ErrorCode(err) != regbox.ECONFLICT {
			t.Errorf("delete referenced parent: %v, want ECONFLICT", err)
		}
		wantError(t, "not null", insert(2, 1, nil, 2), regbox.EINVALID, "name")
		wantError(t, "check", insert(2, 1, "b", -1), regbox.EINVALID, "n")

		var id int
		err = db.QueryRow(ctx, `SELECT id FROM child WHERE name = ?`, "nobody").Scan(&id)
		if regbox.ErrorCode(err) != regbox.ENOTFOUND || !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("no rows: %v, want ENOTFOUND wrapping sql.ErrNoRows", err)
		}
		_, err = db.Exec(ctx, `SELECT * FROM no_such_table`)
		if regbox.ErrorCode(err) != regbox.EINTERNAL || errors.Unwrap(err) == nil {
			t.Errorf("unknown table: %v, want a wrapped EINTERNAL", err)
		}
		if regbox.ErrorMessage(err) != "Internal error." {
			t.Errorf("an internal error shows %q to users", regbox.ErrorMessage(err))
		}
	})
}

// TestErrorMappingRealTables provokes the violations on the store's own tables.
func TestErrorMappingRealTables(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		// Times as text work on both (PostgreSQL parses them); see dialect.go.
		ins := `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '2026-01-01T00:00:00.000000Z')`
		if _, err := db.Exec(ctx, ins, "a", "1"); err != nil {
			t.Fatal(err)
		}
		args := func(key string, value any) []any { return []any{key, value} }
		_, err := db.Exec(ctx, ins, args("a", "2")...)
		wantError(t, "duplicate setting", err, regbox.ECONFLICT, "key")
		_, err = db.Exec(ctx, ins, args("b", nil)...)
		wantError(t, "setting without value", err, regbox.EINVALID, "value")
		_, err = db.Exec(ctx, ins, args("", "x")...)
		wantError(t, "empty key", err, regbox.EINVALID, "key")
		_, err = db.Exec(ctx, `INSERT INTO module_log (created_at, registrar, command, code, runtime_ms)
			VALUES ('2026-01-01T00:00:00.000000Z', 'ispapi', 'StatusAccount', 200, -1)`)
		wantError(t, "negative runtime", err, regbox.EINVALID, "runtime_ms")
		_, err = db.Exec(ctx, `INSERT INTO activity_log (created_at, actor_kind, action)
			VALUES ('2026-01-01T00:00:00.000000Z', 'robot', 'x')`)
		wantError(t, "bad actor kind", err, regbox.EINVALID, "actor_kind")
		_, err = db.Exec(ctx, `INSERT INTO activity_log (created_at, actor_kind, action, details)
			VALUES ('2026-01-01T00:00:00.000000Z', 'system', 'x', 'not json')`)
		if regbox.ErrorCode(err) != regbox.EINVALID {
			t.Errorf("details not JSON: %v, want EINVALID", err)
		}
		_, err = db.Exec(ctx, `INSERT INTO module_log (created_at, registrar, command, code)
			VALUES ('2026-01-01T00:00:00.000000Z', 'ispapi', 'StatusAccount', 'two hundred')`)
		if regbox.ErrorCode(err) != regbox.EINVALID { // STRICT tables on SQLite, class 22 on PostgreSQL
			t.Errorf("code not a number: %v, want EINVALID", err)
		}
	})
}

// TestBusyIsUnavailable holds SQLite's write lock from one store and writes from
// another on the same file (as a second process would).
func TestBusyIsUnavailable(t *testing.T) {
	ctx := t.Context()
	dsn := storetest.DSN(t, store.SQLite)
	holder := open(t, dsn)
	other := open(t, dsn, store.WithBusyTimeout(1))
	tx, err := holder.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	err = other.Tx(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "k", "v") })
	if regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
		t.Errorf("write while locked: %v, want EUNAVAILABLE", err)
	}
	_, err = other.AppendModuleCall(ctx, store.ModuleCall{Registrar: "ispapi", Command: "CheckDomains"})
	if regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
		t.Errorf("module log append while locked: %v, want EUNAVAILABLE", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := other.Tx(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "k", "v") }); err != nil {
		t.Errorf("write after the lock is gone: %v", err)
	}
}

// TestSerializationFailureIsUnavailable provokes a PostgreSQL serialization
// failure (write skew under SERIALIZABLE).
func TestSerializationFailureIsUnavailable(t *testing.T) {
	db := storetest.OpenDialect(t, store.Postgres)
	ctx := t.Context()
	serializable := &sql.TxOptions{Isolation: sql.LevelSerializable}
	t1, err := db.BeginTx(ctx, serializable)
	if err != nil {
		t.Fatal(err)
	}
	defer t1.Rollback()
	t2, err := db.BeginTx(ctx, serializable)
	if err != nil {
		t.Fatal(err)
	}
	defer t2.Rollback()
	var n int
	for _, tx := range []*store.Tx{t1, t2} {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM settings`).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	if err := t1.SetSetting(ctx, "a", "1"); err != nil {
		t.Fatal(err)
	}
	if err := t2.SetSetting(ctx, "b", "2"); err != nil {
		t.Fatal(err)
	}
	if err := t1.Commit(); err != nil {
		t.Fatal(err)
	}
	err = t2.Commit()
	if regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
		t.Errorf("serialization failure: %v, want EUNAVAILABLE", err)
	}
}

func open(t *testing.T, dsn string, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
