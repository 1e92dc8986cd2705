package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

const migrateUp = rivermigrate.DirectionUp

func riverMigrator(db *store.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	m, err := rivermigrate.New(driverOf(db), nil)
	if err != nil {
		return nil, fmt.Errorf("jobs: migrate: %w", err)
	}
	return m, nil
}

// withMigrateLock runs fn holding, on PostgreSQL, an advisory lock per schema, so
// that nodes starting together migrate one after another.
func withMigrateLock(ctx context.Context, db *store.DB, fn func() error) error {
	if db.Dialect() != store.Postgres {
		return fn()
	}
	conn, err := db.WriteDB().Conn(ctx)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	defer conn.Close()
	const key = `hashtextextended('regbox river migrate ' || current_schema(), 0)`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`); err != nil {
		return fmt.Errorf("jobs: migrate lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+key+`)`) //nolint:errcheck // the session ends with conn anyway
	return fn()
}

// Enqueue adds job in tx.
func (q *River) Enqueue(ctx context.Context, tx Tx, job Job) (Result, error) {
	args, opts, err := q.insertParams(job)
	if err != nil {
		return Result{}, err
	}
	res, err := q.client.InsertTx(ctx, tx.SQLTx(), args, opts)
	if err != nil {
		return Result{}, fmt.Errorf("jobs: enqueue %s: %w", job.Kind, err)
	}
	return Result{ID: res.Job.ID, Duplicate: res.UniqueSkippedAsDuplicate}, nil
}

// EnqueueNow adds job in a transaction of its own, recorded in the activity
// log as "job.run" under ctx's actor: an operator or API caller asking for it
// now, or the system (serve's first price sync of a new database).
func (q *River) EnqueueNow(ctx context.Context, job Job) (Result, error) {
	var res Result
	err := q.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if res, err = q.Enqueue(ctx, tx, job); err != nil || res.Duplicate {
			return err
		}
		return tx.Record(ctx, "job.run", "job", store.ID(res.ID), map[string]string{"kind": job.Kind})
	})
	return res, err
}

func (q *River) insertParams(job Job) (river.JobArgs, *river.InsertOpts, error) {
	if !q.reg.Has(job.Kind) {
		return nil, nil, regbox.FieldError("kind", "%q has no handler; the kinds: %s", job.Kind, strings.Join(q.reg.Kinds(), ", "))
	}
	data, ok := job.Args.(json.RawMessage)
	if !ok && job.Args != nil {
		var err error
		if data, err = json.Marshal(job.Args); err != nil {
			return nil, nil, regbox.FieldError("args", "%v", err)
		}
	}
	opts := &river.InsertOpts{MaxAttempts: job.MaxAttempts, Priority: job.Priority, ScheduledAt: job.RunAt}
	opts.UniqueOpts.ByArgs = job.Unique
	args := rawArgs{kind: job.Kind, data: data}
	if !job.Unique || job.UniqueKey == "" {
		return args, opts, nil
	}
	var obj map[string]json.RawMessage
	if len(data) > 0 {
		if err := json.Unmarshal(data, &obj); err != nil {
			return nil, nil, regbox.FieldError("args", "must be a JSON object with a unique key")
		}
	}
	if obj == nil {
		obj = map[string]json.RawMessage{}
	}
	obj["_unique_key"], _ = json.Marshal(job.UniqueKey)
	data, _ = json.Marshal(obj)
	return keyedArgs{rawArgs: rawArgs{kind: job.Kind, data: data}, Key: job.UniqueKey}, opts, nil
}

// Get returns job id.
func (q *River) Get(ctx context.Context, id int64) (Info, error) {
	row, err := q.client.JobGet(ctx, id)
	if err != nil {
		return Info{}, mapErr(err, id)
	}
	return info(row), nil
}

// MaxList is the most jobs List returns at once.
const MaxList = 10000

// List returns jobs, newest first.
func (q *River) List(ctx context.Context, f Filter) ([]Info, error) {
	if f.Limit < 0 || f.Limit > MaxList {
		return nil, regbox.FieldError("limit", "must be from 1 to %d, not %d", MaxList, f.Limit)
	}
	p := river.NewJobListParams().First(cmpOr(f.Limit, 100)).OrderBy(river.JobListOrderByID, river.SortOrderDesc)
	if len(f.States) > 0 {
		states := make([]rivertype.JobState, len(f.States))
		for i, s := range f.States {
			states[i] = rivertype.JobState(s)
		}
		p = p.States(states...)
	}
	if f.Kind != "" {
		p = p.Kinds(f.Kind)
	}
	if f.Before != 0 {
		row, err := q.client.JobGet(ctx, f.Before)
		if err != nil {
			return nil, mapErr(err, f.Before)
		}
		p = p.After(river.JobListCursorFromJob(row))
	}
	res, err := q.client.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	out := make([]Info, len(res.Jobs))
	for i, row := range res.Jobs {
		out[i] = info(row)
	}
	return out, nil
}

// Retry makes job id available to run now, recorded in the activity log.
func (q *River) Retry(ctx context.Context, id int64) (Info, error) {
	var out Info
	err := q.db.Tx(ctx, func(tx *store.Tx) error {
		row, err := q.client.JobRetryTx(ctx, tx.SQLTx(), id)
		if err != nil {
			return mapErr(err, id)
		}
		out = info(row)
		if row.State == rivertype.JobStateRunning {
			return nil // River leaves a running job alone: nothing happened
		}
		return tx.Record(ctx, "job.retry", "job", store.ID(id), map[string]string{"kind": out.Kind})
	})
	return out, err
}

// Start starts working jobs.
func (q *River) Start(ctx context.Context) error {
	if err := q.work.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for the running ones (or ctx; prefetched
// jobs not yet started go back to the queue), then closes
// the workers' own pool, if any: the queue still enqueues, lists and retries, but
// does not start again.
func (q *River) Stop(ctx context.Context) error {
	q.stopOnce.Do(func() { close(q.stopping) })
	err := q.work.Stop(ctx)
	if q.pool != nil {
		q.pool.Close()
	}
	if err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}

func info(row *rivertype.JobRow) Info {
	in := Info{
		ID: row.ID, Kind: row.Kind, State: string(row.State), Args: row.EncodedArgs,
		Attempt: row.Attempt, MaxAttempts: row.MaxAttempts,
		CreatedAt: row.CreatedAt.UTC(), ScheduledAt: row.ScheduledAt.UTC(),
	}
	if row.FinalizedAt != nil {
		in.FinalizedAt = row.FinalizedAt.UTC()
	}
	for _, e := range row.Errors {
		in.Errors = append(in.Errors, AttemptError{Attempt: e.Attempt, At: e.At.UTC(), Error: e.Error})
	}
	return in
}
