package backorder

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

// SyncDropDates copies the drop list's dates to the open backorders
// (REQUESTED, ACTIVE) whose name is on it with a different, future date: the
// module's daily_dropdate_synch. A changed date also re-arms the low-balance
// mail. It returns how many backorders changed.
func (s *Service) SyncDropDates(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		d, now := tx.Dialect(), tx.Now()
		res, err := tx.Exec(ctx, `UPDATE backorders SET updated_at = ?, drop_at = (SELECT l.drop_at FROM backorder_droplist l
				WHERE l.label = backorders.label AND l.zone = backorders.zone)
			WHERE status IN ('REQUESTED', 'ACTIVE') AND EXISTS (SELECT 1 FROM backorder_droplist l
				WHERE l.label = backorders.label AND l.zone = backorders.zone AND l.drop_at > ?
				AND (backorders.drop_at IS NULL OR l.drop_at <> backorders.drop_at))`, d.Time(now), d.Time(now))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if n > 0 {
			return logTx(ctx, tx, 0, "dropdate_sync", "ok", fmt.Sprintf("%d drop dates changed", n))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("backorder: sync drop dates: %w", err)
	}
	return n, nil
}

// ImportFrom downloads (or reads) the list at src and imports it; src
// RegistrySource reads it from the registrar's API.
func (s *Service) ImportFrom(ctx context.Context, src string, progress func(int)) (ImportResult, error) {
	if src == RegistrySource {
		return s.ImportFromRegistry(ctx, progress)
	}
	rc, _, err := Open(ctx, s.opts.HTTP, src)
	if err != nil {
		return ImportResult{}, err
	}
	defer rc.Close()
	return s.List.Import(ctx, rc, src, progress)
}

// RegisterJobs replaces the placeholder handlers of the seed schedules
// jobs.BackorderBatch, jobs.DropListImport (from source, a file or URL; the job
// only logs when source is empty) and jobs.DropDateSync (run after each import
// too).
func (s *Service) RegisterJobs(reg *jobs.Registry, source string, log *slog.Logger) error {
	err := reg.Handle(jobs.BackorderBatch, func(ctx context.Context, _ jobs.Run) error {
		res, err := s.Tick(ctx)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "backorder batch", "claimed", res.Claimed, "changed", res.Changed, "submitted", res.Submitted,
			"polls", res.Polls, "released", res.Released, "errors", res.Errors)
		return nil
	})
	if err != nil {
		return err
	}
	err = reg.Handle(jobs.DropListImport, func(ctx context.Context, _ jobs.Run) error {
		if source == "" {
			log.InfoContext(ctx, "backorder: no drop-list source configured; nothing imported")
			return nil
		}
		res, err := s.ImportFrom(ctx, source, nil)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "backorder drop list imported", "rows", res.Rows, "skipped", res.Skipped, "removed", res.Removed)
		_, err = s.SyncDropDates(ctx)
		return err
	})
	if err != nil {
		return err
	}
	return reg.Handle(jobs.DropDateSync, func(ctx context.Context, _ jobs.Run) error {
		n, err := s.SyncDropDates(ctx)
		if err != nil {
			return err
		}
		pruned, err := s.PruneLogs(ctx)
		log.InfoContext(ctx, "backorder drop dates synced", "changed", n, "log_lines_pruned", pruned)
		return err
	})
}

// PruneLogs deletes the log lines older than Options.LogRetention and returns
// how many.
func (s *Service) PruneLogs(ctx context.Context) (int64, error) {
	before := s.db.Now().Add(-s.opts.LogRetention)
	res, err := s.db.Exec(ctx, `DELETE FROM backorder_logs WHERE at < ?`, s.db.Dialect().Time(before))
	if err != nil {
		return 0, fmt.Errorf("backorder: prune logs: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
