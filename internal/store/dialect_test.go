package store

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/regbox/regbox"
)

func TestRebind(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1":                              "SELECT 1",
		"SELECT ? , ?":                          "SELECT $1 , $2",
		"a = ? AND b = '?' AND c = ?":           "a = $1 AND b = '?' AND c = $2",
		`x = 'it''s ?' AND "we?ird" = ?`:        `x = 'it''s ?' AND "we?ird" = $1`,
		"a = ? -- why?\nAND b = ?":              "a = $1 -- why?\nAND b = $2",
		"a = ? /* ? */ AND b = ?":               "a = $1 /* ? */ AND b = $2",
		"a = $$ ? $$ AND b = ? AND c = $t$?$t$": "a = $$ ? $$ AND b = $1 AND c = $t$?$t$",
		"LIMIT ?":                               "LIMIT $1",
		"'unterminated ?":                       "'unterminated ?",
		"a = ?" + strings.Repeat(", ?", 10):     "a = $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11",
	} {
		if got := Postgres.rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
		if got := Postgres.rebind(in); got != want {
			t.Errorf("cached rebind(%q) = %q, want %q", in, got, want)
		}
		if got := SQLite.rebind(in); got != in {
			t.Errorf("SQLite rebind(%q) = %q", in, got)
		}
	}
}

func TestDialectOf(t *testing.T) {
	for dsn, want := range map[string]Dialect{
		"postgres://u@h/db": Postgres, "POSTGRESQL://h/db": Postgres, "regbox.db": SQLite,
		"file:regbox.db?mode=ro": SQLite, ":memory:": SQLite, "/tmp/postgres://x": SQLite,
	} {
		if got := dialectOf(dsn); got != want {
			t.Errorf("dialectOf(%q) = %s, want %s", dsn, got, want)
		}
	}
}

func TestSQLiteTimeTextSortsAsTime(t *testing.T) {
	base := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var times []time.Time
	for _, d := range []time.Duration{0, time.Microsecond, 500 * time.Millisecond, time.Second, -time.Hour, 1500 * time.Nanosecond} {
		times = append(times, base.Add(d))
	}
	times = append(times, base.In(time.FixedZone("X", 5*3600)).Add(time.Minute))
	var texts []string
	for _, tm := range times {
		s := SQLite.dbTime(tm).(string)
		texts = append(texts, s)
		var back time.Time
		if err := scanTime(&back).Scan(s); err != nil || !back.Equal(tm.Truncate(time.Microsecond)) {
			t.Errorf("%s: scanned %v, %v", s, back, err)
		}
	}
	byText := slices.Clone(texts)
	sort.Strings(byText)
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i, tm := range times {
		if want := SQLite.dbTime(tm).(string); byText[i] != want {
			t.Fatalf("text order %v differs from time order at %d", byText, i)
		}
	}
	if v, ok := Postgres.dbTime(base.Add(1500 * time.Nanosecond)).(time.Time); !ok || v.Nanosecond() != 1000 {
		t.Errorf("Postgres.dbTime = %v", v)
	}
}

func TestMaskParameters(t *testing.T) {
	isSecret := func(k string) bool { return strings.Contains(strings.ToUpper(k), "PASSWORD") || k == "AUTH" }
	in := "COMMAND = ModifyDomain\nDOMAIN = example.com\nAUTH = s3cret\nPASSWORD=hunter2\r\nNEWPASSWORD = \nNOTE = a=b\n"
	want := "COMMAND = ModifyDomain\nDOMAIN = example.com\nAUTH = ***\nPASSWORD=***\r\nNEWPASSWORD = \nNOTE = a=b\n"
	if got := MaskParameters(in, isSecret); got != want {
		t.Errorf("MaskParameters:\n%q\nwant\n%q", got, want)
	}
}

func TestCut(t *testing.T) {
	s := strings.Repeat("ü", 100) // 2 bytes each
	got := cut(s, 51)
	if len(got) > 51 || !strings.HasSuffix(got, "…[cut]") || !strings.HasPrefix(s, strings.TrimSuffix(got, "…[cut]")) {
		t.Errorf("cut = %q (%d bytes)", got, len(got))
	}
	if cut("short", 10) != "short" {
		t.Error("cut changed a short text")
	}
}

func TestClassifyPostgres(t *testing.T) {
	for _, tc := range []struct {
		pg    pgconn.PgError
		code  string
		field string
		retry bool
	}{
		{pgconn.PgError{Code: "23505", Detail: "Key (a, b)=(1, 2) already exists."}, regbox.ECONFLICT, "a,b", false},
		{pgconn.PgError{Code: "23503", Detail: `Key (parent_id)=(9) is not present in table "parent".`}, regbox.ECONFLICT, "parent_id", false},
		{pgconn.PgError{Code: "23503", Detail: `Key (id)=(1) is still referenced from table "child".`}, regbox.ECONFLICT, "", false},
		{pgconn.PgError{Code: "23502", ColumnName: "name"}, regbox.EINVALID, "name", false},
		{pgconn.PgError{Code: "23514", ConstraintName: "n_valid"}, regbox.EINVALID, "n", false},
		{pgconn.PgError{Code: "23514", ConstraintName: "positive"}, regbox.EINVALID, "", false},
		{pgconn.PgError{Code: "22001"}, regbox.EINVALID, "", false},
		{pgconn.PgError{Code: "40001"}, regbox.EUNAVAILABLE, "", true},
		{pgconn.PgError{Code: "40P01"}, regbox.EUNAVAILABLE, "", true},
		{pgconn.PgError{Code: "08006"}, regbox.EUNAVAILABLE, "", false},
		{pgconn.PgError{Code: "57P01"}, regbox.EUNAVAILABLE, "", false},
		{pgconn.PgError{Code: "53300"}, regbox.EUNAVAILABLE, "", false},
		{pgconn.PgError{Code: "42P01"}, regbox.EINTERNAL, "", false},
	} {
		pe := tc.pg
		err := mapError(fmt.Errorf("query: %w", &pe))
		if regbox.ErrorCode(err) != tc.code || regbox.ErrorField(err) != tc.field || retryable(err) != tc.retry {
			t.Errorf("%s: %v (field %q, retry %v); want %s, %q, %v", pe.Code, err,
				regbox.ErrorField(err), retryable(err), tc.code, tc.field, tc.retry)
		}
		var back *pgconn.PgError
		if !errors.As(err, &back) {
			t.Errorf("%s: the driver error is lost", pe.Code)
		}
	}
	if mapError(nil) != nil {
		t.Error("mapError(nil) != nil")
	}
	own := regbox.Errorf(regbox.EFORBIDDEN, "no")
	if mapError(own) != own {
		t.Error("mapError changed a regbox error")
	}
}

func TestMigrationFoldersMatch(t *testing.T) {
	names := func(dialect Dialect) []string {
		m, err := fs.Glob(migrationFiles, "migrations/"+dialect.String()+"/*.sql")
		if err != nil || len(m) == 0 {
			t.Fatalf("%s: %v, %v", dialect, m, err)
		}
		for i := range m {
			m[i] = filepath.Base(m[i])
		}
		return m
	}
	if s, p := names(SQLite), names(Postgres); !slices.Equal(s, p) {
		t.Errorf("migrations differ: sqlite %v, postgres %v", s, p)
	}
}

// TestTxRetriesBusy runs a transaction that fails with a real SQLITE_BUSY twice.
func TestTxRetriesBusy(t *testing.T) {
	ctx := t.Context()
	dsn := filepath.Join(t.TempDir(), "busy.db")
	holder, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	other, err := Open(ctx, dsn, WithBusyTimeout(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := holder.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, busy := other.Exec(ctx, `DELETE FROM settings`)
	lock.Rollback()
	if !retryable(busy) || regbox.ErrorCode(busy) != regbox.EUNAVAILABLE {
		t.Fatalf("write under another's lock: %v, want a retryable EUNAVAILABLE", busy)
	}
	attempts := 0
	err = other.Tx(ctx, func(tx *Tx) error {
		attempts++
		if attempts < 3 {
			return busy
		}
		return tx.SetSetting(ctx, "k", "v")
	})
	if err != nil || attempts != 3 {
		t.Errorf("Tx: %v after %d attempts, want success after 3", err, attempts)
	}
	attempts = 0
	err = other.Tx(ctx, func(*Tx) error { attempts++; return busy })
	if !errors.Is(err, busy) || attempts != txAttempts {
		t.Errorf("Tx: %v after %d attempts, want the busy error after %d", err, attempts, txAttempts)
	}
	attempts = 0
	bad := regbox.FieldError("x", "bad")
	if err := other.Tx(ctx, func(*Tx) error { attempts++; return bad }); err != bad || attempts != 1 {
		t.Errorf("Tx: %v after %d attempts, want fn's error at once", err, attempts)
	}
}
