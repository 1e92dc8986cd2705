package backorder

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// LogEntry is a line of the backorder log.
type LogEntry struct {
	ID          int64
	At          time.Time
	BackorderID int64 // 0: not about one backorder (imports)
	Source      string
	Status      string // ok or error
	Message     string
}

// LogQuery filters the log; lines older than Options.LogRetention are pruned
// by the drop-date sync job (PruneLogs).
type LogQuery struct {
	BackorderID int64
	Source      string // "": all
	Status      string // "", ok or error
	Page        int    // from 1
	PageSize    int    // default 50, at most 1000
	Before      int64  // when not 0: only lines with a smaller id (a cursor), instead of Page
}

// LogPage is a page of log lines, newest first.
type LogPage struct {
	Total   int
	Entries []LogEntry
}

// Logs returns a page of the backorder log.
func (s *Service) Logs(ctx context.Context, q LogQuery) (LogPage, error) {
	if q.Status != "" && q.Status != "ok" && q.Status != "error" {
		return LogPage{}, regbox.FieldError("status", "must be ok or error")
	}
	q.Page, q.PageSize = max(q.Page, 1), cmpOr(q.PageSize, 50)
	if q.PageSize < 1 || q.PageSize > 1000 {
		return LogPage{}, regbox.FieldError("page_size", "must be 1 to 1000")
	}
	where := `(? = 0 OR backorder_id = ?) AND (? = '' OR source = ?) AND (? = '' OR status = ?)`
	args := []any{q.BackorderID, q.BackorderID, q.Source, q.Source, q.Status, q.Status}
	var p LogPage
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM backorder_logs WHERE `+where, args...).Scan(&p.Total); err != nil {
		return LogPage{}, fmt.Errorf("backorder: logs: %w", err)
	}
	offset := (q.Page - 1) * q.PageSize
	if q.Before != 0 {
		offset = 0
	}
	rows, err := s.db.Query(ctx, `SELECT id, at, backorder_id, source, status, message FROM backorder_logs WHERE `+where+`
		AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, q.Before, q.Before, q.PageSize, offset)...)
	if err != nil {
		return LogPage{}, fmt.Errorf("backorder: logs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e LogEntry
		var bid sql.NullInt64
		if err := rows.Scan(&e.ID, store.ScanTime(&e.At), &bid, &e.Source, &e.Status, &e.Message); err != nil {
			return LogPage{}, fmt.Errorf("backorder: logs: %w", err)
		}
		e.BackorderID = bid.Int64
		p.Entries = append(p.Entries, e)
	}
	return p, rows.Err()
}

// LogRetention is how long log lines are kept.
func (s *Service) LogRetention() time.Duration { return s.opts.LogRetention }
