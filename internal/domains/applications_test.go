package domains_test

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/store"
)

// TestApplicationOrder: a .swiss registration is an application: the order
// waits in provisioning with its amount held until the registry decides.
func TestApplicationOrder(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, domains.StaticRules{"swiss": {RegisterYears: []int{1}}}, domains.Settings{})
		o := f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "alpen.swiss", Years: 1})
		if o.State != domains.OrderProvisioning {
			t.Fatalf("application order = %+v", o)
		}
		if err := f.svc.Provision(ctx, o.ID, false); err != nil { // a rerun sends nothing again
			t.Fatal(err)
		}
		if d, err := f.svc.Domain(ctx, f.me, "alpen.swiss"); err != nil || d.Status != domains.StatusPending {
			t.Fatalf("domain = %+v, %v", d, err)
		}
		if n, err := f.svc.SettleApplications(ctx); err != nil || n != 0 {
			t.Fatalf("SettleApplications while pending = %d, %v", n, err)
		}
		if b := f.balance(t, f.me); b.Held != 1000 {
			t.Fatalf("balance while pending = %+v", b)
		}
		clock.Advance(4 * 24 * time.Hour)
		if n, err := f.svc.SettleApplications(ctx); err != nil || n != 1 {
			t.Fatalf("SettleApplications after the decision = %d, %v", n, err)
		}
		o, _ = f.svc.Order(ctx, f.me, o.ID)
		d, _ := f.svc.Domain(ctx, f.me, "alpen.swiss")
		if o.State != domains.OrderActive || d.Status != domains.StatusActive || d.Expires.IsZero() {
			t.Fatalf("after the decision: order %+v, domain %+v", o, d)
		}
		if b := f.balance(t, f.me); b.Available != 9000 || b.Held != 0 {
			t.Fatalf("balance = %+v", b)
		}
	})
}
