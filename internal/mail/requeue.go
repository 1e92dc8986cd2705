package mail

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

// liveStates are the states of a job that may still send its row.
var liveStates = []string{jobs.StateAvailable, jobs.StateScheduled, jobs.StateRunning, jobs.StateRetryable, jobs.StatePending}

// Requeue enqueues a mail_send job for every queued outbox row that has none
// waiting or running: the rows stored while sending was off (no host), and, with
// failed, the rows whose jobs gave up (set back to queued). It returns the rows
// requeued. It sees at most jobs.MaxList live mail jobs. Sending must be on. Running it twice enqueues nothing more: each job
// is unique by its row while it waits.
func (m *Mailer) Requeue(ctx context.Context, failed bool) ([]int64, error) {
	if m.opts.Host == "" {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "Sending is off: set mail.host to requeue mails.")
	}
	if m.queue == nil {
		return nil, regbox.Errorf(regbox.EINTERNAL, "The mailer has no job queue.")
	}
	live, err := m.queue.List(ctx, jobs.Filter{Kind: JobKind, States: liveStates, Limit: jobs.MaxList})
	if err != nil {
		return nil, err
	}
	pending := map[int64]bool{}
	for _, j := range live {
		var a sendArgs
		if json.Unmarshal(j.Args, &a) == nil {
			pending[a.ID] = true
		}
	}
	var ids []int64
	err = m.db.Tx(ctx, func(tx *store.Tx) error {
		ids = ids[:0]
		if failed {
			if _, err := tx.Exec(ctx, `UPDATE mail_outbox SET status = 'queued' WHERE status = 'failed'`); err != nil {
				return err
			}
		}
		queued, err := queuedRows(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range queued {
			if pending[id] {
				continue
			}
			job := jobs.Job{Kind: JobKind, Args: sendArgs{ID: id}, MaxAttempts: m.opts.MaxAttempts,
				Unique: true, UniqueKey: "mail:" + strconv.FormatInt(id, 10)}
			res, err := m.queue.Enqueue(ctx, tx, job)
			if err != nil {
				return err
			}
			if !res.Duplicate {
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func queuedRows(ctx context.Context, tx *store.Tx) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM mail_outbox WHERE status = 'queued' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
