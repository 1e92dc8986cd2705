package store_test

import (
	"database/sql"
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
	for pool, want := range map[*sql.DB]string{db.WriteDB(): "-1024", db.ReadDB(): "-512"} {
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA cache_size = %q, %v; want %q", got, err, want)
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

// TestReleaseMemory: on SQLite the idle readers are closed and later ones kept
// again, and the store works on; on PostgreSQL it does nothing.
func TestReleaseMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		holdReaders := func(n int) {
			t.Helper()
			var conns []*sql.Conn
			for range n {
				c, err := db.ReadDB().Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if err := c.PingContext(ctx); err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
			}
			for _, c := range conns {
				c.Close()
			}
		}
		holdReaders(3)
		before := db.ReadDB().Stats().Idle
		if err := db.ReleaseMemory(ctx); err != nil {
			t.Fatal(err)
		}
		after := db.ReadDB().Stats().Idle
		if db.Dialect() == store.SQLite && (before != 3 || after != 0) {
			t.Errorf("idle readers %d before, %d after; want 3 and 0", before, after)
		}
		if db.Dialect() == store.Postgres && after != before {
			t.Errorf("PostgreSQL: idle connections %d before, %d after", before, after)
		}
		holdReaders(2)
		if n := db.ReadDB().Stats().Idle; n < 2 {
			t.Errorf("after a release, %d idle readers kept, want 2", n)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)`, "release.test", "1",
				tx.Dialect().Time(tx.Now()))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var v string
		if err := db.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, "release.test").Scan(&v); err != nil || v != "1" {
			t.Errorf("read after a release: %q, %v", v, err)
		}
	})
}
