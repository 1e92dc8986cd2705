package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// envNode makes this test binary a `regbox serve` node for TestTwoNodes.
const envNode = "REGBOX_TEST_SERVE_NODE"

// nodeWait bounds every wait of TestTwoNodes.
const nodeWait = 20 * time.Second

// TestServeNode is a `regbox serve` process started by TestTwoNodes; it
// configures itself from the environment and stops on SIGTERM.
func TestServeNode(t *testing.T) {
	if os.Getenv(envNode) == "" {
		t.Skip("run by TestTwoNodes")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if code := run(ctx, []string{"serve"}, nil, os.Stdout, os.Stderr, os.Getenv); code != 0 {
		t.Fatalf("serve: exit status %d", code)
	}
}

// node is a `regbox serve` process.
type node struct {
	cmd *exec.Cmd
	log *syncBuffer
}

func startNode(t *testing.T, dsn string) *node {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeNode$", "-test.count=1")
	cmd.Env = append(os.Environ(), envNode+"=1",
		"REGBOX_DATABASE_URL="+dsn,
		"REGBOX_HTTP_LISTEN=127.0.0.1:0",
		"REGBOX_LOG_LEVEL=debug",
		// An hourly slot: the latest is at most an hour old, so a node elected
		// leader enqueues it at once (jobs.CatchUp).
		"REGBOX_JOBS_SCHEDULES=domain_sync=0 * * * *",
	)
	n := &node{cmd: cmd, log: &syncBuffer{}}
	// Only Write, which locks: the embedded buffer's ReadFrom would not.
	w := struct{ io.Writer }{n.log}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(nodeWait):
				_ = cmd.Process.Kill()
			}
		}
	})
	return n
}

// waitLog waits until the node's log matches re.
func (n *node) waitLog(t *testing.T, re *regexp.Regexp) {
	t.Helper()
	deadline := time.Now().Add(nodeWait)
	for !re.MatchString(n.log.text()) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the node's log after %v:\n%s", re, nodeWait, n.log.text())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the node with SIGTERM and waits for it.
func (n *node) stop(t *testing.T) {
	t.Helper()
	if err := n.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- n.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("node: %v\n%s", err, n.log.text())
		}
	case <-time.After(nodeWait):
		_ = n.cmd.Process.Kill()
		t.Fatalf("the node did not stop in %v", nodeWait)
	}
}

var (
	slotDueRE = regexp.MustCompile(`msg="jobs: periodic slot due".* kind=domain_sync slot=(\S+)`)
	slotRanRE = regexp.MustCompile(`msg="domains: periodic job".* job=domain_sync slot=(\S+)`)
)

// TestTwoNodes runs two `regbox serve` processes on one PostgreSQL schema with a
// periodic job whose slot is due. The leader enqueues the slot when elected; it is
// stopped, the other node is elected and enqueues the same slot again; the slot
// runs once, and every slot of every schedule has one job.
func TestTwoNodes(t *testing.T) {
	if os.Getenv(envNode) != "" {
		t.Skip("in a node")
	}
	dsn := storetest.DSN(t, store.Postgres)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	nodes := []*node{startNode(t, dsn), startNode(t, dsn)}
	for _, n := range nodes {
		n.waitLog(t, regexp.MustCompile(`msg="regbox serve"`))
	}
	// One of them is the leader: it says the slot is due.
	var leader, other *node
	deadline := time.Now().Add(nodeWait)
	for leader == nil {
		for i, n := range nodes {
			if slotDueRE.MatchString(n.log.text()) {
				leader, other = n, nodes[1-i]
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no node enqueued the slot:\n%s\n---\n%s", nodes[0].log.text(), nodes[1].log.text())
		}
		time.Sleep(20 * time.Millisecond)
	}
	slot := slotDueRE.FindStringSubmatch(leader.log.text())[1]
	waitJob(t, db, "domain_sync", "completed")
	leader.stop(t)
	other.waitLog(t, slotDueRE) // elected, it enqueues the same slot again
	if got := slotDueRE.FindStringSubmatch(other.log.text())[1]; got != slot {
		t.Logf("the slot changed from %s to %s while the test ran (an hour turned)", slot, got)
	}
	other.stop(t) // its running jobs, if any, finish first

	ran := len(slotRanRE.FindAllString(leader.log.text(), -1)) + len(slotRanRE.FindAllString(other.log.text(), -1))
	var jobs, slots int
	if err := db.ReadDB().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT args->>'slot') FROM river_job WHERE kind = 'domain_sync'`).Scan(&jobs, &slots); err != nil {
		t.Fatal(err)
	}
	if jobs != slots || ran != jobs || jobs < 1 {
		t.Errorf("domain_sync: %d jobs for %d slots, ran %d times; want one job and one run per slot", jobs, slots, ran)
	}
	var dup int
	if err := db.ReadDB().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT kind, args->>'slot' FROM river_job
		GROUP BY kind, args->>'slot' HAVING COUNT(*) > 1) d`).Scan(&dup); err != nil {
		t.Fatal(err)
	}
	if dup != 0 {
		t.Errorf("%d slots have more than one job", dup)
	}
}

// waitJob waits until a job of kind is in state.
func waitJob(t *testing.T, db *store.DB, kind, state string) {
	t.Helper()
	deadline := time.Now().Add(nodeWait)
	for {
		var n int
		if err := db.ReadDB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM river_job WHERE kind = $1 AND state = $2`, kind, state).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s job %s after %v", kind, state, nodeWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
