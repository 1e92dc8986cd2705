package backorder_test

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store/storetest"
)

// processing brings backorders of the given clients on name to PROCESSING
// with their application submitted.
func (e *env) processing(t *testing.T, name string, clients ...int64) []backorder.Backorder {
	t.Helper()
	var bs []backorder.Backorder
	for _, c := range clients {
		e.topUp(t, c, 10000, "top"+name+string(rune('0'+c)))
		b, err := e.svc.Create(context.Background(), c, "EUR", name)
		if err != nil {
			t.Fatal(err)
		}
		bs = append(bs, b)
	}
	e.clock.Set(drop.Add(-72 * time.Hour))
	e.tick(t)
	e.clock.Set(drop.Add(-time.Hour))
	e.tick(t)
	for i := range bs {
		bs[i] = e.state(t, bs[i].ID)
		if bs[i].State != backorder.Processing || bs[i].Reference == "" {
			t.Fatalf("not processing: %+v", bs[i])
		}
	}
	return bs
}

func TestEngineOutcomes(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()

			// Two of our clients on one name: one application; the earliest wins.
			e := setup(t, d)
			bs := e.processing(t, "shared.com", 3, 4)
			if e.reg.submits != 1 || bs[0].Reference != bs[1].Reference {
				t.Fatalf("tie: %d submits, refs %s %s", e.reg.submits, bs[0].Reference, bs[1].Reference)
			}
			e.reg.set("shared.com", "AUCTION-WON", "120.50")
			res := e.tick(t)
			if res.Polls != 1 {
				t.Errorf("polls = %d", res.Polls)
			}
			for _, b := range bs {
				if got := e.state(t, b.ID); got.State != backorder.AuctionPending {
					t.Fatalf("not in the auction: %+v", got)
				}
			}
			if e.mailCount("3:backorder_auction_started:shared.com") != 1 || e.mailCount("4:backorder_auction_started:shared.com") != 1 {
				t.Errorf("auction mails: %v", e.mails)
			}
			// A private auction: client 4 outbids client 3's automatic opening bid.
			if _, err := e.svc.PlaceBid(ctx, 3, bs[1].ID, 9000); regbox.ErrorCode(err) != regbox.ENOTFOUND {
				t.Errorf("bid on another's backorder: %v", err)
			}
			if _, err := e.svc.PlaceBid(ctx, 4, bs[1].ID, 7000); regbox.ErrorField(err) != "max" {
				t.Errorf("bid below the minimum: %v", err)
			}
			r, err := e.svc.PlaceBid(ctx, 4, bs[1].ID, 10000)
			if err != nil || !r.Leading || r.Outbid != 3 || r.Price != 7400 {
				t.Fatalf("PlaceBid = %+v, %v", r, err)
			}
			if e.mailCount("3:backorder_outbid:shared.com") != 1 || e.mailCount("4:backorder_outbid:shared.com") != 0 {
				t.Errorf("outbid mails: %v", e.mails)
			}
			e.tick(t) // still running
			e.clock.Set(e.clock.Now().Add(72 * time.Hour))
			e.tick(t)
			w, l := e.state(t, bs[1].ID), e.state(t, bs[0].ID)
			if w.State != backorder.PendingPayment || w.AuctionPrice != 500+12050 || l.State != backorder.AuctionPending {
				t.Fatalf("winner %+v runner-up %+v", w, l)
			}
			if _, err := e.svc.PlaceBid(ctx, 4, bs[1].ID, 20000); regbox.ErrorCode(err) != regbox.ECONFLICT {
				t.Errorf("bid after the end: %v", err)
			}
			inv, _ := e.bill.Invoice(ctx, w.InvoiceID)
			if inv.Total != 6900+500+12050 || inv.Status != billing.InvoiceUnpaid {
				t.Fatalf("auction invoice = %+v", inv) // 10000 credit does not cover it
			}
			if a, h := e.balance(t, 3); a != 3100 || h != 6900 {
				t.Errorf("runner-up balance %d/%d: the hold stays while the winner may pay", a, h)
			}
			// The winner does not pay: cancelled, and the runner-up gets the
			// name at its own maximum (the opening bid) + the registry's price.
			e.topUp(t, 3, 20000, "runner-up")
			e.clock.Set(e.clock.Now().Add(25 * time.Hour))
			e.tick(t)
			if w := e.state(t, bs[1].ID); w.State != backorder.Cancelled {
				t.Fatalf("unpaid: %+v", w)
			}
			if inv, _ := e.bill.Invoice(ctx, w.InvoiceID); inv.Status != billing.InvoiceCancelled {
				t.Errorf("invoice = %s", inv.Status)
			}
			if mails := e.mailCount("4:backorder_cancelled:shared.com"); mails != 1 {
				t.Errorf("cancel mails = %d", mails)
			}
			if l := e.state(t, bs[0].ID); l.State != backorder.PendingPayment || l.AuctionPrice != 12050 {
				t.Fatalf("runner-up: %+v", l)
			}
			e.tick(t)
			if l := e.state(t, bs[0].ID); l.State != backorder.AuctionWon {
				t.Fatalf("runner-up after payment: %+v", l)
			}
			if a, h := e.balance(t, 3); a != 30000-6900-12050 || h != 0 {
				t.Errorf("runner-up balance %d/%d", a, h)
			}

			// Failed, and deleted at the registry (545).
			e = setup(t, d)
			f := e.processing(t, "soon.com", 5)[0]
			g := e.processing(t, "shared.com", 6)[0]
			e.reg.failFind = true
			if res, _ := e.svc.Tick(ctx); res.Errors != 1 || e.state(t, f.ID).State != backorder.Processing {
				t.Fatalf("registry down: %+v", res)
			}
			e.reg.failFind = false
			e.reg.set("soon.com", "FAILED", "")
			e.reg.WithdrawBackorder(ctx, g.Reference)
			e.tick(t)
			if s1, s2 := e.state(t, f.ID).State, e.state(t, g.ID).State; s1 != backorder.Failed || s2 != backorder.Cancelled {
				t.Fatalf("states %s %s", s1, s2)
			}
			for _, c := range []int64{5, 6} {
				if a, h := e.balance(t, c); a != 10000 || h != 0 {
					t.Errorf("client %d balance %d/%d", c, a, h)
				}
			}
			if err := e.bill.Check(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestEngineSweep checks that a hold left by a crash after a state change is
// released by the next tick.
func TestEngineSweep(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			b := e.processing(t, "soon.com", 7)[0]
			// The crash: the state moved, the release never ran.
			if _, err := e.db.Exec(ctx, `UPDATE backorders SET status = 'FAILED' WHERE id = ?`, b.ID); err != nil {
				t.Fatal(err)
			}
			if res := e.tick(t); res.Released != 1 {
				t.Fatalf("released = %d", res.Released)
			}
			if a, h := e.balance(t, 7); a != 10000 || h != 0 {
				t.Errorf("balance %d/%d", a, h)
			}
		})
	}
}

// TestEngineInvoiceOnce checks that an invoice a crash left unrecorded is
// found again, not created twice.
func TestEngineInvoiceOnce(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			e.topUp(t, 8, 100, "low") // 10100 in all: the 6900 fee is paid, once
			b := e.processing(t, "soon.com", 8)[0]
			e.reg.set("soon.com", "SUCCESSFUL", "")
			e.tick(t)
			first := e.state(t, b.ID).InvoiceID
			if _, err := e.db.Exec(ctx, `UPDATE backorders SET invoice_id = NULL WHERE id = ?`, b.ID); err != nil {
				t.Fatal(err)
			}
			e.tick(t)
			if got := e.state(t, b.ID); got.InvoiceID != first || got.State != backorder.Successful {
				t.Fatalf("after the crash: %+v (first invoice %d)", got, first)
			}
			if a, h := e.balance(t, 8); a != 10100-6900 || h != 0 {
				t.Errorf("balance %d/%d", a, h)
			}
		})
	}
}

// TestEngineAuctionNoBids checks that without bids the earliest backorder wins
// at the opening bid, and that the runner-up loses once the winner paid.
func TestEngineAuctionNoBids(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			e := setup(t, d)
			bs := e.processing(t, "shared.com", 5, 6)
			e.reg.set("shared.com", "SUCCESSFUL", "")
			e.tick(t)
			e.clock.Set(e.clock.Now().Add(72 * time.Hour))
			e.tick(t) // settled: the winner's invoice is paid from credit at once
			e.tick(t) // the winner's payment seen; the runner-up loses
			w, l := e.state(t, bs[0].ID), e.state(t, bs[1].ID)
			if w.State != backorder.AuctionWon || w.AuctionPrice != 0 || l.State != backorder.AuctionLost {
				t.Fatalf("winner %+v loser %+v", w, l)
			}
			if a, h := e.balance(t, 5); a != 10000-6900 || h != 0 {
				t.Errorf("winner balance %d/%d", a, h)
			}
			if a, h := e.balance(t, 6); a != 10000 || h != 0 {
				t.Errorf("loser balance %d/%d", a, h)
			}
		})
	}
}
