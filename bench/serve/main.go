// Command serve measures `regbox serve` on SQLite against its goals: from start to
// ready (GET /readyz answers 200) in under 300 ms, and an idle resident set (VmRSS
// from /proc/PID/status, Linux only; RssAnon and RssFile beside it) under 40 MB.
// It builds the binary once (CGO_ENABLED=0, as released) and runs it as a child,
// `regbox serve --listen 127.0.0.1:PORT` in a fresh temporary directory, with no
// REGBOX_* variables, and prints the figures with their ratio to the goal (a ratio
// ≥ 1 meets it). Scenarios:
//
//  1. first start of a new database (migrations, the first admin, the embedded
//     sandbox): time to ready; then the first TLD price sync, which serve queues
//     on a new database, is awaited (its job leaves the queue's running states,
//     read from the database) and the RSS sampled at each of -sync-samples after it;
//  2. restarts on that database: the median time to ready of -n starts, and the
//     RSS of the last one after -idle;
//  3. that same process after an admin login through the API (POST
//     /api/v1/sessions with the password the banner printed): the RSS right after
//     and after -login-settle.
//
// Samples taken right after the sync or the login are shown but not held to the
// idle goal. It exits with status 1 when a goal is missed or a step fails.
//
// Run: go run ./bench/serve [-n 5] [-sync-samples 0s,30s,60s] [-idle 10s] [-login-settle 30s]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

const (
	goalReady = 300 * time.Millisecond
	goalRSS   = 40 << 20 // bytes
)

var ok = true // every goal met so far

func main() {
	n := flag.Int("n", 5, "restarts on the existing database (their median time to ready is shown)")
	samples := flag.String("sync-samples", "0s,30s,60s", "comma-separated times after the first price sync to sample the RSS at")
	idle := flag.Duration("idle", 10*time.Second, "idle time after the last restart before its RSS sample")
	loginSettle := flag.Duration("login-settle", 30*time.Second, "time after the login before the settled RSS sample")
	flag.Parse()
	var after []time.Duration
	for s := range strings.SplitSeq(*samples, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil || d < 0 {
			fail(fmt.Errorf("-sync-samples: %q is not a duration ≥ 0", s))
		}
		after = append(after, d)
	}
	slices.Sort(after)
	if *n < 1 {
		fail(errors.New("-n: must be at least 1"))
	}
	tmp, err := os.MkdirTemp("", "regbox-bench-serve-")
	if err != nil {
		fail(err)
	}
	err = run(tmp, *n, after, *idle, *loginSettle)
	os.RemoveAll(tmp)
	if err != nil {
		fail(err)
	}
	if !ok {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "serve:", err)
	os.Exit(1)
}

func run(tmp string, n int, after []time.Duration, idle, loginSettle time.Duration) error {
	bin := filepath.Join(tmp, "regbox")
	build := exec.Command("go", "build", "-o", bin, "./cmd/regbox")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return fmt.Errorf("go list -m: %w", err)
	}
	build.Dir = strings.TrimSpace(string(root))
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	dir := filepath.Join(tmp, "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}

	// 1. First start of a new database.
	s, err := start(bin, dir, filepath.Join(tmp, "serve-0.log"))
	if err != nil {
		return err
	}
	defer func() { // s changes below; stop is a no-op once stopped
		if s != nil {
			s.stop() //nolint:errcheck // after a failure, reported already
		}
	}()
	readyLine("first start", s.ready)
	state, took, err := awaitPriceSync(filepath.Join(dir, "regbox.db"))
	if err != nil {
		return err
	}
	fmt.Printf("first price sync: job %s %v after ready\n", state, took.Round(time.Millisecond))
	t0 := time.Now()
	for _, d := range after {
		time.Sleep(time.Until(t0.Add(d)))
		rssLine(fmt.Sprintf("after sync +%v", d), s.cmd.Process.Pid, d > 0)
	}
	if err := s.stop(); err != nil {
		return err
	}

	// 2. Restarts on the existing database.
	var readies []time.Duration
	for i := range n {
		if s, err = start(bin, dir, filepath.Join(tmp, fmt.Sprintf("serve-%d.log", i+1))); err != nil {
			return err
		}
		readies = append(readies, s.ready)
		if i < n-1 {
			if err := s.stop(); err != nil {
				return err
			}
		}
	}
	slices.Sort(readies)
	readyLine(fmt.Sprintf("restart (median of %d, min %v, max %v)", n,
		readies[0].Round(time.Millisecond), readies[n-1].Round(time.Millisecond)), readies[n/2])
	time.Sleep(idle)
	rssLine(fmt.Sprintf("restart idle +%v", idle), s.cmd.Process.Pid, true)

	// 3. The same process after an admin login.
	banner, err := os.ReadFile(filepath.Join(tmp, "serve-0.log"))
	if err != nil {
		return err
	}
	if err := s.login(string(banner)); err != nil {
		return err
	}
	rssLine("after login", s.cmd.Process.Pid, false)
	time.Sleep(loginSettle)
	rssLine(fmt.Sprintf("after login +%v", loginSettle), s.cmd.Process.Pid, true)
	return s.stop()
}

// served is a running `regbox serve`.
type served struct {
	cmd   *exec.Cmd
	url   string
	log   string        // the file of its stdout and stderr
	ready time.Duration // from start to the first 200 from /readyz
	done  chan struct{} // closed when the process has exited
}

// start runs serve in dir on a free port, its output to the file logPath, and
// waits until it is ready.
func start(bin, dir, logPath string) (*served, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	out, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer out.Close() // the child has its own descriptor
	s := &served{url: "http://" + addr, log: logPath, done: make(chan struct{})}
	s.cmd = exec.Command(bin, "serve", "--listen", addr)
	s.cmd.Dir, s.cmd.Stdout, s.cmd.Stderr = dir, out, out
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "REGBOX_") {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	c := &http.Client{Timeout: 5 * time.Second}
	t0 := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	for deadline := t0.Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		select {
		case <-s.done:
			return nil, fmt.Errorf("regbox serve exited before it was ready (%v):\n%s", s.cmd.ProcessState, s.output())
		default:
		}
		resp, err := c.Get(s.url + "/readyz")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			s.ready = time.Since(t0)
			return s, nil
		}
	}
	s.stop() //nolint:errcheck // reporting the timeout
	return nil, fmt.Errorf("regbox serve not ready in 30 s:\n%s", s.output())
}

// stop ends the process with SIGTERM and waits for it (SIGKILL after 10 s).
func (s *served) stop() error {
	select {
	case <-s.done:
		return nil
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		return nil
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("regbox serve did not stop within 10 s of SIGTERM:\n%s", s.output())
	}
}

var loginRE, passwordRE = regexp.MustCompile(`login:\s+(\S+)`), regexp.MustCompile(`password:\s+(\S+)`)

// login logs the first admin in with the login and one-time password in banner,
// the first start's output (restarts print none).
func (s *served) login(banner string) error {
	l, p := loginRE.FindStringSubmatch(banner), passwordRE.FindStringSubmatch(banner)
	if l == nil || p == nil {
		return errors.New("the first start printed no admin login and password")
	}
	body := fmt.Sprintf(`{"kind":"admin","email":%q,"password":%q}`, l[1], p[1])
	resp, err := http.Post(s.url+"/api/v1/sessions", "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("admin login: %s %s", resp.Status, b)
	}
	return nil
}

// awaitPriceSync waits until the TLD price sync job has left the queue's waiting
// and running states, reading the jobs table of the database at path, and returns
// its state and the time it took.
func awaitPriceSync(path string) (string, time.Duration, error) {
	ctx := context.Background()
	t0 := time.Now()
	db, err := store.Open(ctx, path, store.WithoutMigrations(), store.WithReadConns(1), store.WithMaxConns(1))
	if err != nil {
		return "", 0, err
	}
	defer db.Close()
	q, err := jobs.New(ctx, db, jobs.NewRegistry(), jobs.Options{NoMigrate: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return "", 0, err
	}
	for time.Since(t0) < 5*time.Minute {
		list, err := q.List(ctx, jobs.Filter{Kind: jobs.PriceSync})
		if err != nil {
			return "", 0, err
		}
		if len(list) == 0 {
			return "", 0, errors.New("no TLD price sync job was queued on first start")
		}
		j := list[len(list)-1] // the first one
		switch j.State {
		case jobs.StateCompleted:
			return j.State, time.Since(t0), nil
		case jobs.StateRetryable, jobs.StateDiscarded, jobs.StateCancelled:
			last := ""
			if len(j.Errors) > 0 {
				last = ": " + j.Errors[len(j.Errors)-1].Error
			}
			return j.State + last, time.Since(t0), nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "", 0, errors.New("the first TLD price sync did not finish in 5 minutes")
}

func readyLine(label string, d time.Duration) {
	fmt.Printf("%-44s ready in %6.1f ms, goal < %v: ratio %.2f\n", label+":", float64(d)/1e6, goalReady, float64(goalReady)/float64(d))
	ok = ok && d < goalReady
}

// rssLine prints the process's RSS; an idle sample is held to the goal.
func rssLine(label string, pid int, idle bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		fmt.Printf("%-44s RSS not available (%v)\n", label+":", err)
		return
	}
	kb := map[string]int64{}
	for line := range strings.Lines(string(b)) {
		var v int64
		if k, rest, found := strings.Cut(line, ":"); found {
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &v); err == nil {
				kb[k] = v
			}
		}
	}
	rss := kb["VmRSS"] << 10
	goal := "(not idle: no goal)"
	if idle {
		goal = fmt.Sprintf("goal < %d MB: ratio %.2f", goalRSS>>20, float64(goalRSS)/float64(rss))
		ok = ok && rss < goalRSS
	}
	fmt.Printf("%-44s VmRSS %5.1f MB (anon %5.1f, file %5.1f) %s\n", label+":", mb(kb["VmRSS"]), mb(kb["RssAnon"]), mb(kb["RssFile"]), goal)
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

// output is what the process wrote so far.
func (s *served) output() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}
