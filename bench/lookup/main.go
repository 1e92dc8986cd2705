// Command lookup measures domain search and the TLD price sync against the
// embedded sandbox over HTTP keep-alive on loopback, and prints the figures and
// their ratios to the goals:
//   - one keyword across 500 TLDs with 20 ms of injected latency on every
//     CheckDomains: total time at most 1.5 × the floor, the floor being
//     ⌈500/25⌉ batches at the chosen concurrency, each one round trip
//     (⌈20/c⌉ × RTT, the RTT measured as the median of single batches);
//   - a full price sync of 500+ TLDs (rates, StatusUser, QueryDomainOptions in
//     chunks of 200, plan, apply into SQLite): under 5 s; and the dry run after it.
//
// It exits with status 1 when a goal is missed.
//
// Run: go run ./bench/lookup [-tlds 500] [-latency 20ms] [-c 4,8,20] [-runs 5]
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/pricing"
	regispapi "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
)

const (
	goalRatio = 1.5
	goalSync  = 5 * time.Second
)

func main() { os.Exit(run()) }

func run() int {
	nTLDs := flag.Int("tlds", 500, "TLDs searched")
	latency := flag.Duration("latency", 20*time.Millisecond, "latency injected into every CheckDomains")
	conc := flag.String("c", "4,8,20", "concurrencies to measure, comma-separated")
	runs := flag.Int("runs", 5, "searches per concurrency (the median counts)")
	flag.Parse()
	ctx := context.Background()

	sb, err := sandbox.New(sandbox.Options{Seed: 1, Faults: []sandbox.Fault{{Command: "CheckDomains", Latency: *latency}}})
	if err != nil {
		return fail(err)
	}
	defer sb.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	srv := &http.Server{Handler: sb}
	go srv.Serve(ln)
	defer srv.Close()
	client, err := ispapi.New(ispapi.Config{URL: "http://" + ln.Addr().String() + "/api/call.cgi", Entity: ispapi.EntityOTE,
		Login: sandbox.SeedLogin, Password: sandbox.SeedPassword, MaxIdleConns: 64})
	if err != nil {
		return fail(err)
	}
	reg := regispapi.New(client, regispapi.Options{PremiumChannels: true})

	pl, err := reg.PriceList(ctx)
	if err != nil {
		return fail(err)
	}
	var tlds []string
	for _, t := range pl.TLDs {
		tlds = append(tlds, t.TLD)
	}
	if len(tlds) < *nTLDs {
		return fail(fmt.Errorf("the sandbox has %d TLDs, fewer than %d", len(tlds), *nTLDs))
	}
	tlds = tlds[:*nTLDs]
	rtt, err := roundTrip(ctx, reg, tlds)
	if err != nil {
		return fail(err)
	}
	batches := (len(tlds) + regbox.MaxCheckBatch - 1) / regbox.MaxCheckBatch
	fmt.Printf("search: %d TLDs = %d batches of %d; one batch round trip (median of 15) %s with %s injected\n",
		len(tlds), batches, regbox.MaxCheckBatch, rtt.Round(time.Microsecond), *latency)
	ok := true
	for _, cs := range strings.Split(*conc, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(cs))
		if err != nil || c < 1 {
			return fail(fmt.Errorf("-c: %q", cs))
		}
		total, sum, err := search(ctx, reg, tlds, c, *runs)
		if err != nil {
			return fail(err)
		}
		floor := time.Duration(math.Ceil(float64(batches)/float64(c))) * rtt
		ratio := float64(total) / float64(floor)
		verdict := "meets"
		if ratio > goalRatio {
			verdict, ok = "MISSES", false
		}
		fmt.Printf("  concurrency %2d: median %8s, floor %8s (%d rounds × RTT), ratio %.2f (goal ≤ %.1f, %s); %d answers: %s\n",
			c, total.Round(time.Microsecond), floor.Round(time.Microsecond), int(math.Ceil(float64(batches)/float64(c))), ratio, goalRatio, verdict,
			sum.Names, counts(sum.ByState))
	}
	if !syncBench(ctx, reg) {
		ok = false
	}
	if !ok {
		return 1
	}
	return 0
}

// roundTrip returns the median time of one batch of 25 checks.
func roundTrip(ctx context.Context, reg *regispapi.Registrar, tlds []string) (time.Duration, error) {
	var ds []time.Duration
	for i := range 15 {
		names := make([]string, regbox.MaxCheckBatch)
		for j := range names {
			names[j] = "rtt" + strconv.Itoa(i) + "." + tlds[j]
		}
		start := time.Now()
		if _, err := reg.CheckDomains(ctx, names); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// search runs the search runs times at concurrency c (no cache) and returns the
// median time and the last summary.
func search(ctx context.Context, reg *regispapi.Registrar, tlds []string, c, runs int) (time.Duration, lookup.Summary, error) {
	svc := lookup.New(reg, lookup.Options{Concurrency: c, CacheTTL: -1, Premium: true})
	var ds []time.Duration
	var sum lookup.Summary
	for i := range runs {
		start := time.Now()
		s, err := svc.Check(ctx, lookup.Query{Label: "benchkeyword" + strconv.Itoa(i), TLDs: tlds}, func(lookup.Result) {})
		if err != nil {
			return 0, sum, err
		}
		ds = append(ds, time.Since(start))
		sum = s
	}
	slices.Sort(ds)
	return ds[len(ds)/2], sum, nil
}

// syncBench measures a full price sync into a fresh SQLite store.
func syncBench(ctx context.Context, reg *regispapi.Registrar) bool {
	dir, err := os.MkdirTemp("", "regbox-bench-lookup")
	if err != nil {
		fail(err)
		return false
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, filepath.Join(dir, "regbox.db"))
	if err != nil {
		fail(err)
		return false
	}
	defer db.Close()
	b := billing.New(db)
	for _, c := range []billing.Currency{{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}, {Code: "USD", Rate: "1.08", MinorUnits: 2},
		{Code: "GBP", Rate: "0.86", MinorUnits: 2}} {
		if _, err := b.PutCurrency(ctx, c); err != nil {
			fail(err)
			return false
		}
	}
	s := pricing.New(db, reg, b)
	if _, err := s.PutMarkup(ctx, pricing.Markup{Percent: "20", Rounding: pricing.Round99}); err != nil {
		fail(err)
		return false
	}
	start := time.Now()
	p, err := s.Sync(ctx, pricing.SyncOptions{Apply: true, Renewals: pricing.RenewalsKeep})
	if err != nil {
		fail(err)
		return false
	}
	full := time.Since(start)
	start = time.Now()
	again, err := s.Sync(ctx, pricing.SyncOptions{})
	if err != nil {
		fail(err)
		return false
	}
	dry := time.Since(start)
	verdict := "meets"
	if full > goalSync {
		verdict = "MISSES"
	}
	fmt.Printf("price sync: %d TLDs, %d selling prices (3 currencies) applied in %s, ratio %.2f of the %s goal (%s); dry run after it %s (%d changes)\n",
		len(p.Added), len(p.PriceChanges), full.Round(time.Millisecond), float64(full)/float64(goalSync), goalSync, verdict,
		dry.Round(time.Millisecond), len(again.PriceChanges)+len(again.Changed))
	return full <= goalSync
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "bench/lookup:", err)
	return 1
}
