package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
)

// goalTick is the goal for one batch tick over 100,000 open backorders.
const goalTick = 2 * time.Second

// memRegistrar answers FindBackorders from memory, so that the tick's own
// cost is measured, not a registrar's.
type memRegistrar struct {
	mu    sync.Mutex
	apps  map[string][]regbox.Application
	next  int
	calls int
}

func (m *memRegistrar) SubmitBackorder(_ context.Context, fqdn string) (regbox.Application, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	a := regbox.Application{ID: fmt.Sprint(m.next), Domain: fqdn, Status: "REQUESTED"}
	m.apps[fqdn] = append(m.apps[fqdn], a)
	return a, nil
}

func (m *memRegistrar) FindBackorders(_ context.Context, names []string) ([]regbox.Application, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	var out []regbox.Application
	for _, n := range names {
		out = append(out, m.apps[n]...)
	}
	return out, nil
}

func (m *memRegistrar) BackorderApplication(context.Context, string) (regbox.Application, error) {
	return regbox.Application{}, regbox.Errorf(regbox.ENOTFOUND, "not kept")
}

func (m *memRegistrar) WithdrawBackorder(context.Context, string) error { return nil }

// tickBench fills a store with n open backorders spread over the states as a
// running system has them (most waiting; a few hundred crossing a threshold in
// this tick) and times one tick.
func tickBench(ctx context.Context, dir string, n int) (bool, error) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	clock := regbox.NewManualClock(now)
	db, err := store.Open(ctx, filepath.Join(dir, "tick.db"), store.WithClock(clock))
	if err != nil {
		return false, err
	}
	defer db.Close()
	bill := billing.New(db)
	if _, err := bill.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		return false, err
	}
	const clients = 1000
	for c := 1; c <= clients; c++ {
		amount := int64(1_000_000)
		if c%10 == 0 {
			amount = 100 // poor: low balance
		}
		if _, err := bill.TopUp(ctx, fmt.Sprint(c), "EUR", amount, fmt.Sprintf("top:%d", c), "bench"); err != nil {
			return false, err
		}
	}
	reg := &memRegistrar{apps: map[string][]regbox.Application{}}
	svc := backorder.New(db, bill, backorder.Options{Registrar: reg})
	counts, err := fill(ctx, db, reg, n, now, clients)
	if err != nil {
		return false, err
	}
	t := time.Now()
	res, err := svc.Tick(ctx)
	if err != nil {
		return false, err
	}
	d := time.Since(t)
	fmt.Printf("batch tick over %d open backorders (%s): %v, claimed %d, changed %d, submitted %d, polls %d (≤ %d), errors %d; goal < %v: ratio %.2f\n",
		n, counts, d.Round(time.Millisecond), res.Claimed, res.Changed, res.Submitted, res.Polls, (n+999)/1000, res.Errors,
		goalTick, float64(goalTick)/float64(d))
	return d < goalTick && res.Errors == 0 && res.Polls <= (n+999)/1000, nil
}

// fill inserts the backorders with one multi-row statement per 500.
func fill(ctx context.Context, db *store.DB, reg *memRegistrar, n int, now time.Time, clients int) (string, error) {
	d := db.Dialect()
	type spec struct {
		state  backorder.State
		share  int // per thousand
		from   time.Duration
		to     time.Duration
		polled bool
	}
	specs := []spec{
		{backorder.Requested, 500, 73 * time.Hour, 240 * time.Hour, false},             // waiting
		{backorder.Requested, 3, 71*time.Hour + 56*time.Minute, 72 * time.Hour, false}, // activate now
		{backorder.Active, 200, 2 * time.Hour, 72 * time.Hour, false},
		{backorder.Active, 2, 116 * time.Minute, 2 * time.Hour, false}, // process now
		{backorder.Processing, 250, -2 * time.Hour, 2 * time.Hour, true},
		{backorder.AuctionPending, 45, -48 * time.Hour, -2 * time.Hour, true},
	}
	var parts []string
	id := 0
	var sb strings.Builder
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := db.Exec(ctx, `INSERT INTO backorders (client_id, fqdn, label, zone, status, drop_at, currency, price, reference, created_at, updated_at) VALUES `+
			strings.TrimSuffix(sb.String(), ","), args...)
		sb.Reset()
		args = args[:0]
		return err
	}
	for _, sp := range specs {
		k := n * sp.share / 1000
		parts = append(parts, fmt.Sprintf("%s %d", sp.state, k))
		for i := range k {
			id++
			label := fmt.Sprintf("name%07d", id)
			drop := now.Add(sp.from + (sp.to-sp.from)/time.Duration(max(k, 1))*time.Duration(i))
			ref := ""
			if sp.polled {
				a, _ := reg.SubmitBackorder(ctx, label+".com")
				ref = a.ID
			}
			sb.WriteString("(?,?,?,?,?,?,?,?,?,?,?),")
			args = append(args, 1+id%clients, label+".com", label, "com", string(sp.state), d.Time(drop), "EUR", 6900, ref, d.Time(now), d.Time(now))
			if len(args) >= 500*11 {
				if err := flush(); err != nil {
					return "", err
				}
			}
		}
	}
	reg.calls = 0
	return strings.Join(parts, ", "), flush()
}
