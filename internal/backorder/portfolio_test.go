package backorder_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/store/storetest"
)

// portfolio is a fake domains service: fail is the answer of the next calls
// (nil: accept), calls counts them per name.
type portfolio struct {
	mu    sync.Mutex
	fail  map[string]error
	calls map[string]int
}

func (p *portfolio) adopt(_ context.Context, client int64, fqdn, currency string, fee int64) (int64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[fqdn]++
	if err := p.fail[fqdn]; err != nil {
		return 0, err
	}
	if currency != "EUR" || fee != 6900 {
		return 0, regbox.Errorf(regbox.EINTERNAL, "adopt %s for %d in %s at %d", fqdn, client, currency, fee)
	}
	return 500 + client, nil
}

// TestCatchGoesToPortfolio: a paid catch puts the domain into the client's
// portfolio once; a failing portfolio is retried by the next ticks, a refusing
// one (held by another client) is recorded and not retried.
func TestCatchGoesToPortfolio(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			p := &portfolio{fail: map[string]error{"soon.com": regbox.Errorf(regbox.EUNAVAILABLE, "database busy"),
				"shared.com": regbox.Errorf(regbox.ECONFLICT, "held by another client")}, calls: map[string]int{}}
			e.svc = backorder.New(e.db, e.bill, backorder.Options{Registrar: e.reg, Portfolio: p.adopt})
			e.topUp(t, 1, 20000, "t1")
			soon, err := e.svc.Create(ctx, 1, "EUR", "soon.com")
			if err != nil {
				t.Fatal(err)
			}
			shared, err := e.svc.Create(ctx, 1, "EUR", "shared.com")
			if err != nil {
				t.Fatal(err)
			}
			drop := soon.DropAt
			e.clock.Set(drop.Add(-3 * time.Hour))
			e.tick(t) // ACTIVE
			e.clock.Set(drop.Add(-2 * time.Hour))
			e.tick(t) // PROCESSING, submitted
			e.reg.set("soon.com", "SUCCESSFUL", "")
			e.reg.set("shared.com", "SUCCESSFUL", "")
			e.clock.Set(drop.Add(time.Hour))
			e.tick(t) // PENDING-PAYMENT, paid from credit
			// Paid: SUCCESSFUL; soon.com's portfolio fails, shared.com's refuses.
			if res, err := e.svc.Tick(ctx); err != nil || res.Errors != 2 {
				t.Fatalf("tick = %+v, %v", res, err)
			}
			if b := e.state(t, soon.ID); b.State != backorder.Successful || b.DomainID != 0 {
				t.Fatalf("soon = %+v", b)
			}
			if res, err := e.svc.Tick(ctx); err != nil || res.Errors != 1 || p.calls["shared.com"] != 1 {
				t.Fatalf("retry tick = %+v, %v, calls %v", res, err, p.calls)
			}
			p.mu.Lock()
			p.fail["soon.com"] = nil
			p.mu.Unlock()
			e.tick(t)
			e.tick(t)
			if b := e.state(t, soon.ID); b.DomainID != 501 || p.calls["soon.com"] != 3 {
				t.Fatalf("soon = %+v, calls %v", b, p.calls)
			}
			if b := e.state(t, shared.ID); b.State != backorder.Successful || b.DomainID != 0 || p.calls["shared.com"] != 1 {
				t.Fatalf("shared = %+v, calls %v", b, p.calls)
			}
		})
	}
}

// TestRegistryAuctionShown: the registrar's auction fields reach the
// backorder with every poll that changes them.
func TestRegistryAuctionShown(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			e := setup(t, d)
			b := e.processing(t, "soon.com", 7)[0]
			end := e.clock.Now().Add(5 * 24 * time.Hour).Truncate(time.Second)
			for bid := range []string{"150.00", "180.50"} {
				e.reg.mu.Lock()
				for _, a := range e.reg.apps {
					a.Status, a.AuctionURL, a.AuctionEnd, a.AuctionCurrency = "AUCTION-PENDING", "https://auction.example/"+a.ID, end, "USD"
					a.AuctionBestBid = []string{"150.00", "180.50"}[bid]
				}
				e.reg.mu.Unlock()
				e.tick(t)
				got := e.state(t, b.ID)
				want := backorder.RegistryAuction{URL: "https://auction.example/" + b.Reference, End: end, BestBid: []string{"150.00", "180.50"}[bid], Currency: "USD"}
				if got.State != backorder.AuctionPending || got.Registry.URL != want.URL || !got.Registry.End.Equal(end) ||
					got.Registry.BestBid != want.BestBid || got.Registry.Currency != "USD" {
					t.Fatalf("poll %d: %+v, want %+v", bid, got, want)
				}
			}
		})
	}
}
