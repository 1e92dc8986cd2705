package pricing_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// tradeFees wraps a catalogue: .com has a trade fee of 12.00, .net no TRADE
// relation at all (its owner changes for free).
type tradeFees struct{ regbox.CatalogueReader }

func (c tradeFees) PriceList(ctx context.Context) (regbox.PriceList, error) {
	pl, err := c.CatalogueReader.PriceList(ctx)
	for i, t := range pl.TLDs {
		switch t.TLD {
		case "com":
			pl.TLDs[i].Trade = map[int]string{0: "12.00"}
		case "net":
			pl.TLDs[i].Trade = nil
		}
	}
	return pl, err
}

// orderDomains is a domains service priced by s on the sandbox behind reg, with
// a client holding 100.00 EUR of credit.
func orderDomains(t *testing.T, db *store.DB, s *pricing.Service, b *billing.Service, reg *ispapi.Registrar) (*domains.Service, int64) {
	t.Helper()
	ctx := context.Background()
	acc, err := accounts.New(db)
	if err != nil {
		t.Fatal(err)
	}
	mailer, err := mail.New(db, mail.Options{})
	if err != nil {
		t.Fatal(err)
	}
	handlers := jobs.NewRegistry()
	queue, err := jobs.New(ctx, db, handlers, jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := domains.New(domains.Options{DB: db, Registrar: reg, Rules: domains.StaticRules{"com": {}, "net": {}}, Prices: s,
		Billing: b, Clients: acc, Queue: queue, Mailer: mailer, Settings: domains.Settings{DesignatedAgent: true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Register(handlers); err != nil {
		t.Fatal(err)
	}
	client := newClient(t, db, "jane@example.net", "EUR", "")
	if _, err := b.TopUp(ctx, strconv.FormatInt(client, 10), "EUR", 10000, "topup", "test credit"); err != nil {
		t.Fatal(err)
	}
	return svc, client
}

// register orders a registration and provisions it as the job would.
func register(t *testing.T, svc *domains.Service, client int64, name string) domains.Domain {
	t.Helper()
	ctx := context.Background()
	o, err := svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: client, Kind: domains.OpRegister, Domain: name, Years: 1, IdempotencyKey: name})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Provision(ctx, o.ID, false); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Domain(ctx, client, name)
	if err != nil || d.Status != domains.StatusActive {
		t.Fatalf("%s: %+v %v", name, d, err)
	}
	return d
}

// TestTradeCharged: an owner change costs the catalogue's trade price (the
// registrar's TRADE fee through the markup rules), held and captured from the
// client's credit; a TLD without a trade fee changes owners for nothing. A new
// domain shows the catalogue's renewal price from its provisioning on.
func TestTradeCharged(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := billing.New(db)
		if _, err := b.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
			t.Fatal(err)
		}
		reg := ispapi.New(registrartest.NewSandbox(t, sandbox.Options{}).Client, ispapi.Options{})
		s := pricing.New(db, tradeFees{reg}, b)
		if _, err := s.PutMarkup(ctx, pricing.Markup{Percent: "20", Rounding: ".99"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Sync(ctx, pricing.SyncOptions{Apply: true}); err != nil {
			t.Fatal(err)
		}
		if v := listed(t, s, "EUR", "", "com", pricing.KindTrade, 0); v != 1499 { // 12.00 × 1.2 = 14.40 → 14.99
			t.Fatalf(".com trade price %d, want 1499", v)
		}
		if ps, _ := s.Prices(ctx, "EUR", ""); hasKind(ps, "net", pricing.KindTrade) {
			t.Fatal(".net has a trade price without a TRADE relation")
		}
		svc, client := orderDomains(t, db, s, b, reg)
		key := strconv.FormatInt(client, 10)
		com := register(t, svc, client, "trade-me.com")
		net := register(t, svc, client, "trade-me.net")
		if want := listed(t, s, "EUR", "", "com", pricing.KindRenew, 1); com.RenewalPrice != want || want == 0 {
			t.Errorf("new .com domain's renewal price %d, want %d", com.RenewalPrice, want)
		}
		before, err := b.Balance(ctx, key, "EUR")
		if err != nil {
			t.Fatal(err)
		}
		owner := registrartest.Sample
		owner.LastName = "Roe"
		res, err := svc.UpdateContacts(ctx, client, com.Name, regbox.DomainContacts{regbox.RoleOwner: owner}, "owner-1")
		if err != nil || !res.Trade || res.Charged != 1499 || res.Currency != "EUR" {
			t.Fatalf(".com owner change %+v %v", res, err)
		}
		after, _ := b.Balance(ctx, key, "EUR")
		if after.Available != before.Available-1499 || after.Held != 0 {
			t.Fatalf("balance after the .com trade %+v (before %+v)", after, before)
		}
		res, err = svc.UpdateContacts(ctx, client, net.Name, regbox.DomainContacts{regbox.RoleOwner: owner}, "owner-2")
		if err != nil || res.Charged != 0 {
			t.Fatalf(".net owner change %+v %v", res, err)
		}
		if again, _ := b.Balance(ctx, key, "EUR"); again != after {
			t.Fatalf("balance after the free .net trade %+v, was %+v", again, after)
		}
	})
}

func hasKind(ps []pricing.Price, tld, kind string) bool {
	for _, p := range ps {
		if p.TLD == tld && p.Kind == kind {
			return true
		}
	}
	return false
}
