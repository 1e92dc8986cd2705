package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

// River quirks, from its v0.51 source:
//   - riverdatabasesql and riversqlite take a *sql.DB and a *sql.Tx, so one
//     Client[*sql.Tx] serves both dialects and InsertTx writes in the caller's
//     transaction. That client inserts, lists and retries on both dialects, and
//     on SQLite it works the jobs too, polling (FetchPollInterval).
//   - On PostgreSQL, given the raw DSN (Options.DSN), a second client on
//     riverpgxv5 with a pgxpool of its own works the jobs: native pgx fetches and
//     completes faster than database/sql, and it LISTENs for the insert
//     notifications that the first client's InsertTx sends (pg_notify in the
//     caller's transaction, so only on commit). Both clients use the tables of the
//     connection's search_path.
//   - A job whose kind was decided at run time: rawArgs carries its kind, and
//     AddWorkerArgs registers one worker per kind.
//   - A retry due within the scheduler's interval is made available at once, so
//     a zero backoff retries immediately (a time before now would fall back to
//     River's default policy: we return now).
//   - The periodic enqueuer runs on the elected leader only; a new leader (or two,
//     during a handover) could enqueue a slot again, so each periodic job is
//     unique by its slot, carried in its args.

// Options configure New.
type Options struct {
	Clock       regbox.Clock                    // slots, backoff and River's time; default the system clock
	Logger      *slog.Logger                    // default slog.Default()
	Workers     int                             // jobs run at once on this node; default 16 (100 on SQLite)
	MaxAttempts int                             // default 5
	Backoff     func(attempt int) time.Duration // default 2^attempt s + up to 10%, capped at 1h
	// PollInterval is how often an idle node looks for jobs (default 50 ms), and
	// FetchCooldown the least time between two looks (default 1 ms on PostgreSQL,
	// 5 ms on SQLite). A look fetches at most as many jobs as there are idle
	// workers plus Prefetch, so with few workers the cooldown bounds the throughput.
	PollInterval, FetchCooldown time.Duration
	// Prefetch is how many jobs a node claims beyond its idle workers (default
	// none): they wait in memory and a worker that finishes takes the next one at
	// once, instead of after a look (a round trip and River's cooldown, which Go's
	// millisecond timers stretch to ~2 ms: ~4,000 trivial jobs/s with 8 workers,
	// ~6,500 with 8 prefetched). A claimed job that has not found a worker within
	// HandBackAfter (default 1 s) goes back to the queue, not counted as an
	// attempt, so a busy node keeps no job from an idle one for longer than that.
	Prefetch      int
	HandBackAfter time.Duration
	// DSN is db's raw postgres:// URL, password included. On PostgreSQL, when
	// set, the workers run on River's pgx driver with a pool of their own
	// (PoolConns connections, default 8) and hear of new jobs by LISTEN/NOTIFY;
	// when empty they poll through db's pool. Ignored on SQLite.
	DSN       string
	PoolConns int
	// JobTimeout is the deadline of a handler's context (default an hour).
	// RescueAfter, at least JobTimeout (default JobTimeout + an hour), is how
	// long a job may stay running before the elected leader's rescuer takes its
	// worker for dead (a crashed node) and makes it retryable; its attempt
	// counts. The rescuer looks when a node is elected and every 30 s after. A
	// handler still running then may run twice at once: handlers are idempotent.
	JobTimeout, RescueAfter time.Duration
	// NoMigrate leaves River's tables as they are (Migrate applies them).
	NoMigrate bool
	// ID names this node in River's tables (default: River's, host and time).
	ID string
}

// River is the Queue on River.
type River struct {
	db      *store.DB
	reg     *Registry
	client  *river.Client[*sql.Tx] // inserts, lists, retries; works on SQLite or without a DSN
	work    workClient             // works the jobs: client, or one on riverpgxv5
	pool    *pgxpool.Pool          // the riverpgxv5 client's, closed by Stop
	driver  riverdriver.Driver[*sql.Tx]
	clock   regbox.Clock
	log     *slog.Logger
	backoff func(int) time.Duration
	onSlot  func(kind string) // for tests: called after a periodic job's constructor
	// stopping is closed by Stop: prefetched jobs still waiting for a worker go
	// back to the queue instead of starting during the shutdown.
	stopping chan struct{}
	stopOnce sync.Once
}

var _ Queue = (*River)(nil)

// New returns the queue on db with the handlers and schedules of reg, and applies
// River's migrations (unless opts.NoMigrate). It does not start working: Start.
func New(ctx context.Context, db *store.DB, reg *Registry, opts Options) (*River, error) {
	q := &River{db: db, reg: reg, clock: opts.Clock, log: opts.Logger, backoff: opts.Backoff, driver: driverOf(db),
		stopping: make(chan struct{})}
	if q.clock == nil {
		q.clock = regbox.SystemClock{}
	}
	if q.log == nil {
		q.log = slog.Default()
	}
	if q.backoff == nil {
		q.backoff = DefaultBackoff
	}
	if !opts.NoMigrate {
		if err := Migrate(ctx, db); err != nil {
			return nil, err
		}
	}
	if db.Dialect() == store.Postgres && opts.DSN != "" {
		return q, q.newPgx(opts)
	}
	client, err := river.NewClient(q.driver, q.config(opts, true))
	if err != nil {
		return nil, fmt.Errorf("jobs: new river client: %w", err)
	}
	q.client, q.work = client, client
	return q, nil
}

// workClient is what River's clients of either driver have in common.
type workClient interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	Subscribe(kinds ...river.EventKind) (<-chan *river.Event, func())
}

// newPgx makes the insert-only client on db's pool and the working one on a pgx
// pool of its own. The pool connects on first use (Start).
func (q *River) newPgx(opts Options) error {
	pcfg, err := pgxpool.ParseConfig(opts.DSN)
	if err != nil {
		return regbox.FieldError("database", "is not a valid postgres:// URL")
	}
	pcfg.MaxConns = int32(cmpOr(opts.PoolConns, 8))
	// Fetches and completions commit without waiting for the WAL flush (an fsync
	// each, ~1.5 ms here: it bounded 8 workers to ~4,000 jobs/s). A PostgreSQL
	// crash (not a regbox one) may forget the last fraction of a second of them:
	// a job then runs again, as after the rescuer, which handlers already allow
	// for. Inserts in the caller's transaction keep the store's durability.
	pcfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	pool, err := pgxpool.NewWithConfig(context.Background(), pcfg)
	if err != nil {
		return fmt.Errorf("jobs: pgx pool: %w", err)
	}
	cfg := q.config(opts, false)
	cfg.Queues, cfg.Workers, cfg.PeriodicJobs = nil, nil, nil
	client, err := river.NewClient(q.driver, cfg)
	if err != nil {
		pool.Close()
		return fmt.Errorf("jobs: new river client: %w", err)
	}
	work, err := river.NewClient(riverpgxv5.New(pool), q.config(opts, false))
	if err != nil {
		pool.Close()
		return fmt.Errorf("jobs: new river client: %w", err)
	}
	q.client, q.work, q.pool = client, work, pool
	return nil
}

func driverOf(db *store.DB) riverdriver.Driver[*sql.Tx] {
	if db.Dialect() == store.Postgres {
		return riverdatabasesql.New(db.WriteDB())
	}
	return riversqlite.New(db.WriteDB())
}

func (q *River) config(opts Options, pollOnly bool) *river.Config {
	workers, cooldown := opts.Workers, time.Millisecond
	if q.db.Dialect() == store.SQLite {
		workers, cooldown = cmpOr(workers, 100), 5*time.Millisecond
	}
	if workers <= 0 {
		workers = 16
	}
	timeout := cmpOr(opts.JobTimeout, time.Hour)
	cfg := &river.Config{
		ID:                  opts.ID,
		Logger:              slog.New(warnAndAbove{q.log.Handler()}), // River narrates its routine at info
		MaxAttempts:         cmpOr(opts.MaxAttempts, 5),
		RetryPolicy:         retryPolicy{q},
		FetchCooldown:       cmpOr(opts.FetchCooldown, cooldown),
		FetchPollInterval:   cmpOr(opts.PollInterval, 50*time.Millisecond),
		PollOnly:            pollOnly,
		Queues:              map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers + max(opts.Prefetch, 0)}},
		Workers:             river.NewWorkers(),
		SkipUnknownJobCheck: true,
		// River's rescuer ignores jobs without a timeout: a crashed node's jobs
		// would stay running for ever.
		JobTimeout:           timeout,
		RescueStuckJobsAfter: max(cmpOr(opts.RescueAfter, timeout+time.Hour), timeout),
	}
	w := &worker{q: q, handBack: cmpOr(opts.HandBackAfter, time.Second)}
	if opts.Prefetch > 0 {
		w.slots = make(chan struct{}, workers)
	}
	for kind := range q.reg.handlers {
		river.AddWorkerArgs(cfg.Workers, rawArgs{kind: kind}, river.Worker[rawArgs](w))
	}
	for _, p := range q.reg.periodic {
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(p, q.constructor(p), &river.PeriodicJobOpts{ID: p.Name, RunOnStart: true}))
	}
	return cfg
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// CatchUp is how late a periodic slot may still be enqueued: a node elected
// leader (at start, or when the leader stopped or died) enqueues the latest slot
// of each schedule if it is at most this old, so a slot missed while no leader
// ran is caught up. The slot's unique job (River keeps completed ones a day)
// makes sure it is not run again.
const CatchUp = time.Hour

// constructor returns the periodic job p's constructor: a job unique by slot.
func (q *River) constructor(p Periodic) river.PeriodicJobConstructor {
	return func() (river.JobArgs, *river.InsertOpts) {
		// The enqueuer may fire a little before the slot: allow a second.
		now := q.clock.Now()
		slot := p.Slot(now.Add(time.Second))
		if slot.IsZero() || now.Sub(slot) > CatchUp {
			return nil, nil
		}
		q.log.Debug("jobs: periodic slot due", "kind", p.Name, "slot", slot.UTC())
		if q.onSlot != nil {
			q.onSlot(p.Name)
		}
		args, opts := periodicJob(p.Name, slot)
		return args, opts
	}
}

func periodicJob(kind string, slot time.Time) (rawArgs, *river.InsertOpts) {
	data, _ := json.Marshal(slotArgs{Slot: slot.UTC()})
	return rawArgs{kind: kind, data: data}, &river.InsertOpts{ScheduledAt: slot, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// DefaultBackoff waits 2^attempt seconds (2 s, 4 s, 8 s...), at most an hour.
func DefaultBackoff(attempt int) time.Duration {
	return time.Duration(math.Min(math.Pow(2, float64(attempt)), 3600)) * time.Second
}

type retryPolicy struct{ q *River }

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(p.q.backoff(job.Attempt))
}

// rawArgs are a job's kind and JSON args, as River's JobArgs.
type rawArgs struct {
	kind string
	data json.RawMessage
}

func (a rawArgs) Kind() string { return a.kind }

func (a rawArgs) MarshalJSON() ([]byte, error) {
	if len(a.data) == 0 {
		return []byte("{}"), nil
	}
	return a.data, nil
}

func (a *rawArgs) UnmarshalJSON(b []byte) error {
	a.data = append(json.RawMessage(nil), b...)
	return nil
}

// keyedArgs are rawArgs unique by a key stored in them.
type keyedArgs struct {
	rawArgs
	Key string `json:"_unique_key" river:"unique"`
}

// worker runs every kind's handler. With prefetch, River runs more executors
// than the node has workers: slots (one per worker) bound the handlers running
// at once, and a job waits for one at most handBack.
type worker struct {
	river.WorkerDefaults[rawArgs]
	q        *River
	slots    chan struct{} // nil: no prefetch, River's executors are the workers
	handBack time.Duration
}

func (w *worker) Work(ctx context.Context, job *river.Job[rawArgs]) error {
	h, ok := w.q.reg.handlers[job.Kind]
	if !ok {
		return river.JobCancel(fmt.Errorf("jobs: no handler for kind %q", job.Kind))
	}
	if w.slots != nil {
		if !w.acquire(ctx) {
			// Not run: back to the queue at once, the attempt not counted.
			return river.JobSnooze(0)
		}
		defer func() { <-w.slots }()
	}
	return h(ctx, Run{ID: job.ID, Kind: job.Kind, Args: job.EncodedArgs, Attempt: job.Attempt})
}

// acquire takes a worker slot, waiting at most handBack, until ctx ends
// (River's stop with cancellation, or the job's timeout) or the queue stops.
func (w *worker) acquire(ctx context.Context) bool {
	select {
	case <-w.q.stopping:
		return false
	default:
	}
	select {
	case w.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(w.handBack)
	defer t.Stop()
	select {
	case w.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	case <-w.q.stopping:
	}
	return false
}

// Migrate applies River's migrations to db.
func Migrate(ctx context.Context, db *store.DB) error {
	return withMigrateLock(ctx, db, func() error {
		m, err := riverMigrator(db)
		if err != nil {
			return err
		}
		if _, err := m.Migrate(ctx, migrateUp, nil); err != nil {
			return fmt.Errorf("jobs: migrate: %w", err)
		}
		return nil
	})
}

// mapErr maps River's not-found to ENOTFOUND.
func mapErr(err error, id int64) error {
	if errors.Is(err, river.ErrNotFound) {
		return regbox.Errorf(regbox.ENOTFOUND, "Job %d does not exist.", id)
	}
	return err
}

// warnAndAbove passes on only warnings and errors: River logs its routine (a
// periodic constructor with nothing due, a leader elected) at info level.
type warnAndAbove struct{ slog.Handler }

func (h warnAndAbove) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnAndAbove) WithAttrs(as []slog.Attr) slog.Handler {
	return warnAndAbove{h.Handler.WithAttrs(as)}
}

func (h warnAndAbove) WithGroup(name string) slog.Handler {
	return warnAndAbove{h.Handler.WithGroup(name)}
}
