// Package storetest gives tests a real, migrated store: SQLite in the test's
// temporary directory always, and PostgreSQL when REGBOX_TEST_POSTGRES holds a
// postgres:// URL (CI sets it). Each PostgreSQL test gets a schema of its own,
// created for it and dropped after it, and reaches it through search_path: tests
// run in parallel in one shared database and never see each other's rows.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/store"
)

// EnvPostgres names the variable that holds the PostgreSQL server's URL for tests.
const EnvPostgres = "REGBOX_TEST_POSTGRES"

// schemaPrefix starts the name of every schema this package creates; the rest is
// the creation time (Unix seconds) and a random part.
const schemaPrefix = "regbox_test_"

// staleAfter is the age past which a test schema is taken to be left over by a
// crashed run and dropped.
const staleAfter = 2 * time.Hour

// Open returns a migrated SQLite store in t.TempDir(), closed when the test ends.
func Open(t testing.TB, opts ...store.Option) *store.DB {
	t.Helper()
	return OpenDialect(t, store.SQLite, opts...)
}

// Dialects returns the dialects tests can use here: SQLite, and PostgreSQL when
// REGBOX_TEST_POSTGRES is set.
func Dialects() []store.Dialect {
	if os.Getenv(EnvPostgres) == "" {
		return []store.Dialect{store.SQLite}
	}
	return []store.Dialect{store.SQLite, store.Postgres}
}

// Run runs fn as a parallel subtest named after each available dialect, with a
// fresh migrated store of that dialect.
func Run(t *testing.T, fn func(t *testing.T, db *store.DB), opts ...store.Option) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			fn(t, OpenDialect(t, d, opts...))
		})
	}
}

// OpenDialect returns a migrated store of dialect d that only this test sees,
// closed (and on PostgreSQL dropped) when the test ends. It skips the test when
// d is PostgreSQL and REGBOX_TEST_POSTGRES is not set.
func OpenDialect(t testing.TB, d store.Dialect, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), DSN(t, d), opts...)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", d, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storetest: close: %v", err)
		}
	})
	return db
}

// DSN returns the data source name of an empty database of dialect d for this
// test: a file in t.TempDir() for SQLite, a new schema for PostgreSQL (dropped
// when the test ends, after the test's own cleanups have closed its stores). It
// skips the test when d is PostgreSQL and REGBOX_TEST_POSTGRES is not set.
func DSN(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "regbox.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skipf("storetest: %s is not set: no PostgreSQL", EnvPostgres)
	}
	admin, err := adminDB(base)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	schema := newSchemaName()
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("storetest: create schema: %v", err)
	}
	// Registered before the caller's cleanups, so it runs after them: LIFO.
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("storetest: %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func newSchemaName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return schemaPrefix + strconv.FormatInt(time.Now().Unix(), 10) + "_" + hex.EncodeToString(b[:])
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// adminDB returns the connection pool that creates and drops schemas, shared by
// the tests of one package. The first call checks that the server answers and
// drops schemas left over by crashed runs.
func adminDB(dsn string) (*sql.DB, error) {
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", dsn)
		if adminErr != nil {
			return
		}
		admin.SetMaxOpenConns(4)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := admin.PingContext(ctx); err != nil {
			adminErr = fmt.Errorf("%s=%s: PostgreSQL is unreachable: %w", EnvPostgres, store.RedactDSN(dsn), err)
			return
		}
		adminErr = dropStale(ctx, admin)
	})
	return admin, adminErr
}

// dropStale drops the test schemas older than staleAfter.
func dropStale(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'regbox\_test\_%'`)
	if err != nil {
		return fmt.Errorf("list schemas: %w", err)
	}
	var stale []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		created, _, _ := strings.Cut(strings.TrimPrefix(name, schemaPrefix), "_")
		if sec, err := strconv.ParseInt(created, 10, 64); err == nil && time.Since(time.Unix(sec, 0)) > staleAfter {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		// Another package's tests may drop it at the same moment: ignore errors.
		_, _ = db.ExecContext(ctx, `DROP SCHEMA IF EXISTS "`+name+`" CASCADE`)
	}
	return rows.Err()
}
