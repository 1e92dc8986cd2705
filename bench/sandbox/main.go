// Command sandbox measures the embedded ISPAPI sandbox against its goals, over HTTP
// keep-alive on loopback with regbox's own ISPAPI client, and prints the figures and
// their ratios to the goals (a ratio ≥ 1 meets the goal):
//   - CheckDomain and StatusDomain: at least 20,000 commands per second each, from
//     concurrent clients, on the machine's cores (client and server share them). The
//     goal is judged on the rate over the whole phase; the best 500 ms of the phase
//     (closest to an idle machine when others share it), the latencies and the CPU
//     time per command (client, server and GC together, with the rate that CPU cost
//     allows on idle cores) are printed beside it;
//   - QueryDomainList FIRST=50000 LIMIT=1000 ORDERBY=DOMAIN over 100,000 domains: a
//     page in under 20 ms (the median of repeated calls after a first, cold one).
//
// It exits with status 1 when a goal is missed or a command fails.
//
// Run: go run ./bench/sandbox [-c 32] [-d 3s] [-n 500000] [-domains 100000] [-cpuprofile cpu.prof]
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/sandbox"
)

// Goals.
const (
	goalPerSecond = 20000
	goalPage      = 20 * time.Millisecond
	pageRuns      = 25
	window        = 500 * time.Millisecond // for the best rate within a phase
)

// settings are the command-line flags.
type settings struct {
	workers    int
	duration   time.Duration
	maxCalls   int64
	domains    int
	cpuProfile string
	only       string // comma-separated phases to run; "" for all
}

// result is one measured phase.
type result struct {
	name    string
	calls   int64
	elapsed time.Duration
	lat     []time.Duration // sorted
	failed  int64
	failure string          // the first unexpected answer
	cpu     time.Duration   // CPU time of the process (client, server and GC) during the phase
	done    []time.Duration // when each call completed, from the start, sorted
}

// main runs the benchmark and exits with its status.
func main() { os.Exit(run()) }

// run measures and returns the exit status.
func run() int {
	gc := "GOGC from the environment"
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(sandbox.GCPercent) // as regbox sandbox runs it
		gc = fmt.Sprintf("GC percent %d as in regbox sandbox", sandbox.GCPercent)
	}
	var cfg settings
	flag.IntVar(&cfg.workers, "c", 32, "concurrent clients")
	flag.DurationVar(&cfg.duration, "d", 3*time.Second, "duration of each throughput phase")
	flag.Int64Var(&cfg.maxCalls, "n", 500000, "most commands per throughput phase")
	flag.IntVar(&cfg.domains, "domains", 100000, "domains to seed for test.user")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured phases here")
	flag.StringVar(&cfg.only, "only", "", "run only these phases: CheckDomain,StatusDomain,QueryDomainList")
	flag.Parse()

	start := time.Now()
	srv, err := sandbox.New(sandbox.Options{Seed: 1, Domains: cfg.domains})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	names := srv.DomainNames(sandbox.EntityOTE, sandbox.SeedLogin)
	fmt.Printf("sandbox: %d domains for %s seeded in %v; GOMAXPROCS %d, %s, %d clients, %v per phase%s\n",
		len(names), sandbox.SeedLogin, time.Since(start).Round(time.Millisecond), runtime.GOMAXPROCS(0), gc, cfg.workers, cfg.duration, loadAverage())
	url, stop, err := serve(srv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer stop()
	client, err := ispapi.New(ispapi.Config{URL: url, Login: sandbox.SeedLogin, Password: sandbox.SeedPassword,
		MaxIdleConns: cfg.workers, Retry: ispapi.RetryPolicy{MaxAttempts: 1}, Breaker: ispapi.BreakerConfig{Threshold: -1}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if cfg.cpuProfile != "" {
		stopProfile, err := startProfile(cfg.cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer stopProfile()
	}
	return report(measure(client, names, cfg))
}

// serve starts an HTTP server for srv on a loopback port and returns its call URL.
func serve(srv *sandbox.Server) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String() + "/api/call.cgi", func() { hs.Close() }, nil
}

// startProfile starts CPU profiling into file and returns the function that stops it.
func startProfile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// measure runs the phases.
func measure(client *ispapi.Client, names []string, cfg settings) []result {
	check := func(i int64) *ispapi.Command {
		name := names[int(i)%len(names)]
		if i%2 == 1 {
			name = "regbox-bench-" + strconv.FormatInt(i, 10) + ".com" // an available one
		}
		return ispapi.NewCommand("CheckDomain").Set("DOMAIN", name)
	}
	status := func(i int64) *ispapi.Command {
		return ispapi.NewCommand("StatusDomain").Set("DOMAIN", names[int(i*7919)%len(names)])
	}
	warm(client, check, status)
	var results []result
	if cfg.runs("CheckDomain") {
		results = append(results, throughput(client, "CheckDomain", check, cfg, 200, 210, 211))
	}
	if cfg.runs("StatusDomain") {
		results = append(results, throughput(client, "StatusDomain", status, cfg, 200))
	}
	if cfg.runs("QueryDomainList") {
		results = append(results, page(client))
	}
	return results
}

// runs reports whether a phase is to be run.
func (cfg settings) runs(phase string) bool {
	return cfg.only == "" || slices.ContainsFunc(strings.Split(cfg.only, ","), func(p string) bool {
		return strings.EqualFold(strings.TrimSpace(p), phase)
	})
}

// warm opens the keep-alive connections and runs each command a few times.
func warm(client *ispapi.Client, cmds ...func(int64) *ispapi.Command) {
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range int64(50) {
				for _, cmd := range cmds {
					client.Call(context.Background(), cmd(int64(w)*50+i))
				}
			}
		})
	}
	wg.Wait()
}

// throughput sends cmd(i) from cfg.workers goroutines for cfg.duration (at most
// cfg.maxCalls) and records the latencies; codes are the expected answers.
func throughput(client *ispapi.Client, name string, cmd func(int64) *ispapi.Command, cfg settings, codes ...int) result {
	var next, failed atomic.Int64
	var failure atomic.Value
	lats, dones := make([][]time.Duration, cfg.workers), make([][]time.Duration, cfg.workers)
	deadline := time.Now().Add(cfg.duration)
	start, cpu := time.Now(), cpuTime()
	var wg sync.WaitGroup
	for w := range cfg.workers {
		wg.Go(func() {
			lat, done := make([]time.Duration, 0, 1<<16), make([]time.Duration, 0, 1<<16)
			for {
				i := next.Add(1)
				if i > cfg.maxCalls || time.Now().After(deadline) {
					break
				}
				t0 := time.Now()
				r, err := client.Call(context.Background(), cmd(i))
				lat = append(lat, time.Since(t0))
				done = append(done, time.Since(start))
				if r == nil || !slices.Contains(codes, r.Code()) {
					if failed.Add(1) == 1 {
						failure.Store(fmt.Sprintf("%v (%v)", r, err))
					}
				}
			}
			lats[w], dones[w] = lat, done
		})
	}
	wg.Wait()
	res := result{name: name, elapsed: time.Since(start), lat: slices.Concat(lats...), failed: failed.Load(), cpu: cpuTime() - cpu,
		done: slices.Concat(dones...)}
	slices.Sort(res.done)
	res.calls = int64(len(res.lat))
	slices.Sort(res.lat)
	if f, ok := failure.Load().(string); ok {
		res.failure = f
	}
	return res
}

// page times QueryDomainList FIRST=50000 LIMIT=1000 ORDERBY=DOMAIN, one call at a
// time: a cold first call, then pageRuns more.
func page(client *ispapi.Client) result {
	cmd := ispapi.NewCommand("QueryDomainList").Set("FIRST", "50000").Set("LIMIT", "1000").Set("ORDERBY", "DOMAIN")
	res := result{name: "QueryDomainList"}
	for i := range pageRuns + 1 {
		t0 := time.Now()
		r, err := client.Call(context.Background(), cmd)
		took := time.Since(t0)
		if r == nil {
			res.failed, res.failure = res.failed+1, err.Error()
			continue
		}
		if r.Code() != 200 || r.Count() != 1000 || r.First() != 50000 {
			res.failed++
			if res.failure == "" {
				res.failure = fmt.Sprintf("%v (%v), COUNT %d FIRST %d", r, err, r.Count(), r.First())
			}
		}
		if i == 0 {
			fmt.Printf("QueryDomainList cold (first) call: %.2f ms, TOTAL %d, server RUNTIME %.3f s\n", ms(took), r.Total(), r.RunTime())
			continue
		}
		res.lat = append(res.lat, took)
		res.elapsed += took
		res.calls++
	}
	slices.Sort(res.lat)
	return res
}

// report prints the figures and returns the exit status.
func report(results []result) int {
	status := 0
	for _, r := range results {
		if r.calls == 0 {
			fmt.Printf("%-16s no calls made\n", r.name)
			status = 1
			continue
		}
		var ratio float64
		var figure string
		if r.name == "QueryDomainList" {
			med := percentile(r.lat, 50)
			ratio = float64(goalPage) / float64(med)
			figure = fmt.Sprintf("page of 1,000 of 100,000: median %.2f ms, p90 %.2f ms, max %.2f ms over %d calls; goal < %v: ratio %.2f",
				ms(med), ms(percentile(r.lat, 90)), ms(r.lat[len(r.lat)-1]), r.calls, goalPage, ratio)
		} else {
			perSec := float64(r.calls) / r.elapsed.Seconds()
			best := bestWindow(r.done, window)
			ratio = perSec / goalPerSecond
			figure = fmt.Sprintf("%6.0f commands/s over %v (%d calls; best %v %6.0f/s), p50 %.3f ms, p99 %.3f ms; goal >= %d/s: ratio %.2f",
				perSec, r.elapsed.Round(time.Millisecond), r.calls, window, best, ms(percentile(r.lat, 50)), ms(percentile(r.lat, 99)), goalPerSecond, ratio)
		}
		verdict := "ok"
		if ratio < 1 || r.failed > 0 {
			verdict, status = "MISSED", 1
		}
		fmt.Printf("%-16s %s  %s\n", r.name, figure, verdict)
		if r.cpu > 0 && r.name != "QueryDomainList" {
			perCall := r.cpu / time.Duration(r.calls)
			fmt.Printf("%-16s CPU %.1f µs per command (client, server and GC together): %.0f commands/s on %d idle cores\n",
				"", float64(perCall)/1e3, float64(runtime.GOMAXPROCS(0))*float64(time.Second)/float64(perCall), runtime.GOMAXPROCS(0))
		}
		if r.failed > 0 {
			fmt.Printf("%-16s %d unexpected answers, the first: %s\n", "", r.failed, r.failure)
		}
	}
	return status
}

// bestWindow returns the highest rate of completions per second within any window of
// length w: on a shared machine the phase's average also counts the moments other
// processes took the cores.
func bestWindow(done []time.Duration, w time.Duration) float64 {
	most := 0
	for i, j := 0, 0; j < len(done); j++ {
		for done[j]-done[i] > w {
			i++
		}
		most = max(most, j-i+1)
	}
	if len(done) > 0 && done[len(done)-1] < w {
		return float64(len(done)) / done[len(done)-1].Seconds()
	}
	return float64(most) / w.Seconds()
}

// percentile returns the p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

// loadAverage describes the machine's load (Linux), which other processes add to.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return "; load average " + strings.Join(f[:3], " ")
}

// ms returns d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
