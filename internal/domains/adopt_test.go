package domains_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/store"
)

func TestAdoptDomain(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		f := setup(t, db, clock, nil, domains.Settings{})
		ctx := context.Background()
		d, err := f.svc.AdoptDomain(ctx, domains.Adoption{ClientID: f.me, Name: "Bücher.com", Currency: "eur", RenewalPrice: 700})
		if err != nil {
			t.Fatal(err)
		}
		// The catalogue's renewal price (10.00) wins over the fallback.
		if d.Name != "xn--bcher-kva.com" || d.Unicode != "bücher.com" || d.TLD != "com" || d.Status != domains.StatusActive ||
			d.RenewalPrice != 1000 || d.Currency != "EUR" || d.ClientID != f.me {
			t.Fatalf("adopted %+v", d)
		}
		again, err := f.svc.AdoptDomain(ctx, domains.Adoption{ClientID: f.me, Name: "xn--bcher-kva.com", Currency: "EUR"})
		if err != nil || again.ID != d.ID {
			t.Fatalf("second adoption: %+v %v, want the same row", again, err)
		}
		if _, err := f.svc.AdoptDomain(ctx, domains.Adoption{ClientID: f.other, Name: "bücher.com", Currency: "EUR"}); regbox.ErrorCode(err) != regbox.ECONFLICT {
			t.Fatalf("another client's adoption: %v, want ECONFLICT", err)
		}
		if _, err := f.svc.AdoptDomain(ctx, domains.Adoption{ClientID: f.me, Name: "no dots", Currency: "EUR"}); regbox.ErrorCode(err) != regbox.EINVALID {
			t.Fatalf("bad name: %v, want EINVALID", err)
		}
		if n := f.count(t, `SELECT count(*) FROM domains WHERE name = 'xn--bcher-kva.com'`); n != 1 {
			t.Fatalf("%d rows", n)
		}
		got, err := f.svc.Domain(ctx, f.me, "bücher.com")
		if err != nil || got.ID != d.ID {
			t.Fatalf("Domain: %+v %v", got, err)
		}
	})
}

func TestAdoptDomainFallbackPrice(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		none := domains.PriceFunc(func(context.Context, int64, string, domains.Operation, string, int) (int64, error) {
			return 0, regbox.Errorf(regbox.ENOTFOUND, "no price")
		})
		f := setup(t, db, clock, nil, domains.Settings{}, func(o *domains.Options, _ *registrartest.Env) { o.Prices = none })
		d, err := f.svc.AdoptDomain(context.Background(), domains.Adoption{ClientID: f.me, Name: "caught.net", Currency: "EUR", RenewalPrice: 700})
		if err != nil || d.RenewalPrice != 700 {
			t.Fatalf("%+v %v, want the fallback price 700", d, err)
		}
	})
}
