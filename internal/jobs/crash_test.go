package jobs_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// The crash test's child: a worker process started by TestCrashRescue from this
// test binary, told its database by these variables.
const (
	envChild   = "REGBOX_JOBS_CRASH_CHILD" // the DSN
	envChildDB = "REGBOX_JOBS_CRASH_PGX"   // "1": workers on River's pgx driver
	crashKind  = "capture"
	crashWait  = 20 * time.Second // bounds every wait
	crashJobs  = 20               // jobs that finish in the child
)

// captureArgs are a capture job's args: the reservation, and where the child's
// handler hangs until it is killed ("before" or "after" capturing; "" never).
type captureArgs struct {
	Reservation int64  `json:"reservation"`
	Hang        string `json:"hang,omitempty"`
}

// capture is the job: an idempotent capture of the reservation.
func capture(ctx context.Context, bill *billing.Service, r jobs.Run) (captureArgs, error) {
	var a captureArgs
	if err := json.Unmarshal(r.Args, &a); err != nil {
		return a, err
	}
	_, err := bill.Capture(ctx, a.Reservation, fmt.Sprintf("job:%d:capture", r.ID))
	return a, err
}

// TestCrashWorkerChild is the child's body; it does nothing unless started by
// TestCrashRescue. It works capture jobs and prints "started ID" and "captured
// ID" lines; the jobs marked hang block, before or after capturing, until the
// parent kills the process.
func TestCrashWorkerChild(t *testing.T) {
	dsn := os.Getenv(envChild)
	if dsn == "" {
		t.Skip("run by TestCrashRescue")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	bill := billing.New(db)
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	reg := jobs.NewRegistry()
	err = reg.Handle(crashKind, func(ctx context.Context, r jobs.Run) error {
		say("started %d", r.ID)
		var a captureArgs
		if err := json.Unmarshal(r.Args, &a); err == nil && a.Hang == "before" {
			select {} // killed here
		}
		if _, err := capture(ctx, bill, r); err != nil {
			return err
		}
		say("captured %d", r.ID)
		if a.Hang == "after" {
			select {} // killed here
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := jobs.Options{Workers: 8, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), NoMigrate: true}
	if os.Getenv(envChildDB) == "1" {
		opts.DSN = dsn
	}
	q, err := jobs.New(ctx, db, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	say("ready")
	time.Sleep(crashWait) // the parent kills this process long before
	t.Fatal("not killed")
}

// TestCrashRescue enqueues capture jobs, works them in a child process that it
// kills with SIGKILL while some jobs hang (before and after capturing), then
// starts a new worker with the dead worker's leadership expired and a short
// rescue horizon: every job completes, the hung ones ran again, no reservation is
// captured twice and the ledger balances.
func TestCrashRescue(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("in the child")
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			crashRescue(t, d)
		})
	}
}

func crashRescue(t *testing.T, d store.Dialect) {
	ctx := context.Background()
	dsn := storetest.DSN(t, d)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	bill := billing.New(db)
	if _, err := bill.PutCurrency(ctx, billing.Currency{Code: "EUR", Prefix: "€", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		t.Fatal(err)
	}
	const amount, client = 100, "client-1"
	hangs := []string{"before", "before", "after", "after"}
	total := crashJobs + len(hangs)
	if _, err := bill.TopUp(ctx, client, "EUR", int64(total+5)*amount, "topup-1", ""); err != nil {
		t.Fatal(err)
	}

	// The new worker's handler counts runs per job; registered before the
	// jobs are enqueued (Enqueue needs the kind), started after the kill.
	var (
		mu   sync.Mutex
		runs = map[int64]int{}
		done = make(chan struct{}, total*2)
	)
	reg := jobs.NewRegistry()
	if err := reg.Handle(crashKind, func(ctx context.Context, r jobs.Run) error {
		if _, err := capture(ctx, bill, r); err != nil {
			return err
		}
		mu.Lock()
		runs[r.ID]++
		mu.Unlock()
		done <- struct{}{}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	opts := jobs.Options{Workers: 8, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		JobTimeout: time.Minute, RescueAfter: time.Minute, Backoff: func(int) time.Duration { return 0 }}
	if d == store.Postgres {
		opts.DSN = dsn
	}
	q, err := jobs.New(ctx, db, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	hung := map[int64]string{}
	for i := range total {
		res, err := bill.Reserve(ctx, client, "EUR", amount, fmt.Sprintf("reserve-%d", i))
		if err != nil {
			t.Fatal(err)
		}
		a := captureArgs{Reservation: res.ID}
		if i >= crashJobs {
			a.Hang = hangs[i-crashJobs]
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		job, err := q.Enqueue(ctx, tx, jobs.Job{Kind: crashKind, Args: a, MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if a.Hang != "" {
			hung[job.ID] = a.Hang
		}
	}

	runChild(t, dsn, d == store.Postgres, crashJobs+len(hangs)/2, len(hangs)/2)

	// Move the clock past the dead worker's leases: its leadership expires now,
	// not in 15 s, so the new worker is elected at once, and its jobs started two
	// hours ago, past the new worker's rescue horizon (a minute), which its
	// rescuer checks on election.
	leased := runningJobs(t, db)
	for id := range hung {
		if !slices.Contains(leased, id) {
			t.Fatalf("job %d hung in the child but is not running: %v", id, leased)
		}
	}
	ago := `now() - interval '2 hours'`
	if d == store.SQLite {
		ago = `datetime('now', '-2 hours', 'subsec')`
	}
	for _, q := range []string{`DELETE FROM river_leader`, `UPDATE river_job SET attempted_at = ` + ago + ` WHERE state = 'running'`} {
		if _, err := db.WriteDB().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), crashWait)
		defer cancel()
		_ = q.Stop(stop)
	})
	waitCompleted(t, q, total)
	checkCrash(t, db, bill, q, leased, runs, &mu, total, amount)
}

// runningJobs returns the ids of the jobs in state running.
func runningJobs(t *testing.T, db *store.DB) []int64 {
	rows, err := db.ReadDB().QueryContext(context.Background(), `SELECT id FROM river_job WHERE state = 'running' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// runChild starts the worker process, waits until captured jobs have been
// captured and hanging ones started (the jobs hung before capturing), then kills
// it with SIGKILL.
func runChild(t *testing.T, dsn string, pgx bool, captured, startedOnly int) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWorkerChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChild+"="+dsn, envChildDB+"="+map[bool]string{true: "1"}[pgx])
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	started, capt := map[string]bool{}, map[string]bool{}
	timeout := time.After(crashWait)
	for len(capt) < captured || len(started)-len(capt) < startedOnly {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the child ended: %v", cmd.Wait())
			}
			if id, ok := strings.CutPrefix(l, "started "); ok {
				started[id] = true
			} else if id, ok := strings.CutPrefix(l, "captured "); ok {
				capt[id] = true
			}
		case <-timeout:
			_ = cmd.Process.Kill()
			t.Fatalf("the child captured %d and started %d jobs in %v", len(capt), len(started), crashWait)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	go func() {
		for range lines { // drain
		}
	}()
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child: %v, want killed", err)
	}
}

// waitCompleted polls until n jobs are completed (the rescued ones wait for
// River's scheduler, which runs every 5 s).
func waitCompleted(t *testing.T, q *jobs.River, n int) {
	deadline := time.Now().Add(crashWait)
	for {
		list, err := q.List(context.Background(), jobs.Filter{States: []string{jobs.StateCompleted}, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == n {
			return
		}
		if time.Now().After(deadline) {
			all, _ := q.List(context.Background(), jobs.Filter{Limit: 1000})
			t.Fatalf("%d of %d jobs completed after %v: %+v", len(list), n, crashWait, all)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkCrash checks that every job leased by the dead worker ran once more,
// rescued, and no other job ran again; that each reservation was captured once;
// and that the ledger balances.
func checkCrash(t *testing.T, db *store.DB, bill *billing.Service, q *jobs.River, leased []int64,
	runs map[int64]int, mu *sync.Mutex, total int, amount int64) {
	ctx := context.Background()
	mu.Lock()
	defer mu.Unlock()
	for _, id := range leased {
		info, err := q.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if runs[id] != 1 || info.Attempt != 2 || len(info.Errors) != 1 || !strings.Contains(info.Errors[0].Error, "rescued") {
			t.Errorf("job %d, leased by the dead worker: ran %d times in the new worker, %+v; want once more, rescued", id, runs[id], info)
		}
	}
	if len(runs) != len(leased) {
		t.Errorf("the new worker ran jobs %v; want the leased ones, %v", runs, leased)
	}
	var captures, distinct int
	if err := db.ReadDB().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT reservation_id) FROM ledger_transactions WHERE kind = 'capture'`).Scan(&captures, &distinct); err != nil {
		t.Fatal(err)
	}
	if captures != total || distinct != total {
		t.Errorf("%d captures of %d reservations, want %d of %d", captures, distinct, total, total)
	}
	if err := bill.Check(ctx); err != nil {
		t.Error(err)
	}
	bal, err := bill.Balance(ctx, "client-1", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	if bal.Available != 5*amount || bal.Held != 0 {
		t.Errorf("balance %+v, want %d available and none held", bal, 5*amount)
	}
}
