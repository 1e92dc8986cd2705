package pricing_test

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// repriced wraps a catalogue and sets one TLD's annual cost.
type repriced struct {
	regbox.CatalogueReader
	tld, annual string
}

func (c repriced) PriceList(ctx context.Context) (regbox.PriceList, error) {
	pl, err := c.CatalogueReader.PriceList(ctx)
	for i, t := range pl.TLDs {
		if t.TLD == c.tld {
			t.Annual = map[int]string{0: c.annual}
			pl.TLDs[i] = t
		}
	}
	return pl, err
}

// addDomain stores a held domain as the domains service would.
func addDomain(t *testing.T, db *store.DB, client int64, name, tld, class string) int64 {
	t.Helper()
	var id int64
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		now := tx.Dialect().Time(tx.Now())
		return tx.QueryRow(context.Background(), `INSERT INTO domains (client_id, name, unicode, tld, status, registrar, currency,
			premium_class, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', 'ispapi', 'EUR', ?, ?, ?) RETURNING id`,
			client, name, name, tld, class, now, now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func renewalPrice(t *testing.T, db *store.DB, id int64) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRow(context.Background(), `SELECT renewal_price FROM domains WHERE id = ?`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRenewalChoice: when a sync changes renewal prices, "keep" leaves existing
// domains renewing at their old prices (every term) and new orders at the new
// ones; "update" moves existing domains to the new prices (known issue #302).
func TestRenewalChoice(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, b, reg := setup(t, db)
		if _, err := s.Sync(ctx, pricing.SyncOptions{Apply: true}); err != nil {
			t.Fatal(err)
		}
		client := newClient(t, db, "jane@example.net", "EUR", "")
		held := addDomain(t, db, client, "held.net", "net", "")
		premium := addDomain(t, db, client, "casino.net", "net", "PREMIUM_NET_A")
		other := addDomain(t, db, client, "held.com", "com", "")
		old1 := listed(t, s, "EUR", "", "net", pricing.KindRenew, 1)
		old3 := listed(t, s, "EUR", "", "net", pricing.KindRenew, 3)
		renew := func(id int64, years int) int64 {
			t.Helper()
			v, err := s.Quote(ctx, domains.Quote{ClientID: client, Currency: "EUR", Op: domains.OpRenew, TLD: "net", Years: years, DomainID: id})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}

		dearer := pricing.New(db, repriced{reg, "net", "99.00"}, b)
		if _, err := dearer.Sync(ctx, pricing.SyncOptions{Apply: true, Renewals: pricing.RenewalsKeep}); err != nil {
			t.Fatal(err)
		}
		new1 := listed(t, s, "EUR", "", "net", pricing.KindRenew, 1)
		if new1 == old1 {
			t.Fatalf("the renewal price did not change (%d)", new1)
		}
		if renew(held, 1) != old1 || renew(held, 3) != old3 || renewalPrice(t, db, held) != old1 {
			t.Errorf("kept: renews at %d/%d (shown %d), want the old %d/%d", renew(held, 1), renew(held, 3), renewalPrice(t, db, held), old1, old3)
		}
		if renew(0, 1) != new1 {
			t.Errorf("a new domain renews at %d, want the new %d", renew(0, 1), new1)
		}
		if renewalPrice(t, db, premium) != 0 || renewalPrice(t, db, other) != 0 {
			t.Errorf("a premium or unchanged domain was touched: %d %d", renewalPrice(t, db, premium), renewalPrice(t, db, other))
		}
		// A second change kept: the domain still keeps the first prices.
		if _, err := pricing.New(db, repriced{reg, "net", "120.00"}, b).Sync(ctx, pricing.SyncOptions{Apply: true, Renewals: pricing.RenewalsKeep}); err != nil {
			t.Fatal(err)
		}
		if renew(held, 1) != old1 {
			t.Errorf("kept twice: %d, want %d", renew(held, 1), old1)
		}

		if _, err := dearer.Sync(ctx, pricing.SyncOptions{Apply: true, Renewals: pricing.RenewalsUpdate}); err != nil {
			t.Fatal(err)
		}
		if renew(held, 1) != new1 || renewalPrice(t, db, held) != new1 {
			t.Errorf("updated: renews at %d (shown %d), want the new %d", renew(held, 1), renewalPrice(t, db, held), new1)
		}
	})
}

// costIn wraps a catalogue and bills one TLD in another currency.
type costIn struct {
	regbox.CatalogueReader
	tld, currency string
}

func (c costIn) PriceList(ctx context.Context) (regbox.PriceList, error) {
	pl, err := c.CatalogueReader.PriceList(ctx)
	for i, t := range pl.TLDs {
		if t.TLD == c.tld {
			t.Currency = c.currency
			pl.TLDs[i] = t
		}
	}
	return pl, err
}

// TestCostCurrencyWithoutRate: a TLD billed in a currency without an exchange
// rate is reported and left out; the rest of the catalogue is synced and sold.
func TestCostCurrencyWithoutRate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, b, reg := setup(t, db)
		s := pricing.New(db, costIn{reg, "net", "XAU"}, b)
		p, err := s.Sync(ctx, pricing.SyncOptions{Apply: true})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, pr := range p.Problems {
			found = found || pr.TLD == "net" && strings.Contains(pr.Reason, "XAU")
		}
		if !found {
			t.Errorf("no problem reported for .net billed in XAU: %+v", p.Problems)
		}
		client := newClient(t, db, "jane@example.net", "EUR", "")
		if _, err := s.Price(ctx, client, "EUR", domains.OpRegister, "net", 1); regbox.ErrorCode(err) == "" {
			t.Errorf(".net sold without a price")
		}
		if v, err := s.Price(ctx, client, "EUR", domains.OpRegister, "com", 1); err != nil || v <= 0 {
			t.Errorf(".com %d %v", v, err)
		}
	})
}
