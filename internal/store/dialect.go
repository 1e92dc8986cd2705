package store

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Everything the two databases do differently is in this file. The store's SQL is
// written once, for both, in the common subset:
//
//   - Placeholders: queries use "?"; for PostgreSQL they are rebound to $1..$n once
//     per query string (rebind, cached). Never use PostgreSQL's jsonb "?" operators
//     (use jsonb_exists) and never "?" outside a literal except as a placeholder.
//   - RETURNING: works on both (SQLite ≥ 3.35); use it instead of LastInsertId,
//     which pgx does not support.
//   - Upsert: INSERT ... ON CONFLICT (cols) DO UPDATE SET c = excluded.c is the same
//     on both (SQLite ≥ 3.24); with INSERT ... SELECT, SQLite needs "WHERE true"
//     before ON CONFLICT.
//   - Types, in the migrations of each dialect (migrations/sqlite, migrations/postgres):
//     SQLite tables are STRICT, so a wrong type fails as it does on PostgreSQL.
//     Identity: INTEGER PRIMARY KEY AUTOINCREMENT / BIGINT GENERATED ALWAYS AS IDENTITY.
//     Booleans: INTEGER 0/1 / BOOLEAN; database/sql converts both to and from bool, and
//     SQLite (≥ 3.23) knows the TRUE and FALSE keywords.
//     Times: TEXT in timeLayout (UTC, fixed width, so that text order is time order) /
//     TIMESTAMPTZ; pass times through dbTime and scan them with scanTime.
//     JSON: TEXT with CHECK (json_valid(...)) / JSONB (PostgreSQL returns it normalized:
//     the same value, maybe not the same bytes).
//   - now(): not used. The time comes from the DB's Clock and is passed as a
//     parameter, so tests control it and both dialects store the same value.
//   - LIKE is case-insensitive for ASCII on SQLite and case-sensitive on PostgreSQL:
//     compare lower(x) or exact values instead.

// Dialect names the SQL database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// String returns the dialect's name.
func (d Dialect) String() string { return string(d) }

// dialectOf tells which database a DSN names: PostgreSQL for a postgres:// or
// postgresql:// URL, SQLite for anything else (a path, a file: URI, :memory:).
func dialectOf(dsn string) Dialect {
	lower := strings.ToLower(dsn)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// timeLayout is how SQLite stores times: UTC, microseconds (PostgreSQL's
// precision), fixed width, so that comparing the text compares the times.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// dbTime returns the value to pass for t in a query: the text form for SQLite,
// the time in UTC for PostgreSQL. Both keep microseconds.
func (d Dialect) dbTime(t time.Time) driver.Value {
	t = t.UTC().Truncate(time.Microsecond)
	if d == SQLite {
		return t.Format(timeLayout)
	}
	return t
}

// timeScanner scans a time column of either dialect into *t, in UTC.
type timeScanner struct{ t *time.Time }

// scanTime returns a sql.Scanner that stores a time column's value in t.
func scanTime(t *time.Time) timeScanner { return timeScanner{t} }

// ScanTime returns a sql.Scanner that reads a time column of either dialect into
// t (UTC); NULL leaves the zero time. For packages that write their own SQL.
func ScanTime(t *time.Time) sql.Scanner { return timeScanner{t} }

// Time returns the value to pass for t in a query of dialect d: UTC cut to
// microseconds, as fixed-width text on SQLite (so that text order is time order).
func (d Dialect) Time(t time.Time) driver.Value { return d.dbTime(t) }

// Scan implements sql.Scanner.
func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
		return nil
	case time.Time:
		*s.t = v.UTC()
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("store: cannot scan %T into a time", src)
}

func (s timeScanner) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("store: bad time %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}

// rebindCacheMax bounds the rebind cache. The store's queries are constants or a
// few combinations of filter clauses, far fewer than this; past it, rebinding
// still works but is not cached.
const rebindCacheMax = 4096

var (
	rebindCache sync.Map // query with ? → query with $n
	rebindCount atomic.Int64
)

// rebind returns query with its placeholders in the dialect's syntax.
func (d Dialect) rebind(query string) string {
	if d != Postgres {
		return query
	}
	if q, ok := rebindCache.Load(query); ok {
		return q.(string)
	}
	q := rebindDollar(query)
	if rebindCount.Load() < rebindCacheMax {
		if _, loaded := rebindCache.LoadOrStore(query, q); !loaded {
			rebindCount.Add(1)
		}
	}
	return q
}

// rebindDollar replaces each "?" placeholder with $1, $2, ... It leaves alone
// what is inside string literals, quoted identifiers, dollar-quoted strings and
// comments.
func rebindDollar(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); {
		c := query[i]
		if end := skipQuoted(query, i); end > i {
			b.WriteString(query[i:end])
			i = end
			continue
		}
		if c == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		} else {
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

// skipQuoted returns the end of the literal, quoted identifier or comment that
// starts at query[i], or i when none starts there.
func skipQuoted(query string, i int) int {
	rest := query[i:]
	switch {
	case rest[0] == '\'' || rest[0] == '"':
		// A doubled quote inside is an escaped quote: the scan simply goes on.
		if j := strings.IndexByte(rest[1:], rest[0]); j >= 0 {
			return i + j + 2
		}
		return len(query)
	case strings.HasPrefix(rest, "--"):
		if j := strings.IndexByte(rest, '\n'); j >= 0 {
			return i + j + 1
		}
		return len(query)
	case strings.HasPrefix(rest, "/*"):
		if j := strings.Index(rest[2:], "*/"); j >= 0 {
			return i + j + 4
		}
		return len(query)
	case rest[0] == '$':
		// $tag$ ... $tag$ (tag may be empty); $1 is a positional parameter.
		j := 1
		for j < len(rest) && (rest[j] == '_' || isAlpha(rest[j]) || (j > 1 && isDigit(rest[j]))) {
			j++
		}
		if j < len(rest) && rest[j] == '$' {
			tag := rest[:j+1]
			if k := strings.Index(rest[j+1:], tag); k >= 0 {
				return i + j + 1 + k + len(tag)
			}
			return len(query)
		}
	}
	return i
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
