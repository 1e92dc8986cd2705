package backorder_test

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store/storetest"
)

var drop = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func TestEngineLife(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			rich, _ := e.svc.Create(ctx, 1, "EUR", "soon.com")
			poor, _ := e.svc.Create(ctx, 2, "EUR", "shared.com")
			e.topUp(t, 1, 10000, "t1")
			e.topUp(t, 2, 100, "t2")

			e.clock.Set(drop.Add(-80 * time.Hour))
			e.tick(t) // too early
			if e.state(t, rich.ID).State != backorder.Requested {
				t.Fatal("activated too early")
			}
			e.clock.Set(drop.Add(-72 * time.Hour))
			e.tick(t)
			if b := e.state(t, rich.ID); b.State != backorder.Active || b.ReservationID == 0 {
				t.Fatalf("rich = %+v", b)
			}
			if a, h := e.balance(t, 1); a != 3100 || h != 6900 {
				t.Fatalf("rich balance %d/%d", a, h)
			}
			e.tick(t)
			e.topUp(t, 2, 50, "t2b") // more, still short: a new mail
			e.tick(t)
			e.tick(t)
			if got := e.mailCount("2:backorder_low_balance:shared.com"); got != 2 {
				t.Fatalf("low-balance mails = %d (%v)", got, e.mails)
			}

			// PROCESSING 2 h before; the submit dies after the registrar took it.
			e.clock.Set(drop.Add(-2 * time.Hour))
			e.reg.failSubmit = true
			if res, err := e.svc.Tick(ctx); err != nil || res.Errors != 1 || res.Submitted != 0 {
				t.Fatalf("failing submit: %+v, %v", res, err)
			}
			if b := e.state(t, rich.ID); b.State != backorder.Processing || b.Reference != "" {
				t.Fatalf("after failed submit: %+v", b)
			}
			e.reg.failSubmit = false
			e.tick(t)
			if b := e.state(t, rich.ID); b.Reference != "101" || e.reg.submits != 1 {
				t.Fatalf("after recovery: %+v, %d submits", b, e.reg.submits)
			}
			e.tick(t)
			if e.reg.submits != 1 {
				t.Fatalf("submits = %d", e.reg.submits)
			}

			// Caught: invoiced, paid from credit, then SUCCESSFUL.
			e.reg.set("soon.com", "SUCCESSFUL", "")
			e.clock.Set(drop.Add(time.Hour))
			e.tick(t)
			b := e.state(t, rich.ID)
			if b.State != backorder.PendingPayment || b.InvoiceID == 0 {
				t.Fatalf("caught: %+v", b)
			}
			inv, _ := e.bill.Invoice(ctx, b.InvoiceID)
			if inv.Status != billing.InvoicePaid || inv.Total != 6900 {
				t.Fatalf("invoice = %+v", inv)
			}
			e.tick(t)
			if b := e.state(t, rich.ID); b.State != backorder.Successful {
				t.Fatalf("after payment: %+v", b)
			}
			if a, h := e.balance(t, 1); a != 3100 || h != 0 {
				t.Fatalf("rich balance %d/%d", a, h)
			}
			// The poor one missed its drop: failed 48 h after it.
			e.clock.Set(drop.Add(48*time.Hour + time.Minute))
			e.tick(t)
			if b := e.state(t, poor.ID); b.State != backorder.Failed {
				t.Fatalf("poor = %+v", b)
			}
			if err := e.bill.Check(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func (e *env) mailCount(m string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, x := range e.mails {
		if x == m {
			n++
		}
	}
	return n
}
