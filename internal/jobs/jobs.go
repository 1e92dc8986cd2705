// Package jobs is regbox's background work: jobs as rows in the store's database,
// enqueued in the caller's transaction, run by handlers registered by kind, retried
// with exponential backoff up to a maximum of attempts and, when they keep failing,
// kept as discarded with their errors for an operator to look at and retry. Named
// periodic schedules (cron specs, UTC) enqueue one job per slot, once across every
// node that shares the database.
//
// The Queue interface is ours; its one implementation is River
// (github.com/riverqueue/river) on both dialects: riverdatabasesql on PostgreSQL,
// riversqlite on SQLite, both on the store's write pool (DB.WriteDB), so a job
// enqueued in a transaction commits or rolls back with it. On PostgreSQL, given
// the raw DSN, the workers run on riverpgxv5 with a pgx pool of their own
// (LISTEN/NOTIFY, asynchronous commit of fetches and completions): see Options.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// Queue is the job queue that services and the CLI use.
type Queue interface {
	// Enqueue adds job in the caller's transaction: it runs only if tx commits.
	Enqueue(ctx context.Context, tx Tx, job Job) (Result, error)
	// EnqueueNow adds job in a transaction of its own.
	EnqueueNow(ctx context.Context, job Job) (Result, error)
	// Get returns one job; a missing one is ENOTFOUND.
	Get(ctx context.Context, id int64) (Info, error)
	// List returns jobs, newest first.
	List(ctx context.Context, filter Filter) ([]Info, error)
	// Retry makes a failed, cancelled or completed job available to run again now.
	Retry(ctx context.Context, id int64) (Info, error)
	// Start starts working jobs and enqueuing periodic ones.
	Start(ctx context.Context) error
	// Stop stops fetching new jobs and waits for the running ones to finish (or
	// ctx to end).
	Stop(ctx context.Context) error
}

// Tx is the caller's transaction that Enqueue writes the job in. It must be a
// transaction on the store's write pool (store.DB.WriteDB). store.Tx satisfies it
// once it has the method SQLTx; until then wrap a *sql.Tx with SQLTx.
type Tx interface {
	SQLTx() *sql.Tx
}

// SQLTx adapts a *sql.Tx, begun on store.DB.WriteDB, to Tx.
func SQLTx(tx *sql.Tx) Tx { return sqlTx{tx} }

type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) SQLTx() *sql.Tx { return t.tx }

// Job is a piece of work to enqueue.
type Job struct {
	Kind string // the handler's kind, e.g. "domain_sync"
	Args any    // encoded as JSON (a json.RawMessage as is); nil is {}

	// Unique makes Enqueue add nothing when a job of the same kind and the same
	// args (or the same UniqueKey, when set) is waiting, running or completed
	// (failed and cancelled jobs do not count). Result.Duplicate tells.
	Unique bool
	// UniqueKey, with Unique, identifies the job instead of its args. Args must
	// then be a JSON object; the key is stored in it as "_unique_key".
	UniqueKey string

	MaxAttempts int       // 0: the queue's default
	RunAt       time.Time // zero: now
	Priority    int       // 1 (first) to 4; 0: 1
}

// Result is what Enqueue did.
type Result struct {
	ID        int64
	Duplicate bool // a unique job was already there; ID is that job's
}

// States of a job.
const (
	StateAvailable = "available"
	StateScheduled = "scheduled"
	StateRunning   = "running"
	StateRetryable = "retryable" // failed, waiting for its next attempt
	StateCompleted = "completed"
	StateDiscarded = "discarded" // failed its last attempt: kept, see Info.Errors
	StateCancelled = "cancelled"
	StatePending   = "pending"
)

// Info is a job as stored.
type Info struct {
	ID          int64
	Kind        string
	State       string
	Args        json.RawMessage
	Attempt     int
	MaxAttempts int
	Errors      []AttemptError // oldest first
	CreatedAt   time.Time
	ScheduledAt time.Time
	FinalizedAt time.Time // zero while not finished
}

// AttemptError is the error of one failed attempt.
type AttemptError struct {
	Attempt int
	At      time.Time
	Error   string
}

// Filter selects jobs for List.
type Filter struct {
	States []string // none: every state
	Kind   string   // empty: every kind
	Limit  int      // 0: 100; at most MaxList
	Before int64    // cursor: only jobs older than this job (0: from the newest)
}

// Run is the job a handler works.
type Run struct {
	ID      int64
	Kind    string
	Args    json.RawMessage
	Attempt int // 1 for the first
}

// Handler works one job. An error fails the attempt: the job is retried after a
// backoff, and discarded after its last attempt.
type Handler func(ctx context.Context, r Run) error
