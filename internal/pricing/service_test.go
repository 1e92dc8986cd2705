package pricing_test

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// changing wraps the sandbox's catalogue and changes it: one TLD dearer, one gone.
type changing struct {
	regbox.CatalogueReader
	dearer, drop string
}

func (c changing) PriceList(ctx context.Context) (regbox.PriceList, error) {
	pl, err := c.CatalogueReader.PriceList(ctx)
	out := pl.TLDs[:0]
	for _, t := range pl.TLDs {
		if t.TLD == c.drop {
			continue
		}
		if t.TLD == c.dearer {
			t.Annual = map[int]string{0: "99.00"}
		}
		out = append(out, t)
	}
	pl.TLDs = out
	return pl, err
}

func setup(t testing.TB, db *store.DB) (*pricing.Service, *billing.Service, regbox.CatalogueReader) {
	t.Helper()
	b := billing.New(db)
	for _, c := range []billing.Currency{{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true},
		{Code: "USD", Rate: "1.10", MinorUnits: 2}} {
		if _, err := b.PutCurrency(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	env := registrartest.NewSandbox(t, sandbox.Options{})
	reg := ispapi.New(env.Client, ispapi.Options{})
	return pricing.New(db, reg, b), b, reg
}

func TestSyncPlanThenApply(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, b, reg := setup(t, db)
		if _, err := s.LastSync(ctx); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("LastSync before any: %v", err)
		}
		if _, err := s.PutMarkup(ctx, pricing.Markup{Percent: "20", Rounding: ".99"}); err != nil {
			t.Fatal(err)
		}
		dry, err := s.Sync(ctx, pricing.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(dry.Added) < 500 || len(dry.PriceChanges) == 0 {
			t.Fatalf("dry run: %d added, %d prices", len(dry.Added), len(dry.PriceChanges))
		}
		if tlds, _ := s.EnabledTLDs(ctx); len(tlds) != 0 {
			t.Fatalf("a dry run wrote %d TLDs", len(tlds))
		}
		if last, err := s.LastSync(ctx); err != nil || last.Applied || last.Status != "ok" {
			t.Errorf("last sync after the dry run %+v %v", last, err)
		}
		if _, err := s.Sync(ctx, pricing.SyncOptions{Apply: true}); err != nil {
			t.Fatal(err)
		}
		tlds, err := s.EnabledTLDs(ctx)
		if err != nil || len(tlds) != len(dry.Added) {
			t.Fatalf("%d TLDs after apply, want %d (%v)", len(tlds), len(dry.Added), err)
		}
		prices, err := s.Prices(ctx, "eur", "")
		if err != nil {
			t.Fatal(err)
		}
		com := map[string]int64{}
		for _, p := range prices {
			if p.TLD == "com" {
				com[p.Kind+string(rune('0'+p.Years))] = p.Amount
			}
		}
		// 8.99 × 1.2 = 10.788 → 10.99; two years 17.98 × 1.2 = 21.576 → 21.99 (not 2 × 10.99).
		if com["register1"] != 1099 || com["register2"] != 2199 || com["renew1"] != 1099 {
			t.Errorf("com prices %v", com)
		}
		again, err := s.Sync(ctx, pricing.SyncOptions{})
		if err != nil || len(again.Added)+len(again.Changed)+len(again.Removed)+len(again.PriceChanges) != 0 {
			t.Fatalf("second plan not empty: %s %v", again.Summary(), err)
		}

		// The registrar changes: .net dearer (its renewal too), .org gone.
		if err := s.SetEnabled(ctx, "info", false); err != nil {
			t.Fatal(err)
		}
		s2 := pricing.New(db, changing{reg, "net", "org"}, b)
		_, err = s2.Sync(ctx, pricing.SyncOptions{Apply: true})
		if regbox.ErrorCode(err) != regbox.EINVALID || regbox.ErrorField(err) != "renewals" {
			t.Fatalf("renewal change without a choice: %v", err)
		}
		p, err := s2.Sync(ctx, pricing.SyncOptions{Apply: true, Renewals: pricing.RenewalsKeep})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Changed) != 1 || p.Changed[0].TLD != "net" || len(p.Removed) != 1 || p.Removed[0] != "org" {
			t.Errorf("plan %s", p.Summary())
		}
		tlds, _ = s.EnabledTLDs(ctx)
		for _, tld := range tlds {
			if tld == "org" || tld == "info" {
				t.Errorf("%s still enabled", tld)
			}
		}
		if last, _ := s.LastSync(ctx); !last.Applied || last.Renewals != "keep" || !strings.Contains(last.Summary, `"removed":1`) {
			t.Errorf("last sync %+v", last)
		}
		if err := s.SetEnabled(ctx, "org", true); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("enable a removed TLD: %v", err)
		}
	})
}

func TestMarkupsAndJob(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _, _ := setup(t, db)
		for _, bad := range []pricing.Markup{{Percent: "x"}, {Percent: "-1"}, {Fixed: -5}, {Rounding: ".42"}} {
			if _, err := s.PutMarkup(ctx, bad); regbox.ErrorCode(err) != regbox.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if _, err := s.PutMarkup(ctx, pricing.Markup{TLD: ".COM", Group: "vip", Percent: "5", Fixed: 100}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutMarkup(ctx, pricing.Markup{TLD: "com", Group: "vip", Percent: "7"}); err != nil {
			t.Fatal(err)
		}
		ms, err := s.Markups(ctx)
		if err != nil || len(ms) != 1 || ms[0].TLD != "com" || ms[0].Percent != "7" || ms[0].Fixed != 0 {
			t.Errorf("markups %+v %v", ms, err)
		}
		if err := s.DeleteMarkup(ctx, "com", "vip"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteMarkup(ctx, "com", "vip"); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("second delete: %v", err)
		}
		tiers := []lookup.MarkupTier{{UpTo: 50000, Percent: "25"}, {Percent: "10"}}
		if err := s.SetPremiumMarkup(ctx, tiers); err != nil {
			t.Fatal(err)
		}
		if got, err := s.PremiumMarkup(ctx); err != nil || len(got) != 2 || got[0] != tiers[0] {
			t.Errorf("premium markup %+v %v", got, err)
		}
		if err := s.SetPremiumMarkup(ctx, []lookup.MarkupTier{{Percent: "x"}}); regbox.ErrorCode(err) != regbox.EINVALID {
			t.Errorf("bad tier: %v", err)
		}
		if err := s.SetPremiumMarkup(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := s.PremiumMarkup(ctx); err != nil || len(got) != 0 {
			t.Errorf("cleared premium markup %+v %v", got, err)
		}
		reg := jobs.NewRegistry()
		if err := s.Register(reg, pricing.RenewalsKeep); err != nil || !reg.Has(jobs.PriceSync) {
			t.Fatalf("register: %v", err)
		}
		if err := s.Job(pricing.RenewalsKeep)(ctx, jobs.Run{}); err != nil {
			t.Fatal(err)
		}
		if last, err := s.LastSync(ctx); err != nil || !last.Applied || last.Status != "ok" {
			t.Errorf("last sync after the job: %+v %v", last, err)
		}
		if tlds, _ := s.EnabledTLDs(ctx); len(tlds) < 500 {
			t.Errorf("%d TLDs after the job", len(tlds))
		}
	})
}
