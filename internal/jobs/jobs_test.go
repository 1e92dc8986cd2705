package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
	"github.com/riverqueue/river"
)

// wait bounds every wait for a job to finish.
const wait = 20 * time.Second

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newQueue(t testing.TB, db *store.DB, reg *Registry, opts Options) *River {
	t.Helper()
	opts.Logger = quiet
	if opts.Backoff == nil {
		opts.Backoff = func(int) time.Duration { return 0 }
	}
	q, err := New(context.Background(), db, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// dialects runs fn as parallel subtests: on SQLite, and on PostgreSQL (when
// REGBOX_TEST_POSTGRES is set) twice, with the workers on River's pgx driver (dsn
// set, for Options.DSN) and polling through the store's pool (dsn empty).
func dialects(t *testing.T, fn func(t *testing.T, db *store.DB, dsn string)) {
	for _, d := range storetest.Dialects() {
		for _, pgx := range []bool{true, false} {
			if d == store.SQLite && !pgx {
				continue
			}
			name := d.String()
			if d == store.Postgres && !pgx {
				name += "_poll"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				dsn := storetest.DSN(t, d)
				db, err := store.Open(context.Background(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if d == store.SQLite || !pgx {
					dsn = ""
				}
				fn(t, db, dsn)
			})
		}
	}
}

func start(t testing.TB, q *River) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// finished subscribes to q's completed and failed jobs.
func finished(t testing.TB, q *River) <-chan *river.Event {
	ch, cancel := q.work.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled)
	t.Cleanup(cancel)
	return ch
}

func next(t testing.TB, ch <-chan *river.Event) *river.Event {
	t.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(wait):
		t.Fatal("no job finished in time")
		return nil
	}
}

func enqueueTx(t *testing.T, db *store.DB, q *River, job Job, commit bool) Result {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil) // the caller's store transaction, passed as it is
	if err != nil {
		t.Fatal(err)
	}
	res, err := q.Enqueue(ctx, tx, job)
	if err != nil {
		_ = tx.Rollback()
		t.Fatal(err)
	}
	if commit {
		err = tx.Commit()
	} else {
		err = tx.Rollback()
	}
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestEnqueueInTx(t *testing.T) {
	dialects(t, func(t *testing.T, db *store.DB, dsn string) {
		reg := NewRegistry()
		ran := make(chan string, 10)
		mustHandle(t, reg, "echo", func(_ context.Context, r Run) error { ran <- string(r.Args); return nil })
		q := newQueue(t, db, reg, Options{DSN: dsn})
		events := finished(t, q)
		start(t, q)

		enqueueTx(t, db, q, Job{Kind: "echo", Args: map[string]string{"n": "rolled back"}}, false)
		res := enqueueTx(t, db, q, Job{Kind: "echo", Args: map[string]string{"n": "committed"}}, true)
		ev := next(t, events)
		if ev.Job.ID != res.ID || ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("finished %v job %d, want completed %d", ev.Kind, ev.Job.ID, res.ID)
		}
		if got := strings.ReplaceAll(<-ran, " ", ""); got != `{"n":"committed"}` {
			t.Errorf("ran %s", got)
		}
		all, err := q.List(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || all[0].State != StateCompleted {
			t.Errorf("jobs = %+v, want the committed one, completed", all)
		}
	})
}

func TestUnique(t *testing.T) {
	dialects(t, func(t *testing.T, db *store.DB, dsn string) {
		reg := NewRegistry()
		mustHandle(t, reg, "sync", func(context.Context, Run) error { return nil })
		q := newQueue(t, db, reg, Options{DSN: dsn})
		ctx := context.Background()
		for _, c := range []struct {
			job  Job
			want bool // duplicate
		}{
			{Job{Kind: "sync", Args: map[string]int{"id": 1}, Unique: true}, false},
			{Job{Kind: "sync", Args: map[string]int{"id": 1}, Unique: true}, true},
			{Job{Kind: "sync", Args: map[string]int{"id": 2}, Unique: true}, false},
			{Job{Kind: "sync", Args: map[string]int{"id": 1}}, false}, // not unique
			{Job{Kind: "sync", Args: map[string]int{"a": 1}, Unique: true, UniqueKey: "k"}, false},
			{Job{Kind: "sync", Args: map[string]int{"a": 2}, Unique: true, UniqueKey: "k"}, true},
		} {
			res, err := q.EnqueueNow(ctx, c.job)
			if err != nil {
				t.Fatal(err)
			}
			if res.Duplicate != c.want {
				t.Errorf("%+v: duplicate = %v, want %v", c.job, res.Duplicate, c.want)
			}
		}
		res := enqueueTx(t, db, q, Job{Kind: "sync", Args: map[string]int{"id": 2}, Unique: true}, true)
		if !res.Duplicate {
			t.Error("a unique job enqueued in a transaction is not a duplicate")
		}
		if _, err := q.EnqueueNow(ctx, Job{Kind: "nope"}); regbox.ErrorCode(err) != regbox.EINVALID {
			t.Errorf("unknown kind: %v, want EINVALID", err)
		}
	})
}

func TestRetryThenDiscard(t *testing.T) {
	dialects(t, func(t *testing.T, db *store.DB, dsn string) {
		reg := NewRegistry()
		var attempts atomic.Int32
		fail := atomic.Bool{}
		fail.Store(true)
		mustHandle(t, reg, "flaky", func(_ context.Context, r Run) error {
			attempts.Add(1)
			if fail.Load() {
				return errors.New("registrar said no")
			}
			return nil
		})
		q := newQueue(t, db, reg, Options{DSN: dsn})
		events := finished(t, q)
		start(t, q)
		ctx := context.Background()
		res, err := q.EnqueueNow(ctx, Job{Kind: "flaky", MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if ev := next(t, events); ev.Kind != river.EventKindJobFailed {
				t.Fatalf("event %v, want failed", ev.Kind)
			}
		}
		got, err := q.Get(ctx, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != StateDiscarded || len(got.Errors) != 3 || !strings.Contains(got.Errors[2].Error, "registrar said no") {
			t.Fatalf("job = %+v, want discarded with 3 errors", got)
		}
		failed, err := q.List(ctx, Filter{States: []string{StateDiscarded}})
		if err != nil || len(failed) != 1 {
			t.Fatalf("failed jobs = %v, %v", failed, err)
		}
		fail.Store(false)
		if _, err := q.Retry(ctx, res.ID); err != nil {
			t.Fatal(err)
		}
		if ev := next(t, events); ev.Kind != river.EventKindJobCompleted || ev.Job.ID != res.ID {
			t.Fatalf("after retry: %v job %d", ev.Kind, ev.Job.ID)
		}
		if n := attempts.Load(); n != 4 {
			t.Errorf("attempts = %d, want 4", n)
		}
		if _, err := q.Retry(ctx, 1<<40); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("retry of a missing job: %v", err)
		}
		// The retry is in the activity log (once: the missing job's is not).
		p, err := db.Activities(ctx, store.ActivityFilter{Action: "job.retry"})
		if err != nil || len(p.Items) != 1 || p.Items[0].ObjectID != store.ID(res.ID) {
			t.Errorf("activity: %+v, %v", p.Items, err)
		}
	})
}

func TestSeedSchedules(t *testing.T) {
	reg := NewRegistry()
	if err := RegisterSeeds(reg, quiet, nil); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	want := map[string][]string{
		DropListImport: {"00:01", "10:01"},
		DropDateSync:   {"01:01", "11:01"},
		DomainSync:     {"03:00"},
	}
	for _, p := range reg.Periodics() {
		var got []string
		for t := p.Next(day.Add(-time.Second)); t.Before(day.Add(24 * time.Hour)); t = p.Next(t) {
			got = append(got, t.Format("15:04"))
		}
		if w, ok := want[p.Name]; ok && strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("%s runs at %v, want %v", p.Name, got, w)
		}
		if p.Name == BackorderBatch && len(got) != 288 {
			t.Errorf("batch runs %d times a day, want 288", len(got))
		}
		if len(got) == 0 {
			t.Errorf("%s never runs", p.Name)
		}
	}
	if n := len(reg.Periodics()); n != len(SeedSchedules) || n != 8 {
		t.Errorf("%d schedules", n)
	}
	batch := reg.Periodics()[len(SeedSchedules)-1]
	at := time.Date(2026, 3, 10, 10, 7, 30, 0, time.UTC)
	if got := batch.Slot(at); !got.Equal(time.Date(2026, 3, 10, 10, 5, 0, 0, time.UTC)) {
		t.Errorf("slot at %v = %v", at, got)
	}
	if _, err := ParseSpec("61 * * * *"); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("bad spec: %v", err)
	}
	if err := reg.Schedule("x", "@every 5m", nil); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("@every: %v", err)
	}
}

// TestPeriodicOnceAcrossNodes runs two nodes on one database: the slot's job is
// enqueued by the leader, and again by each node as a new leader would, and runs
// once.
func TestPeriodicOnceAcrossNodes(t *testing.T) {
	dialects(t, func(t *testing.T, db *store.DB, dsn string) {
		clock := regbox.NewManualClock(time.Date(2026, 3, 10, 10, 7, 30, 0, time.UTC))
		var runs atomic.Int32
		slots := make(chan string, 100)
		nodes := make([]*River, 2)
		for i := range nodes {
			reg := NewRegistry()
			if err := reg.Schedule("tick", "* * * * *", func(context.Context, Run) error { runs.Add(1); return nil }); err != nil {
				t.Fatal(err)
			}
			reg.periodic[0].schedule = everySecond{} // so the test waits seconds, not minutes
			nodes[i] = newQueue(t, db, reg, Options{Clock: clock, DSN: dsn})
			nodes[i].onSlot = func(kind string) { slots <- kind }
		}
		events := finished(t, nodes[0])
		events1 := finished(t, nodes[1])
		for _, q := range nodes {
			start(t, q)
		}
		// The leader's enqueuer fires every second of the frozen clock's real
		// time; every firing is the same slot. Enqueue it by hand too.
		ctx := context.Background()
		for _, q := range nodes {
			args, opts := q.constructor(q.reg.periodic[0])()
			if _, err := q.client.Insert(ctx, args, opts); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case <-events:
		case <-events1:
		case <-time.After(wait):
			t.Fatal("the slot never ran")
		}
		// The leader's enqueuer fires every second; by its third firing, the
		// second one's insert is done.
		for range 3 + len(nodes) {
			select {
			case <-slots:
			case <-time.After(wait):
				t.Fatal("the periodic enqueuer did not fire")
			}
		}
		all, err := nodes[0].List(ctx, Filter{Kind: "tick"})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || runs.Load() != 1 {
			t.Fatalf("%d jobs, %d runs; want 1 and 1: %+v", len(all), runs.Load(), all)
		}
	})
}

func TestScheduleOverrides(t *testing.T) {
	o, err := ParseOverrides(" backorder_batch = */10 * * * * ;; domain_sync=0 2 * * *")
	if err != nil {
		t.Fatal(err)
	}
	reg := NewRegistry()
	if err := RegisterSeeds(reg, quiet, o); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range reg.Periodics() {
		got[p.Name] = p.Spec
	}
	if got[BackorderBatch] != "*/10 * * * *" || got[DomainSync] != "0 2 * * *" || got[TransferSync] != "15 3 * * *" {
		t.Errorf("schedules %v", got)
	}
	for _, bad := range []string{"backorder_batch", "=* * * * *", "backorder_batch=61 * * * *"} {
		if _, err := ParseOverrides(bad); regbox.ErrorField(err) != "schedules" {
			t.Errorf("%q: %v, want EINVALID schedules", bad, err)
		}
	}
	if err := RegisterSeeds(NewRegistry(), quiet, map[string]string{"nope": "* * * * *"}); regbox.ErrorField(err) != "schedules" {
		t.Errorf("unknown name: %v", err)
	}
}

// TestCatchUp: a node started within CatchUp of a slot enqueues it, once; one
// started later enqueues nothing until the next slot.
func TestCatchUp(t *testing.T) {
	db := storetest.Open(t)
	clock := regbox.NewManualClock(time.Date(2026, 3, 10, 10, 7, 30, 0, time.UTC))
	reg := NewRegistry()
	if err := reg.Schedule("tick", "0 10 * * *", func(context.Context, Run) error { return nil }); err != nil {
		t.Fatal(err)
	}
	q := newQueue(t, db, reg, Options{Clock: clock})
	ctor := q.constructor(reg.periodic[0])
	args, _ := ctor()
	if args == nil || !strings.Contains(string(must(args.(rawArgs).MarshalJSON())), "2026-03-10T10:00:00Z") {
		t.Fatalf("7 min after the slot: %v", args)
	}
	clock.Advance(CatchUp)
	if args, _ := ctor(); args != nil {
		t.Fatalf("past the catch-up window: %v", args)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func mustHandle(t testing.TB, reg *Registry, kind string, h Handler) {
	t.Helper()
	if err := reg.Handle(kind, h); err != nil {
		t.Fatal(err)
	}
}

// everySecond is a schedule of every whole second.
type everySecond struct{}

func (everySecond) Next(t time.Time) time.Time { return t.Truncate(time.Second).Add(time.Second) }
