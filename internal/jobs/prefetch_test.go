package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// With prefetch the node claims more jobs than it has workers, but never runs
// more handlers at once than workers, and runs each job once.
func TestPrefetchBoundsHandlers(t *testing.T) {
	dialects(t, func(t *testing.T, db *store.DB, dsn string) {
		const n, workers = 60, 2
		reg := NewRegistry()
		var running, most atomic.Int32
		var mu sync.Mutex
		runs := map[int64]int{}
		all := make(chan struct{})
		// The first `workers` handlers hold their slots a while (300 ms): River's
		// other executors (prefetch) have jobs by then, and would run them at
		// once unless the slots held them back.
		gate := make(chan struct{})
		var gateOnce sync.Once
		var started atomic.Int32
		mustHandle(t, reg, "noop", func(_ context.Context, r Run) error {
			now := running.Add(1)
			defer running.Add(-1)
			for {
				m := most.Load()
				if now <= m || most.CompareAndSwap(m, now) {
					break
				}
			}
			if started.Add(1) <= workers {
				gateOnce.Do(func() { time.AfterFunc(300*time.Millisecond, func() { close(gate) }) })
				<-gate
			}
			mu.Lock()
			defer mu.Unlock()
			if runs[r.ID]++; len(runs) == n {
				close(all)
			}
			return nil
		})
		q := newQueue(t, db, reg, Options{DSN: dsn, Workers: workers, Prefetch: 4, HandBackAfter: time.Minute})
		for range n {
			enqueueTx(t, db, q, Job{Kind: "noop"}, true)
		}
		start(t, q)
		select {
		case <-all:
		case <-time.After(wait):
			t.Fatalf("%d of %d jobs ran", len(runs), n)
		}
		if m := most.Load(); m != workers {
			t.Errorf("at most %d handlers ran at once, want %d (the workers, all busy)", m, workers)
		}
		mu.Lock()
		defer mu.Unlock()
		for id, c := range runs {
			if c != 1 {
				t.Errorf("job %d ran %d times", id, c)
			}
		}
	})
}

// A claimed job that finds no free worker in time goes back to the queue
// without counting an attempt, and runs once a worker is free.
func TestPrefetchHandsBack(t *testing.T) {
	dialects(t, func(t *testing.T, db *store.DB, dsn string) {
		reg := NewRegistry()
		started, release := make(chan struct{}), make(chan struct{})
		var mu sync.Mutex
		attempts := map[int64]int{}
		mustHandle(t, reg, "block", func(ctx context.Context, r Run) error {
			close(started)
			<-release
			return nil
		})
		mustHandle(t, reg, "noop", func(_ context.Context, r Run) error {
			mu.Lock()
			defer mu.Unlock()
			attempts[r.ID] = r.Attempt
			return nil
		})
		q := newQueue(t, db, reg, Options{DSN: dsn, Workers: 1, Prefetch: 2, HandBackAfter: time.Millisecond})
		snoozed, cancel := q.work.Subscribe(river.EventKindJobSnoozed)
		defer cancel()
		done := finished(t, q)
		enqueueTx(t, db, q, Job{Kind: "block"}, true)
		start(t, q)
		select { // the one worker is busy before the others are enqueued
		case <-started:
		case <-time.After(wait):
			t.Fatal("the blocking job did not start")
		}
		first := enqueueTx(t, db, q, Job{Kind: "noop"}, true)
		second := enqueueTx(t, db, q, Job{Kind: "noop"}, true)
		next(t, snoozed) // the worker is busy: a claimed noop went back
		close(release)
		for range 3 {
			if ev := next(t, done); ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("job %d: %s", ev.Job.ID, ev.Kind)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for _, id := range []int64{first.ID, second.ID} {
			if attempts[id] != 1 {
				t.Errorf("job %d ran as attempt %d, want 1 (hand-backs are not attempts)", id, attempts[id])
			}
		}
	})
}

func TestWorkerSlots(t *testing.T) {
	reg := NewRegistry()
	var ran atomic.Int32
	mustHandle(t, reg, "noop", func(context.Context, Run) error { ran.Add(1); return nil })
	w := &worker{q: &River{reg: reg}, slots: make(chan struct{}, 1), handBack: time.Hour}
	job := &river.Job[rawArgs]{JobRow: &rivertype.JobRow{ID: 1, Kind: "noop", Attempt: 1}}

	// A free slot: the handler runs and gives the slot back.
	if err := w.Work(context.Background(), job); err != nil || ran.Load() != 1 || len(w.slots) != 0 {
		t.Fatalf("free slot: err %v, ran %d, slots held %d", err, ran.Load(), len(w.slots))
	}

	// Every slot busy and the job's context ending: handed back, not run.
	w.slots <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var snooze *river.JobSnoozeError
	if err := w.Work(ctx, job); !errors.As(err, &snooze) || ran.Load() != 1 {
		t.Fatalf("cancelled while waiting: err %v, ran %d; want a snooze and no run", err, ran.Load())
	}

	// Every slot busy past handBack: handed back.
	w.handBack = time.Nanosecond
	if err := w.Work(context.Background(), job); !errors.As(err, &snooze) || ran.Load() != 1 {
		t.Fatalf("no slot in time: err %v, ran %d; want a snooze and no run", err, ran.Load())
	}

	// A slot freed while waiting: the job runs.
	w.handBack = time.Hour
	errc := make(chan error, 1)
	go func() { errc <- w.Work(context.Background(), job) }()
	<-w.slots
	if err := <-errc; err != nil || ran.Load() != 2 {
		t.Fatalf("slot freed: err %v, ran %d", err, ran.Load())
	}
}
