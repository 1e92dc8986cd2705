package domains_test

import (
	"context"
	"sync"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/store"
)

// quoter is a Prices and Quoter that records what it was asked: premium
// orders cost 43.21, others the fixture's prices.
type quoter struct {
	mu   sync.Mutex
	last map[domains.Operation]domains.Quote
}

func (q *quoter) Price(ctx context.Context, client int64, cur string, op domains.Operation, tld string, years int) (int64, error) {
	return prices(ctx, client, cur, op, tld, years)
}

func (q *quoter) Quote(ctx context.Context, x domains.Quote) (int64, error) {
	q.mu.Lock()
	if q.last == nil {
		q.last = map[domains.Operation]domains.Quote{}
	}
	q.last[x.Op] = x
	q.mu.Unlock()
	if x.Premium.PremiumClass != "" {
		return 4321, nil
	}
	return prices(ctx, x.ClientID, x.Currency, x.Op, x.TLD, x.Years)
}

// asked returns the last quote asked for op.
func (q *quoter) asked(op domains.Operation) domains.Quote {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.last[op]
}

// premiumTransfers is the registrar with premium-transfer.com a premium name.
type premiumTransfers struct{ *ispapi.Registrar }

func (p premiumTransfers) CheckTransfer(ctx context.Context, name, auth string) (regbox.TransferCheck, error) {
	c, err := p.Registrar.CheckTransfer(ctx, name, auth)
	if name == "premium-transfer.com" {
		c.PremiumClass = "PREMIUM_COM_B"
	}
	return c, err
}

// TestPremiumQuotes: the order's price comes from the Quoter with the premium
// class (registration: the check's quote; renewal: the domain's class; transfer:
// the class the registrar reports, which the client must confirm).
func TestPremiumQuotes(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		q := &quoter{}
		f := setup(t, db, clock, nil, domains.Settings{}, func(o *domains.Options, env *registrartest.Env) {
			o.Registrar = premiumTransfers{ispapi.New(env.Client, ispapi.Options{Clock: env.Clock, PremiumChannels: true})}
			o.Prices = q
		})
		f.env.ForeignDomain(t, "premium-transfer.com", "Code-7")
		chk, err := ispapi.New(f.env.Client, ispapi.Options{PremiumChannels: true}).CheckDomains(ctx, []string{"xyz.com"})
		if err != nil || chk[0].Status != regbox.Premium {
			t.Fatalf("check = %+v, %v", chk, err)
		}
		o := f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "xyz.com", Years: 1,
			PremiumClass: chk[0].PremiumClass, PremiumPrice: chk[0].Price, PremiumCurrency: chk[0].Currency})
		if a := q.asked(domains.OpRegister); o.Amount != 4321 || a.Premium.PremiumClass != chk[0].PremiumClass || a.Premium.Price != chk[0].Price || a.Domain != "xyz.com" {
			t.Fatalf("premium registration %+v, quoted %+v", o, a)
		}
		d, _ := f.svc.Domain(ctx, f.me, "xyz.com")
		// Provisioning stored the premium renewal price, asked by the class.
		if a := q.asked(domains.OpRenew); d.RenewalPrice != 4321 || a.Premium.PremiumClass != chk[0].PremiumClass || a.Years != 1 || a.DomainID != d.ID {
			t.Fatalf("premium domain's renewal price %d, quoted %+v", d.RenewalPrice, a)
		}
		o = f.order(t, domains.OrderRequest{Kind: domains.OpRenew, Domain: "xyz.com", Years: 2})
		if a := q.asked(domains.OpRenew); o.Amount != 4321 || a.Premium.PremiumClass != chk[0].PremiumClass || a.DomainID != d.ID || a.Years != 2 {
			t.Fatalf("premium renewal %+v, quoted %+v", o, a)
		}

		if _, err := f.bill.TopUp(ctx, clientID(f.me), "EUR", 10000, "topup:premium", "test credit"); err != nil {
			t.Fatal(err)
		}
		req := domains.OrderRequest{ClientID: f.me, Kind: domains.OpTransfer, Domain: "premium-transfer.com", AuthCode: "Code-7", IdempotencyKey: "pt"}
		_, err = f.svc.PlaceOrder(ctx, req)
		wantCode(t, "a premium transfer without its class", err, regbox.EINVALID, "premium_class")
		req.PremiumClass = "PREMIUM_COM_A"
		_, err = f.svc.PlaceOrder(ctx, req)
		wantCode(t, "a premium transfer with another class", err, regbox.EINVALID, "premium_class")
		req.PremiumClass = "PREMIUM_COM_B"
		o, err = f.svc.PlaceOrder(ctx, req)
		if a := q.asked(domains.OpTransfer); err != nil || o.Amount != 4321 || a.Premium.PremiumClass != "PREMIUM_COM_B" || a.Op != domains.OpTransfer {
			t.Fatalf("premium transfer %+v %v, quoted %+v", o, err, a)
		}
		var class string
		if err := db.QueryRow(ctx, `SELECT premium_class FROM domains WHERE name = ?`, "premium-transfer.com").Scan(&class); err != nil || class != "PREMIUM_COM_B" {
			t.Errorf("transferred domain's class %q %v", class, err)
		}
		_, err = f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpTransfer, Domain: "xyz.com",
			PremiumClass: "PREMIUM_COM_B", IdempotencyKey: "not-premium"})
		if err == nil {
			t.Errorf("a transfer claiming a premium class accepted")
		}
	})
}
