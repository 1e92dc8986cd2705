package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/regbox/regbox"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Driver errors become regbox errors here and nowhere else:
//
//	sql.ErrNoRows                       ENOTFOUND (a lookup never returns nil, nil)
//	unique violation                    ECONFLICT, Field = the column(s)
//	foreign-key violation               ECONFLICT (see below)
//	not-null violation                  EINVALID, Field = the column
//	check violation, wrong type, data   EINVALID, Field = the column when the
//	  exception (PostgreSQL class 22)     constraint is named <column>_valid
//	busy/locked, serialization failure, EUNAVAILABLE (Tx retries the transient ones)
//	  deadlock, connection failure,
//	  timeout, server shutting down
//	anything else                       EINTERNAL: the driver error wrapped with %w
//
// Foreign keys map to ECONFLICT in both directions, a row naming a parent that is
// not there and a parent deleted while rows still refer to it: SQLite reports both
// as one "FOREIGN KEY constraint failed", so one code keeps the dialects alike, and
// both are about the state of other rows rather than the shape of the input (the
// parent may have been deleted a moment ago). A service that takes an id from the
// user looks the parent up first and answers ENOTFOUND or EINVALID itself.
//
// The driver error stays the cause (Err) for logs; user messages never show SQL.

// failure is a driver error sorted into a class, with what it names.
type failure struct {
	kind       failureKind
	column     string // the column at fault, when known
	constraint string
	retry      bool // transient: the transaction may succeed when run again
	stillUsed  bool // foreign key: the row is still referenced (PostgreSQL only)
}

type failureKind int

const (
	failOther failureKind = iota
	failNotFound
	failUnique
	failForeignKey
	failNotNull
	failInvalid
	failUnavailable
)

// mapError returns err as a regbox error (see above). A nil error, and an error
// that already carries a regbox code, are returned as they are.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var re *regbox.Error
	if errors.As(err, &re) {
		return err
	}
	f := classify(err)
	switch f.kind {
	case failNotFound:
		return regbox.WrapError(regbox.ENOTFOUND, err, "Not found.")
	case failUnique:
		return &regbox.Error{Code: regbox.ECONFLICT, Field: f.column, Message: "is already in use", Err: err}
	case failForeignKey:
		msg := "refers to something that does not exist, or is still referred to"
		if f.stillUsed {
			msg = "is still in use"
		} else if f.column != "" {
			msg = "refers to something that does not exist"
		}
		return &regbox.Error{Code: regbox.ECONFLICT, Field: f.column, Message: msg, Err: err}
	case failNotNull:
		return &regbox.Error{Code: regbox.EINVALID, Field: f.column, Message: "is required", Err: err}
	case failInvalid:
		if f.column == "" && f.constraint != "" {
			return regbox.WrapError(regbox.EINVALID, err, "A value breaks the rule %q.", f.constraint)
		}
		return &regbox.Error{Code: regbox.EINVALID, Field: f.column, Message: "is not valid", Err: err}
	case failUnavailable:
		return regbox.WrapError(regbox.EUNAVAILABLE, err, "The database is busy or unreachable; try again later.")
	}
	return fmt.Errorf("store: %w", err)
}

// retryable reports whether err is transient: SQLite busy or locked, a
// PostgreSQL serialization failure or deadlock. Running the transaction again
// may succeed.
func retryable(err error) bool { return classify(err).retry }

// classify sorts a driver error.
func classify(err error) failure {
	var se *sqlite.Error
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return failure{kind: failNotFound}
	case errors.As(err, &se):
		return classifySQLite(se)
	case errors.As(err, &pe):
		return classifyPostgres(pe)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone):
		return failure{kind: failUnavailable}
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || pgconn.Timeout(err) {
		return failure{kind: failUnavailable}
	}
	return failure{}
}

// sqliteDetail matches what follows the last "constraint failed: " in SQLite's
// messages: "settings.key", "t.a, t.b", or a CHECK constraint's name; or the
// column of a STRICT table's type error.
var sqliteDetail = regexp.MustCompile(`(?:.*constraint failed: | value in \w+ column )([^()]*?)(?: \(\d+\))?$`)

func classifySQLite(e *sqlite.Error) failure {
	detail := ""
	if m := sqliteDetail.FindStringSubmatch(e.Error()); m != nil {
		detail = m[1]
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return failure{kind: failUnique, column: sqliteColumns(detail)}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return failure{kind: failForeignKey}
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return failure{kind: failNotNull, column: sqliteColumns(detail)}
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return failure{kind: failInvalid, constraint: detail, column: checkColumn(detail)}
	case sqlite3.SQLITE_CONSTRAINT_DATATYPE:
		return failure{kind: failInvalid, column: sqliteColumns(detail)}
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return failure{kind: failUnavailable, retry: true}
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_INTERRUPT:
		return failure{kind: failUnavailable}
	case sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_MISMATCH:
		return failure{kind: failInvalid}
	}
	return failure{}
}

// sqliteColumns turns "settings.key" or "t.a, t.b" into "key" or "a,b".
func sqliteColumns(detail string) string {
	var cols []string
	for c := range strings.SplitSeq(detail, ",") {
		c = strings.TrimSpace(c)
		if _, after, ok := strings.Cut(c, "."); ok {
			c = after
		}
		if c != "" {
			cols = append(cols, c)
		}
	}
	return strings.Join(cols, ",")
}

// checkColumn names the column a CHECK constraint guards, by the store's naming
// rule: a constraint named <column>_valid guards <column>.
func checkColumn(constraint string) string {
	col, ok := strings.CutSuffix(constraint, "_valid")
	if !ok {
		return ""
	}
	return col
}

// pgKeyColumns matches the column list in PostgreSQL's DETAIL for unique and
// foreign-key violations: "Key (a, b)=(1, 2) already exists."
var pgKeyColumns = regexp.MustCompile(`^Key \(([^)]*)\)=`)

func classifyPostgres(e *pgconn.PgError) failure {
	keyCols := ""
	if m := pgKeyColumns.FindStringSubmatch(e.Detail); m != nil {
		keyCols = strings.ReplaceAll(m[1], ", ", ",")
	}
	switch code := e.Code; {
	case code == "23505": // unique_violation
		return failure{kind: failUnique, column: keyCols, constraint: e.ConstraintName}
	case code == "23503": // foreign_key_violation
		used := strings.Contains(e.Detail, "still referenced")
		f := failure{kind: failForeignKey, constraint: e.ConstraintName, stillUsed: used}
		if !used {
			f.column = keyCols
		}
		return f
	case code == "23502": // not_null_violation
		return failure{kind: failNotNull, column: e.ColumnName}
	case code == "23514": // check_violation
		return failure{kind: failInvalid, constraint: e.ConstraintName, column: checkColumn(e.ConstraintName)}
	case strings.HasPrefix(code, "22"): // data exception: bad text, out of range, too long
		return failure{kind: failInvalid, column: e.ColumnName}
	case code == "40001", code == "40P01": // serialization_failure, deadlock_detected
		return failure{kind: failUnavailable, retry: true}
	case strings.HasPrefix(code, "08"), // connection exception
		strings.HasPrefix(code, "53"),                     // insufficient resources
		code == "57014",                                   // query_canceled (statement timeout)
		code == "57P01", code == "57P02", code == "57P03": // shutdown, cannot connect now
		return failure{kind: failUnavailable}
	}
	return failure{}
}
