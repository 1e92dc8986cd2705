package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

// River quirks, from its v0.51 source:
//   - Both drivers take a *sql.DB and a *sql.Tx, so one Client[*sql.Tx] serves
//     both dialects and InsertTx writes in the caller's transaction. Neither is
//     given a LISTEN/NOTIFY listener: the client polls (FetchPollInterval).
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
	// workers, so with few workers the cooldown bounds the throughput.
	PollInterval, FetchCooldown time.Duration
	// NoMigrate leaves River's tables as they are (Migrate applies them).
	NoMigrate bool
	// ID names this node in River's tables (default: River's, host and time).
	ID string
}

// River is the Queue on River.
type River struct {
	db      *store.DB
	reg     *Registry
	client  *river.Client[*sql.Tx]
	driver  riverdriver.Driver[*sql.Tx]
	clock   regbox.Clock
	log     *slog.Logger
	backoff func(int) time.Duration
	onSlot  func(kind string) // for tests: called after a periodic job's constructor
}

var _ Queue = (*River)(nil)

// New returns the queue on db with the handlers and schedules of reg, and applies
// River's migrations (unless opts.NoMigrate). It does not start working: Start.
func New(ctx context.Context, db *store.DB, reg *Registry, opts Options) (*River, error) {
	q := &River{db: db, reg: reg, clock: opts.Clock, log: opts.Logger, backoff: opts.Backoff, driver: driverOf(db)}
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
	client, err := river.NewClient(q.driver, q.config(opts))
	if err != nil {
		return nil, fmt.Errorf("jobs: new river client: %w", err)
	}
	q.client = client
	return q, nil
}

func driverOf(db *store.DB) riverdriver.Driver[*sql.Tx] {
	if db.Dialect() == store.Postgres {
		return riverdatabasesql.New(db.WriteDB())
	}
	return riversqlite.New(db.WriteDB())
}

func (q *River) config(opts Options) *river.Config {
	workers, cooldown := opts.Workers, time.Millisecond
	if q.db.Dialect() == store.SQLite {
		workers, cooldown = cmpOr(workers, 100), 5*time.Millisecond
	}
	if workers <= 0 {
		workers = 16
	}
	cfg := &river.Config{
		ID:                   opts.ID,
		Logger:               q.log,
		MaxAttempts:          cmpOr(opts.MaxAttempts, 5),
		RetryPolicy:          retryPolicy{q},
		FetchCooldown:        cmpOr(opts.FetchCooldown, cooldown),
		FetchPollInterval:    cmpOr(opts.PollInterval, 50*time.Millisecond),
		PollOnly:             true,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:              river.NewWorkers(),
		SkipUnknownJobCheck:  true,
		JobTimeout:           -1, // handlers take their own deadlines
		RescueStuckJobsAfter: time.Hour,
	}
	w := &worker{q: q}
	for kind := range q.reg.handlers {
		river.AddWorkerArgs(cfg.Workers, rawArgs{kind: kind}, river.Worker[rawArgs](w))
	}
	for _, p := range q.reg.periodic {
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(p, q.constructor(p), &river.PeriodicJobOpts{ID: p.Name}))
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

// constructor returns the periodic job p's constructor: a job unique by slot.
func (q *River) constructor(p Periodic) river.PeriodicJobConstructor {
	return func() (river.JobArgs, *river.InsertOpts) {
		// The enqueuer may fire a little before the slot: allow a second.
		slot := p.Slot(q.clock.Now().Add(time.Second))
		if slot.IsZero() {
			return nil, nil
		}
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

type worker struct {
	river.WorkerDefaults[rawArgs]
	q *River
}

func (w *worker) Work(ctx context.Context, job *river.Job[rawArgs]) error {
	h, ok := w.q.reg.handlers[job.Kind]
	if !ok {
		return river.JobCancel(fmt.Errorf("jobs: no handler for kind %q", job.Kind))
	}
	return h(ctx, Run{ID: job.ID, Kind: job.Kind, Args: job.EncodedArgs, Attempt: job.Attempt})
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
