// Package store is regbox's one database/sql store, for SQLite (the embedded
// default, through the pure-Go modernc.org/sqlite) and PostgreSQL (through pgx,
// for several nodes sharing one database).
//
// The SQL is written once; what differs between the dialects is in dialect.go,
// the mapping of driver errors to regbox error codes in errors.go. The schema is
// created by embedded goose migrations, one folder per dialect, applied by Open and
// by `regbox migrate`.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver "pgx"
	"github.com/regbox/regbox"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver "sqlite"
)

// DB is an open store. It is safe for concurrent use.
//
// On SQLite it holds two pools on the same file: a writer of exactly one
// connection, through which every write transaction goes (SQLite allows one writer
// at a time anyway; queuing writers in database/sql instead of in SQLite's busy
// handler means no "database is locked" between our own goroutines, and BEGIN
// IMMEDIATE makes the wait for another process's writer a busy_timeout wait rather
// than a failure), and a reader of several query-only connections, which WAL lets
// read while the writer writes. An in-memory database exists per connection, so
// there both pools are the one connection. On PostgreSQL both are one pool.
type DB struct {
	write, read *sql.DB
	dialect     Dialect
	clock       regbox.Clock
	secretKey   func(string) bool
	locker      int64 // PostgreSQL advisory lock id for migrations
	dsn         string
	idleReaders int // SQLite: idle read connections kept (ReleaseMemory closes them)
}

// Option configures Open.
type Option func(*options)

type options struct {
	clock       regbox.Clock
	migrate     bool
	readConns   int
	maxConns    int
	busyTimeout time.Duration
	secretKey   func(string) bool
}

// WithClock sets the clock that stamps rows (default regbox.SystemClock).
func WithClock(c regbox.Clock) Option { return func(o *options) { o.clock = c } }

// WithoutMigrations makes Open leave the schema as it is: for `regbox migrate`,
// which applies or reverts migrations itself, and for tests of migrations.
func WithoutMigrations() Option { return func(o *options) { o.migrate = false } }

// WithReadConns sets the size of SQLite's read pool (default max(4, GOMAXPROCS)).
func WithReadConns(n int) Option { return func(o *options) { o.readConns = n } }

// WithMaxConns sets the size of PostgreSQL's pool (default 16).
func WithMaxConns(n int) Option { return func(o *options) { o.maxConns = n } }

// WithBusyTimeout sets how long a SQLite connection waits for another process's
// lock before failing with SQLITE_BUSY (default 5s).
func WithBusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// WithSecretKey sets the rule that tells which parameter keys hold secrets, so
// that AppendModuleCall masks their values even when a caller forgot to
// (cmd/regbox passes ispapi.IsSecretKey; the store does not import ispapi).
func WithSecretKey(isSecret func(key string) bool) Option {
	return func(o *options) { o.secretKey = isSecret }
}

// Open opens the database that dsn names, applies pending migrations (unless
// WithoutMigrations) and returns the store. A dsn starting with postgres:// or
// postgresql:// opens PostgreSQL; anything else is a SQLite file path, a file: URI
// or ":memory:" (the store adds its own driver parameters to those a file: URI
// brings). Errors are regbox errors: EUNAVAILABLE when the database cannot be
// reached, EINVALID for a malformed dsn.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	o := options{
		clock:       regbox.SystemClock{},
		migrate:     true,
		readConns:   max(4, runtime.GOMAXPROCS(0)),
		maxConns:    16,
		busyTimeout: 5 * time.Second,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if strings.TrimSpace(dsn) == "" {
		return nil, regbox.FieldError("database", "is empty: give a SQLite file path or a postgres:// URL")
	}
	db := &DB{dialect: dialectOf(dsn), clock: o.clock, secretKey: o.secretKey, dsn: RedactDSN(dsn)}
	if db.dialect == SQLite && strings.Contains(dsn, "://") {
		return nil, regbox.FieldError("database", "%q: a URL must start with postgres:// (for SQLite, give a file path)", db.dsn)
	}
	o.readConns, o.maxConns = max(o.readConns, 1), max(o.maxConns, 1)
	var err error
	if db.dialect == Postgres {
		err = db.openPostgres(ctx, dsn, o)
	} else {
		err = db.openSQLite(ctx, dsn, o)
	}
	if err != nil {
		return nil, err
	}
	if o.migrate {
		if _, err := db.MigrateUp(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func (db *DB) openPostgres(ctx context.Context, dsn string, o options) error {
	if _, err := url.Parse(dsn); err != nil {
		return regbox.FieldError("database", "is not a valid postgres:// URL")
	}
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return regbox.WrapError(regbox.EINVALID, err, "Cannot use database %s.", db.dsn)
	}
	pool.SetMaxOpenConns(o.maxConns)
	pool.SetMaxIdleConns(o.maxConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db.write, db.read = pool, pool
	var schema sql.NullString
	if err := pool.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		pool.Close()
		return db.openError(err)
	}
	if !schema.Valid {
		pool.Close()
		return regbox.FieldError("database", "%s: search_path names no schema that exists", db.dsn)
	}
	db.locker = lockID(schema.String)
	return nil
}

// SQLite's page cache per connection, in KiB (SQLite's default is 2,000). The
// operating system caches the file as well, so a smaller cache costs a read
// call, not a disk access; what a connection caches stays resident, and the
// memory SQLite frees is partly kept by its allocator for reuse. The writer runs
// the big transactions (price syncs, imports); the readers are up to four.
const (
	writerCache = "cache_size(-1024)"
	readerCache = "cache_size(-512)"
)

func (db *DB) openSQLite(ctx context.Context, dsn string, o options) error {
	busy := fmt.Sprintf("busy_timeout(%d)", o.busyTimeout.Milliseconds())
	write, err := sql.Open("sqlite", sqliteDSN(dsn,
		"_pragma", busy, "_pragma", "journal_mode(WAL)", "_pragma", "synchronous(NORMAL)",
		"_pragma", "foreign_keys(1)", "_pragma", writerCache, "_txlock", "immediate"))
	if err != nil {
		return regbox.WrapError(regbox.EINVALID, err, "Cannot use database %s.", db.dsn)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	db.write, db.read = write, write
	// The first connection sets WAL mode in the file before any reader opens it.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return db.openError(err)
	}
	if isMemory(dsn) {
		return nil
	}
	read, err := sql.Open("sqlite", sqliteDSN(dsn,
		"_pragma", busy, "_pragma", "query_only(1)", "_pragma", "foreign_keys(1)", "_pragma", "synchronous(NORMAL)",
		"_pragma", readerCache))
	if err != nil {
		write.Close()
		return regbox.WrapError(regbox.EINVALID, err, "Cannot use database %s.", db.dsn)
	}
	read.SetMaxOpenConns(o.readConns)
	read.SetMaxIdleConns(o.readConns)
	read.SetConnMaxIdleTime(5 * time.Minute)
	db.read, db.idleReaders = read, o.readConns
	return nil
}

// ReleaseMemory gives back the memory SQLite holds for pages it has cached: the
// writer's cache is emptied (PRAGMA shrink_memory), idle readers are closed
// (they reopen on demand, which costs well under a millisecond) and what SQLite
// freed goes back to the operating system (trimSQLiteHeap). For a quiet node
// after a burst of work; the next queries read their pages again. Nothing to do
// on PostgreSQL, whose caches live in the server.
func (db *DB) ReleaseMemory(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, "PRAGMA shrink_memory"); err != nil {
		return fmt.Errorf("store: shrink memory: %w", err)
	}
	if db.read != db.write {
		db.read.SetMaxIdleConns(0) // closes the idle ones; those in use stay open
		db.read.SetMaxIdleConns(db.idleReaders)
	}
	if err := trimSQLiteHeap(); err != nil {
		return fmt.Errorf("store: trim SQLite's heap: %w", err)
	}
	return nil
}

func (db *DB) openError(err error) error {
	return regbox.WrapError(regbox.EUNAVAILABLE, err, "Cannot open database %s.", db.dsn)
}

// sqliteDSN appends the driver parameters kv (key, value, key, value...) to dsn.
func sqliteDSN(dsn string, kv ...string) string {
	var q url.Values = make(url.Values)
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + q.Encode()
}

// isMemory reports whether a SQLite dsn names an in-memory database.
func isMemory(dsn string) bool {
	name, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	return name == ":memory:" || name == "" || strings.Contains(dsn, "mode=memory")
}

// RedactDSN returns dsn with any password replaced, for messages and logs.
func RedactDSN(dsn string) string {
	if dialectOf(dsn) != Postgres {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable)"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Now returns the clock's time in UTC, to the microsecond (what both dialects
// store), so a time written and read back compares equal.
func (db *DB) Now() time.Time { return db.clock.Now().UTC().Truncate(time.Microsecond) }

// WriteDB returns the pool that writes (on SQLite, the one writer connection). It
// is for libraries that want a *sql.DB, such as a job queue; the store's own
// methods go through Tx, Exec and Query, which rebind placeholders and map errors.
func (db *DB) WriteDB() *sql.DB { return db.write }

// ReadDB returns the pool for queries (on PostgreSQL and in-memory SQLite, the same
// as WriteDB). On SQLite its connections are query-only.
func (db *DB) ReadDB() *sql.DB { return db.read }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return mapError(db.write.PingContext(ctx)) }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}
