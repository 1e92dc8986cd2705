package domains_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/store"
)

// TestProvisionedRenewalPrice: a newly provisioned domain shows its one-year
// renewal price in the order's currency at once; a price that cannot be found
// leaves 0 and does not fail the order.
func TestProvisionedRenewalPrice(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		var asked []string
		f := setup(t, db, clock, nil, domains.Settings{}, func(o *domains.Options, _ *registrartest.Env) {
			o.Prices = domains.PriceFunc(func(ctx context.Context, client int64, cur string, op domains.Operation, tld string, years int) (int64, error) {
				if op == domains.OpRenew {
					asked = append(asked, cur+" "+tld)
					if tld == "net" {
						return 0, regbox.Errorf(regbox.ENOTFOUND, ".net has no renew price.")
					}
					return 1234 * int64(years), nil
				}
				return prices(ctx, client, cur, op, tld, years)
			})
		})
		o := f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "renew-price.com", Years: 2})
		d, err := f.svc.Domain(ctx, f.me, "renew-price.com")
		if err != nil || o.State != domains.OrderActive || d.RenewalPrice != 1234 {
			t.Fatalf("order %s, renewal price %d %v, want 1234", o.State, d.RenewalPrice, err)
		}
		o = f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "renew-price.net", Years: 1})
		d, err = f.svc.Domain(ctx, f.me, "renew-price.net")
		if err != nil || o.State != domains.OrderActive || d.Status != domains.StatusActive || d.RenewalPrice != 0 {
			t.Fatalf("without a renewal price: order %s, domain %s, renewal price %d %v", o.State, d.Status, d.RenewalPrice, err)
		}
		if len(asked) != 2 || asked[0] != "EUR com" || asked[1] != "EUR net" {
			t.Errorf("renewal prices asked %v", asked)
		}
	})
}
