// Command sync measures the domain sync and the domain import on a large
// portfolio against the embedded sandbox over HTTP keep-alive on loopback, with
// SQLite (or PostgreSQL with -db), and prints the figures and their ratios to
// the goals:
//   - a sync of N domains (default 100,000) in at most 10 s, with at most
//     ⌈N/1000⌉+10 API calls (counted by the ispapi client's Observe hook);
//   - the same sync when a tenth of the portfolio must be rewritten and a
//     hundredth is flagged (drift), to time the batched writes;
//   - the bulk import of the whole account into one client (no goal: the
//     figure is printed, with its call count).
//
// It exits with status 1 when a goal is missed.
//
// Run: go run ./bench/sync [-n 100000] [-db postgres://...] [-cpuprofile file]
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/mail"
	regispapi "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
)

const goalSync = 10 * time.Second

func main() { os.Exit(run()) }

func run() int {
	n := flag.Int("n", 100000, "domains in the sandbox account")
	dsn := flag.String("db", "", "database URL (default: a SQLite file in a temporary directory)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the import and syncs to this file")
	flag.Parse()
	ctx := context.Background()

	start := time.Now()
	sb, err := sandbox.New(sandbox.Options{Seed: 1, Domains: *n})
	if err != nil {
		return fail(err)
	}
	defer sb.Close()
	fmt.Printf("sandbox with %d domains seeded in %s\n", *n, time.Since(start).Round(time.Millisecond))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	srv := &http.Server{Handler: sb}
	go srv.Serve(ln)
	defer srv.Close()
	var calls atomic.Int64
	client, err := ispapi.New(ispapi.Config{URL: "http://" + ln.Addr().String() + "/api/call.cgi", Entity: ispapi.EntityOTE,
		Login: sandbox.SeedLogin, Password: sandbox.SeedPassword, MaxIdleConns: 16,
		Observe: func(context.Context, ispapi.CallRecord) { calls.Add(1) }})
	if err != nil {
		return fail(err)
	}
	db, cleanup, err := openDB(ctx, *dsn)
	if err != nil {
		return fail(err)
	}
	defer cleanup()
	svc, clientID, err := service(ctx, db, regispapi.New(client, regispapi.Options{}))
	if err != nil {
		return fail(err)
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	calls.Store(0)
	start = time.Now()
	res, err := svc.Import(ctx, domains.ImportRequest{ClientID: clientID})
	if err != nil {
		return fail(err)
	}
	took := time.Since(start)
	fmt.Printf("import: %d imported, %d skipped, %d failed in %s (%.0f domains/s), %d API calls\n", res.Imported,
		len(res.Skipped), len(res.Failed), took.Round(time.Millisecond), float64(res.Imported)/took.Seconds(), calls.Load())
	if len(res.Failed) > 0 {
		fmt.Printf("  first failure: %s: %s\n", res.Failed[0].Name, res.Failed[0].Reason)
	}
	ok := syncRun(ctx, svc, &calls, "sync, in line", *n)
	// Drift: a tenth of the rows lose their nameservers and expiry (rewritten
	// quietly), a hundredth has its lock flipped (rewritten and flagged).
	if _, err := db.Exec(ctx, `UPDATE domains SET nameservers = '', expires_at = NULL WHERE id % 10 = 0`); err != nil {
		return fail(err)
	}
	if _, err := db.Exec(ctx, `UPDATE domains SET locked = NOT locked WHERE id % 100 = 1`); err != nil {
		return fail(err)
	}
	ok = syncRun(ctx, svc, &calls, "sync, 11% drift", *n) && ok
	if !ok {
		return 1
	}
	return 0
}

// syncRun runs one sync and prints its figures against the goals.
func syncRun(ctx context.Context, svc *domains.Service, calls *atomic.Int64, what string, n int) bool {
	calls.Store(0)
	start := time.Now()
	rep, err := svc.SyncDomains(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
		return false
	}
	took := time.Since(start)
	goalCalls := int64((n+999)/1000 + 10)
	ok := took <= goalSync && calls.Load() <= goalCalls
	fmt.Printf("%s: %d listed, %d checked, %d updated, %d flagged in %s (goal ≤ %s, ratio %.2f), %d API calls (goal ≤ %d, ratio %.2f): %s\n",
		what, rep.Listed, rep.Checked, rep.Updated, rep.Flagged, took.Round(time.Millisecond), goalSync,
		took.Seconds()/goalSync.Seconds(), calls.Load(), goalCalls, float64(calls.Load())/float64(goalCalls), verdict(ok))
	return ok
}

func verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "MISSES"
}

// openDB opens dsn, or a SQLite file in a temporary directory.
func openDB(ctx context.Context, dsn string) (*store.DB, func(), error) {
	dir := ""
	if dsn == "" {
		var err error
		if dir, err = os.MkdirTemp("", "regbox-bench-sync"); err != nil {
			return nil, nil, err
		}
		dsn = filepath.Join(dir, "regbox.db")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return db, func() {
		db.Close()
		if dir != "" {
			os.RemoveAll(dir)
		}
	}, nil
}

// service builds the domains service with one client (EUR) whose renewals
// cost 10.00 a year.
func service(ctx context.Context, db *store.DB, reg *regispapi.Registrar) (*domains.Service, int64, error) {
	bill := billing.New(db)
	if _, err := bill.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		return nil, 0, err
	}
	acc, err := accounts.New(db)
	if err != nil {
		return nil, 0, err
	}
	c, err := acc.CreateClient(ctx, accounts.Client{Contact: accounts.Contact{FirstName: "Bench", LastName: "Mark",
		Street: []string{"Main Street 1"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678",
		Email: "bench@example.net"}, Language: "en", Currency: "EUR"}, "")
	if err != nil {
		return nil, 0, err
	}
	mailer, err := mail.New(db, mail.Options{})
	if err != nil {
		return nil, 0, err
	}
	price := domains.PriceFunc(func(context.Context, int64, string, domains.Operation, string, int) (int64, error) {
		return 1000, nil
	})
	svc, err := domains.New(domains.Options{DB: db, Registrar: reg, Rules: domains.TLDRules{}, Prices: price,
		Billing: bill, Clients: acc, Mailer: mailer})
	return svc, c.ID, err
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "bench/sync:", err)
	return 1
}
