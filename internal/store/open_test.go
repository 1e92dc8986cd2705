package store_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestOpenMigratesEveryDialect(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		v, err := db.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("SchemaVersion = %d, %v; want ≥ 1", v, err)
		}
		for _, table := range []string{"settings", "activity_log", "module_log"} {
			var n int
			if err := db.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: count = %d, %v", table, n, err)
			}
		}
		if err := db.Ping(ctx); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
}

func TestOpenChoosesDialectByDSN(t *testing.T) {
	for _, d := range storetest.Dialects() {
		db := storetest.OpenDialect(t, d)
		if db.Dialect() != d {
			t.Errorf("Dialect() = %s, want %s", db.Dialect(), d)
		}
	}
}

func TestOpenSQLiteSettings(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	if n := db.WriteDB().Stats().MaxOpenConnections; n != 1 {
		t.Errorf("writer pool: MaxOpenConnections = %d, want 1", n)
	}
	if db.ReadDB() == db.WriteDB() {
		t.Error("a SQLite file has no separate read pool")
	}
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "5000",
	} {
		var got string
		if err := db.WriteDB().QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("writer: PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
		if err := db.ReadDB().QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("reader: PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	var queryOnly string
	if err := db.ReadDB().QueryRowContext(ctx, "PRAGMA query_only").Scan(&queryOnly); err != nil || queryOnly != "1" {
		t.Errorf("reader: PRAGMA query_only = %q, %v", queryOnly, err)
	}
	if _, err := db.ReadDB().ExecContext(ctx, "DELETE FROM settings"); err == nil {
		t.Error("the read pool accepted a write")
	}
}

func TestOpenMemory(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.ReadDB() != db.WriteDB() {
		t.Error("an in-memory database must have one pool: each connection is its own database")
	}
	err = db.Tx(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "k", "v") })
	if err != nil {
		t.Fatal(err)
	}
	if v, err := db.Setting(ctx, "k"); err != nil || v != "v" {
		t.Fatalf("Setting = %q, %v", v, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := t.Context()
	if _, err := store.Open(ctx, " "); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("empty DSN: %v, want EINVALID", err)
	}
	// Nothing listens on port 1.
	_, err := store.Open(ctx, "postgres://u:hunter2@127.0.0.1:1/db?sslmode=disable&connect_timeout=2")
	if regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
		t.Errorf("unreachable PostgreSQL: %v, want EUNAVAILABLE", err)
	}
	if err != nil && strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the message shows the password: %s", regbox.ErrorMessage(err))
	}
	dir := filepath.Join(t.TempDir(), "missing", "dir", "regbox.db")
	if _, err := store.Open(ctx, dir); regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
		t.Errorf("SQLite file in a missing directory: %v, want EUNAVAILABLE", err)
	}
}

func TestRedactDSN(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h/db":                "postgres://u:xxxxx@h/db",
		"postgresql://u@h/db?password=secret&x=1": "postgresql://u@h/db?password=xxxxx&x=1",
		"/var/lib/regbox/regbox.db":               "/var/lib/regbox/regbox.db",
		"postgres://u@h/db?sslmode=disable":       "postgres://u@h/db?sslmode=disable",
	} {
		if got := store.RedactDSN(in); got != want {
			t.Errorf("RedactDSN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenRefusesOtherURLs(t *testing.T) {
	for _, dsn := range []string{"sqlite://regbox.db", "mysql://root@localhost/regbox"} {
		if _, err := store.Open(t.Context(), dsn); regbox.ErrorField(err) != "database" {
			t.Errorf("Open(%q): %v, want an EINVALID naming database", dsn, err)
		}
	}
}

func TestOpenPostgresMissingSchema(t *testing.T) {
	base := storetest.DSN(t, store.Postgres)
	dsn := strings.Replace(base, "search_path=regbox_test_", "search_path=missing_", 1)
	if _, err := store.Open(t.Context(), dsn); regbox.ErrorField(err) != "database" {
		t.Errorf("Open with a missing schema: %v, want an EINVALID naming database", err)
	}
}
