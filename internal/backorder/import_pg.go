package backorder

import (
	"context"
	"errors"
	"fmt"

	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyImport loads entries on PostgreSQL with COPY into a temporary table and
// one INSERT ... ON CONFLICT from it, in one transaction on one of the pool's
// connections (reached through database/sql's Raw).
func (l *DropList) copyImport(ctx context.Context, entries []Entry, source string) (ImportResult, error) {
	conn, err := l.db.WriteDB().Conn(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	defer conn.Close()
	var res ImportResult
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("not a pgx connection")
		}
		return pgx.BeginFunc(ctx, sc.Conn(), func(tx pgx.Tx) error {
			var err error
			res, err = copyInTx(ctx, tx, entries, source, l.db.Now())
			return err
		})
	})
	return res, err
}

func copyInTx(ctx context.Context, tx pgx.Tx, entries []Entry, source string, now time.Time) (ImportResult, error) {
	res := ImportResult{Rows: len(entries)}
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(gen), 0) + 1 FROM backorder_droplist_meta`).Scan(&res.Gen); err != nil {
		return res, err
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE backorder_droplist_load (LIKE backorder_droplist INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
		return res, err
	}
	cols := []string{"label", "zone", "drop_at", "length", "letters", "digits", "hyphens", "idn", "gen"}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(entries) {
			return nil, nil
		}
		e := entries[i]
		i++
		return []any{e.Label, e.Zone, e.DropAt, int16(e.Length), int16(e.Letters), int16(e.Digits), int16(e.Hyphens), e.IDN, res.Gen}, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"backorder_droplist_load"}, cols, src); err != nil {
		return res, fmt.Errorf("copy: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO backorder_droplist SELECT * FROM backorder_droplist_load
		ON CONFLICT (label, zone) DO UPDATE SET drop_at = excluded.drop_at, gen = excluded.gen`); err != nil {
		return res, err
	}
	out, err := tx.Exec(ctx, `DELETE FROM backorder_droplist WHERE gen <> $1 OR drop_at <= $2`, res.Gen, now)
	if err != nil {
		return res, err
	}
	res.Removed = out.RowsAffected()
	_, err = tx.Exec(ctx, `INSERT INTO backorder_droplist_meta (id, gen, imported_at, source, row_count) VALUES (1, $1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET gen = excluded.gen, imported_at = excluded.imported_at,
		source = excluded.source, row_count = excluded.row_count`, res.Gen, now, source, res.Rows)
	return res, err
}
