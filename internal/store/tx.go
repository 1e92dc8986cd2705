package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Queries through DB and Tx are written with "?" placeholders (rebound for
// PostgreSQL) and return regbox errors (mapped in errors.go).

// Exec runs a statement that changes data, on its own (autocommit) on the write
// pool. A statement that fails because the database is busy has not run, and is
// run again, as DB.Tx does.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = db.dialect.rebind(query)
	var res sql.Result
	err := db.retry(ctx, func() error {
		var err error
		res, err = db.write.ExecContext(ctx, query, args...)
		return mapError(err)
	})
	return res, err
}

// Query runs a query on the read pool. The caller closes the rows. Errors from
// Scan and rows.Err are the driver's: the store's methods map them (mapError).
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.rebind(query), args...)
	return rows, mapError(err)
}

// QueryRow runs a query that returns at most one row, on the read pool.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *Row {
	return &Row{db.read.QueryRowContext(ctx, db.dialect.rebind(query), args...)}
}

// Row is the result of QueryRow.
type Row struct{ row *sql.Row }

// Scan copies the row's columns into dest. No row is ENOTFOUND.
func (r *Row) Scan(dest ...any) error { return mapError(r.row.Scan(dest...)) }

// Tx is a transaction. Within DB.Tx it is committed or rolled back for you.
type Tx struct {
	tx *sql.Tx
	db *DB
}

// SQLTx returns the underlying transaction, for libraries that write in the
// caller's transaction (the job queue enqueues with it, so a job exists exactly
// when the change that asked for it commits).
func (tx *Tx) SQLTx() *sql.Tx { return tx.tx }

// BeginTx starts a transaction: on the write pool, or on the read pool when
// opts.ReadOnly is set. The caller must Commit or Rollback it; DB.Tx does that
// and retries transient failures, so prefer it.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	pool := db.write
	if opts != nil && opts.ReadOnly {
		pool = db.read
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, mapError(err)
	}
	return &Tx{tx: tx, db: db}, nil
}

// Commit commits the transaction.
func (tx *Tx) Commit() error { return mapError(tx.tx.Commit()) }

// Rollback aborts the transaction. Rolling back a finished transaction is a no-op.
func (tx *Tx) Rollback() error {
	if err := tx.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return mapError(err)
	}
	return nil
}

// Dialect returns the database's dialect.
func (tx *Tx) Dialect() Dialect { return tx.db.dialect }

// Now returns the DB's clock time (see DB.Now).
func (tx *Tx) Now() time.Time { return tx.db.Now() }

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, tx.db.dialect.rebind(query), args...)
	return res, mapError(err)
}

// Query runs a query in the transaction. The caller closes the rows.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, tx.db.dialect.rebind(query), args...)
	return rows, mapError(err)
}

// QueryRow runs a query that returns at most one row in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *Row {
	return &Row{tx.tx.QueryRowContext(ctx, tx.db.dialect.rebind(query), args...)}
}

// txAttempts is how often Tx runs a transaction that fails transiently.
const txAttempts = 4

// Tx runs fn in a write transaction and commits it when fn returns nil; it rolls
// back when fn returns an error or panics (and then re-panics). A transaction that
// fails transiently (SQLite busy, a PostgreSQL serialization failure or deadlock)
// is run again from the start, up to four times in all, after a short random
// pause: fn must not have effects outside the database that cannot be repeated.
// The error is fn's own, or a mapped database error.
//
// Inside fn, use tx and the DB's reading methods, never the DB's writing ones: on
// SQLite the one writer connection is the transaction's, so a db.Exec would wait
// for it until ctx ends.
func (db *DB) Tx(ctx context.Context, fn func(*Tx) error) error {
	return db.retry(ctx, func() error { return db.runTx(ctx, fn) })
}

// retry runs fn, and again while it fails transiently, up to txAttempts times.
func (db *DB) retry(ctx context.Context, fn func() error) error {
	var err error
	for attempt := range txAttempts {
		if attempt > 0 {
			if werr := backoff(ctx, attempt); werr != nil {
				return mapError(errors.Join(err, werr))
			}
		}
		err = fn()
		if err == nil || !retryable(err) {
			return err
		}
	}
	return err
}

// writeRow runs a statement that returns one row (INSERT ... RETURNING) on the
// write pool, outside any transaction.
func (db *DB) writeRow(ctx context.Context, query string, args ...any) *Row {
	return &Row{db.write.QueryRowContext(ctx, db.dialect.rebind(query), args...)}
}

// runTx runs fn once in a transaction.
func (db *DB) runTx(ctx context.Context, fn func(*Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			if rerr := tx.Rollback(); rerr != nil {
				err = errors.Join(err, fmt.Errorf("store: rollback: %w", rerr))
			}
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// backoff waits before attempt n (1, 2, ...): about 5, 20, 80 ms, randomized.
func backoff(ctx context.Context, n int) error {
	d := time.Duration(5<<(2*(n-1))) * time.Millisecond
	d = d/2 + rand.N(d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
