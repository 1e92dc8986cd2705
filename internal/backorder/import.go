package backorder

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// DropList is the stored pending-delete list: import and search. It is safe for
// concurrent use.
type DropList struct {
	db *store.DB

	mu  sync.Mutex
	idx *index // the cached search index, nil until the first search
}

// NewDropList returns the drop list stored in db.
func NewDropList(db *store.DB) *DropList { return &DropList{db: db} }

// ImportResult tells what an import did.
type ImportResult struct {
	Gen     int64        // the import's generation
	Rows    int          // entries written (after removing duplicates)
	Skipped int          // lines that could not be read
	Errors  []ParseError // the first few of them
	Removed int64        // rows removed: not in this list, or past their drop
}

// importBatch is how many rows one INSERT writes.
const importBatch = 2000

const dropColumns = 9

// Import replaces the stored list with the entries read from r (see the file
// comment): an upsert of every entry, then the removal of rows this import did
// not see and of rows whose drop has passed, in one transaction. progress, if
// not nil, is called with the entries read so far every few thousand rows.
// source is recorded with the import.
func (l *DropList) Import(ctx context.Context, r io.Reader, source string, progress func(rows int)) (ImportResult, error) {
	rd := NewReader(r)
	entries, err := readAll(rd, progress) // before the transaction: a slow download holds no lock
	if err != nil {
		return ImportResult{}, fmt.Errorf("backorder: import drop list: %w", err)
	}
	var res ImportResult
	if l.db.Dialect() == store.Postgres {
		res, err = l.copyImport(ctx, entries, source)
	} else {
		res, err = l.batchImport(ctx, entries, source)
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("backorder: import drop list: %w", err)
	}
	res.Skipped, res.Errors = rd.Bad, rd.Errors
	return res, nil
}

// batchImport upserts entries with multi-row INSERTs in one transaction.
func (l *DropList) batchImport(ctx context.Context, entries []Entry, source string) (ImportResult, error) {
	var res ImportResult
	err := l.db.Tx(ctx, func(tx *store.Tx) error {
		res = ImportResult{}
		var gen int64
		err := tx.QueryRow(ctx, `SELECT gen FROM backorder_droplist_meta WHERE id = 1`).Scan(&gen)
		if err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
			return err
		}
		res.Gen = gen + 1
		if err := bigCache(ctx, tx, true); err != nil {
			return err
		}
		defer bigCache(ctx, tx, false)
		w, err := newBatchWriter(ctx, tx, res.Gen)
		if err != nil {
			return err
		}
		defer w.close()
		for _, e := range entries {
			if err := w.add(e); err != nil {
				return err
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		res.Rows = len(entries)
		return l.finish(ctx, tx, source, &res)
	})
	return res, err
}

// readAll reads every entry, sorts them by key and keeps the first of equal
// keys: SQLite then appends to its B-tree instead of inserting at random.
func readAll(rd *Reader, progress func(int)) ([]Entry, error) {
	var entries []Entry
	for {
		e, ok := rd.Next()
		if !ok {
			break
		}
		entries = append(entries, e)
		if progress != nil && len(entries)%10000 == 0 {
			progress(len(entries))
		}
	}
	if err := rd.Err(); err != nil {
		return nil, regbox.FieldError("source", "cannot read the list: %v", err)
	}
	if progress != nil {
		progress(len(entries))
	}
	return sortUnique(entries), nil
}

// sortUnique returns entries sorted by key, keeping the first of equal keys (a
// later duplicate in one list does not count). It sorts small (prefix, position)
// pairs, not the entries: the label's first 8 bytes decide most comparisons
// without touching the strings, and a stable sort moving 1M large structs cost
// seconds.
func sortUnique(entries []Entry) []Entry {
	type key struct {
		prefix uint64
		pos    int32
	}
	keys := make([]key, len(entries))
	for i := range entries {
		keys[i] = key{labelPrefix(entries[i].Label), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		x, y := &entries[a.pos], &entries[b.pos]
		return cmp.Or(strings.Compare(x.Label, y.Label), strings.Compare(x.Zone, y.Zone), cmp.Compare(a.pos, b.pos))
	})
	out := make([]Entry, 0, len(entries))
	for _, k := range keys {
		e := entries[k.pos]
		if n := len(out); n > 0 && out[n-1].Label == e.Label && out[n-1].Zone == e.Zone {
			continue
		}
		out = append(out, e)
	}
	return out
}

// labelPrefix packs a label's first 8 bytes big-endian, so that comparing two
// prefixes orders as comparing the strings does (labels hold no NUL bytes).
func labelPrefix(s string) uint64 {
	var p uint64
	for i := range 8 {
		p <<= 8
		if i < len(s) {
			p |= uint64(s[i])
		}
	}
	return p
}

// finish removes what the import did not see and records it.
func (l *DropList) finish(ctx context.Context, tx *store.Tx, source string, res *ImportResult) error {
	d, now := tx.Dialect(), tx.Now()
	out, err := tx.Exec(ctx, `DELETE FROM backorder_droplist WHERE gen <> ? OR drop_at <= ?`, res.Gen, d.Time(now))
	if err != nil {
		return err
	}
	res.Removed, _ = out.RowsAffected()
	_, err = tx.Exec(ctx, `INSERT INTO backorder_droplist_meta (id, gen, imported_at, source, row_count) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET gen = excluded.gen, imported_at = excluded.imported_at,
		source = excluded.source, row_count = excluded.row_count`, res.Gen, d.Time(now), source, res.Rows)
	return err
}

// batchWriter writes entries importBatch at a time with one prepared
// statement (and one for the last, shorter batch).
type batchWriter struct {
	ctx  context.Context
	tx   *store.Tx
	gen  int64
	full *sql.Stmt
	args []any
}

func newBatchWriter(ctx context.Context, tx *store.Tx, gen int64) (*batchWriter, error) {
	st, err := tx.SQLTx().PrepareContext(ctx, upsertSQL(tx.Dialect(), importBatch))
	if err != nil {
		return nil, fmt.Errorf("prepare upsert: %w", err)
	}
	return &batchWriter{ctx: ctx, tx: tx, gen: gen, full: st, args: make([]any, 0, importBatch*dropColumns)}, nil
}

func (w *batchWriter) add(e Entry) error {
	w.args = append(w.args, e.Label, e.Zone, w.tx.Dialect().Time(e.DropAt),
		e.Length, e.Letters, e.Digits, e.Hyphens, e.IDN, w.gen)
	if len(w.args) == cap(w.args) {
		return w.flush()
	}
	return nil
}

func (w *batchWriter) flush() error {
	n := len(w.args) / dropColumns
	if n == 0 {
		return nil
	}
	var err error
	if n == importBatch {
		_, err = w.full.ExecContext(w.ctx, w.args...)
	} else {
		_, err = w.tx.SQLTx().ExecContext(w.ctx, upsertSQL(w.tx.Dialect(), n), w.args...)
	}
	w.args = w.args[:0]
	if err != nil {
		return fmt.Errorf("upsert drop list rows: %w", err)
	}
	return nil
}

func (w *batchWriter) close() { w.full.Close() }

// upsertSQL is the statement that upserts n rows, in dialect d's placeholders.
func upsertSQL(d store.Dialect, n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO backorder_droplist (label, zone, drop_at, length, letters, digits, hyphens, idn, gen) VALUES `)
	writeValues(&b, d, n, dropColumns)
	b.WriteString(` ON CONFLICT (label, zone) DO UPDATE SET drop_at = excluded.drop_at, gen = excluded.gen`)
	return b.String()
}

// writeValues writes n tuples of cols placeholders.
func writeValues(b *strings.Builder, d store.Dialect, n, cols int) {
	p := 0
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range cols {
			if j > 0 {
				b.WriteByte(',')
			}
			if p++; d == store.Postgres {
				fmt.Fprintf(b, "$%d", p)
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
}

// importCacheKiB is SQLite's page cache for an import: the list's B-tree
// (about 60 MB for a million rows) stays in memory instead of spilling to the
// WAL in the middle of the transaction.
const importCacheKiB = 256 << 10

// bigCache sets (on) or restores (off) the writer connection's page cache for
// an import, on SQLite; PostgreSQL needs nothing.
func bigCache(ctx context.Context, tx *store.Tx, on bool) error {
	if tx.Dialect() != store.SQLite {
		return nil
	}
	kib := 2000 // SQLite's default
	if on {
		kib = importCacheKiB
	}
	_, err := tx.Exec(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", kib))
	return err
}
