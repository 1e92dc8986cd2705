package domains_test

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// fixture is a domains service on a store, a sandbox registrar, billing in EUR
// with two clients (credit 100.00 EUR for the first), a River queue (not
// started: tests run Provision themselves) and a mailer without SMTP.
type fixture struct {
	svc       *domains.Service
	env       *registrartest.Env
	db        *store.DB
	bill      *billing.Service
	queue     *jobs.River
	me, other int64
}

// prices: register 10.00 per year, transfer 9.00, renew 10.00 per year,
// restore 50.00, trade 5.00.
var prices = domains.PriceFunc(func(_ context.Context, _ int64, _ string, op domains.Operation, _ string, years int) (int64, error) {
	switch op {
	case domains.OpRegister, domains.OpRenew:
		return 1000 * int64(years), nil
	case domains.OpTransfer:
		return 900, nil
	case domains.OpRestore:
		return 5000, nil
	}
	return 500, nil
})

// run runs a test on each database (in parallel), each with its own clock at
// the sandbox's epoch, shared by the database and the sandbox.
func run(t *testing.T, fn func(t *testing.T, db *store.DB, clock *regbox.ManualClock)) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			clock := regbox.NewManualClock(registrartest.Epoch)
			fn(t, storetest.OpenDialect(t, d, store.WithClock(clock)), clock)
		})
	}
}

func setup(t *testing.T, db *store.DB, clock *regbox.ManualClock, rules domains.Rules, settings domains.Settings,
	opts ...func(*domains.Options, *registrartest.Env)) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{env: registrartest.NewSandbox(t, sandbox.Options{Clock: clock}), db: db, bill: billing.New(db)}
	if _, err := f.bill.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		t.Fatal(err)
	}
	acc, err := accounts.New(db)
	if err != nil {
		t.Fatal(err)
	}
	for i, email := range []string{"jane@example.net", "max@example.org"} {
		c, err := acc.CreateClient(ctx, accounts.Client{Contact: accounts.Contact{FirstName: "Jane", LastName: "Doe",
			Street: []string{"Main Street 1"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678",
			Email: email}, Language: "en", Currency: "EUR"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.me = c.ID
		} else {
			f.other = c.ID
		}
	}
	if _, err := f.bill.TopUp(ctx, "1", "EUR", 10000, "topup:1", "test credit"); err != nil {
		t.Fatal(err)
	}
	mailer, err := mail.New(db, mail.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg := jobs.NewRegistry()
	f.queue, err = jobs.New(ctx, db, reg, jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rules == nil {
		rules = domains.StaticRules{"com": {}, "net": {}, "uk": {AuthOptional: true}}
	}
	o := domains.Options{DB: db, Registrar: ispapi.New(f.env.Client, ispapi.Options{Clock: f.env.Clock}),
		Rules: rules, Prices: prices, Billing: f.bill, Clients: acc, Queue: f.queue, Mailer: mailer, Settings: settings}
	for _, opt := range opts {
		opt(&o, f.env)
	}
	f.svc, err = domains.New(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Register(reg); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) balance(t *testing.T, client int64) billing.Balance {
	t.Helper()
	b, err := f.bill.Balance(context.Background(), clientID(client), "EUR")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func clientID(id int64) string { return string(rune('0' + id)) }

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// order places an order and runs its provisioning as the job would.
func (f *fixture) order(t *testing.T, req domains.OrderRequest) domains.Order {
	t.Helper()
	ctx := context.Background()
	if req.ClientID == 0 {
		req.ClientID = f.me
	}
	if req.IdempotencyKey == "" {
		req.IdempotencyKey = string(req.Kind) + ":" + req.Domain
	}
	o, err := f.svc.PlaceOrder(ctx, req)
	if err != nil {
		t.Fatalf("PlaceOrder(%+v): %v", req, err)
	}
	if o.State != domains.OrderPaid {
		t.Fatalf("order state %s, want paid", o.State)
	}
	if err := f.svc.Provision(ctx, o.ID, false); err != nil {
		t.Fatalf("Provision(%d): %v", o.ID, err)
	}
	o, err = f.svc.Order(ctx, req.ClientID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func wantCode(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if regbox.ErrorCode(err) != code || (field != "" && regbox.ErrorField(err) != field) {
		t.Fatalf("%s: error %v (code %q, field %q), want %q %q", what, err, regbox.ErrorCode(err), regbox.ErrorField(err), code, field)
	}
}

func TestRegisterOrder(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{AutoLock: true, Nameservers: []string{"ns1.example.net", "ns2.example.net"}})
		req := domains.OrderRequest{ClientID: f.me, Kind: domains.OpRegister, Domain: "Bücher-Test.com", Years: 2, IdempotencyKey: "k1"}
		o, err := f.svc.PlaceOrder(ctx, req)
		if err != nil || o.State != domains.OrderPaid || o.Amount != 2000 || o.Domain != "xn--bcher-test-9db.com" {
			t.Fatalf("PlaceOrder = %+v, %v", o, err)
		}
		if b := f.balance(t, f.me); b.Available != 8000 || b.Held != 2000 {
			t.Fatalf("balance after ordering = %+v", b)
		}
		js, err := f.queue.List(ctx, jobs.Filter{Kind: domains.JobKind})
		if err != nil || len(js) != 1 {
			t.Fatalf("jobs = %+v, %v; want one provisioning job", js, err)
		}
		again, err := f.svc.PlaceOrder(ctx, req)
		if err != nil || again.ID != o.ID {
			t.Fatalf("PlaceOrder with the same key = %+v, %v; want order %d", again, err, o.ID)
		}
		for range 2 { // a second run (a retried job) charges nothing more
			if err := f.svc.Provision(ctx, o.ID, false); err != nil {
				t.Fatal(err)
			}
		}
		o, _ = f.svc.Order(ctx, f.me, o.ID)
		if o.State != domains.OrderActive {
			t.Fatalf("order = %+v", o)
		}
		if b := f.balance(t, f.me); b.Available != 8000 || b.Held != 0 {
			t.Fatalf("balance after provisioning = %+v", b)
		}
		d, err := f.svc.Domain(ctx, f.me, "bücher-test.com")
		if err != nil || d.Status != domains.StatusActive || !d.Locked || !d.Expires.Equal(registrartest.Epoch.AddDate(2, 0, 0)) {
			t.Fatalf("domain = %+v, %v", d, err)
		}
		in, err := f.svc.Info(ctx, f.me, d.Name)
		if err != nil || !in.Registry.Locked || len(in.Registry.Nameservers) != 2 || in.Registry.RenewalMode != regbox.RenewalAutoExpire {
			t.Fatalf("Info = %+v, %v", in, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM mail_outbox WHERE kind = ? AND to_addr LIKE ?`, domains.MailOrderActive, "%jane@example.net%"); n != 1 {
			t.Fatalf("%d order mails, want 1", n)
		}
		_, err = f.svc.Info(ctx, f.other, d.Name)
		wantCode(t, "Info of another client's domain", err, regbox.ENOTFOUND, "")
	})
}

func TestBadInputChangesNothing(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		rules := domains.StaticRules{"com": {}, "uk": {AuthOptional: true}, "net": {Required: []string{"X-NET-ACCEPT"}}}
		f := setup(t, db, clock, rules, domains.Settings{})
		f.env.ForeignDomain(t, "elsewhere.com", "Right-Code-1")
		f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "mine.com", Years: 1})
		before := f.balance(t, f.me)
		for _, c := range []struct {
			name, code, field string
			req               domains.OrderRequest
		}{
			{"unknown TLD", regbox.EUNAVAILABLE, "", domains.OrderRequest{Kind: domains.OpRegister, Domain: "a.zzz", Years: 1}},
			{"invalid name", regbox.EINVALID, "domain", domains.OrderRequest{Kind: domains.OpRegister, Domain: "-a-.com", Years: 1}},
			{"bad period", regbox.EINVALID, "years", domains.OrderRequest{Kind: domains.OpRegister, Domain: "nothing-here-1.com", Years: 11}},
			{"missing field", regbox.EINVALID, "X-NET-ACCEPT", domains.OrderRequest{Kind: domains.OpRegister, Domain: "a.net", Years: 1}},
			{"malformed field", regbox.EINVALID, "fields", domains.OrderRequest{Kind: domains.OpRegister, Domain: "nothing-here-1.com", Years: 1,
				Fields: map[string]string{"NOT-X": "1"}}},
			{"no auth code", regbox.EINVALID, "auth_code", domains.OrderRequest{Kind: domains.OpTransfer, Domain: "elsewhere.com"}},
			{"wrong auth code", regbox.EINVALID, "auth_code", domains.OrderRequest{Kind: domains.OpTransfer, Domain: "elsewhere.com",
				AuthCode: "wrong"}},
			{"taken", regbox.ECONFLICT, "", domains.OrderRequest{Kind: domains.OpRegister, Domain: "mine.com", Years: 1}},
			{"another client's domain", regbox.ENOTFOUND, "", domains.OrderRequest{ClientID: f.other, Kind: domains.OpRenew,
				Domain: "mine.com", Years: 1}},
			{"insufficient credit", regbox.ECONFLICT, "", domains.OrderRequest{Kind: domains.OpRegister, Domain: "bigger-order-test.com", Years: 10}},
			{"no key", regbox.EINVALID, "idempotency_key", domains.OrderRequest{Kind: domains.OpRegister, Domain: "nothing-here-1.com", Years: 1,
				IdempotencyKey: " "}},
		} {
			req := c.req
			if req.ClientID == 0 {
				req.ClientID = f.me
			}
			if req.IdempotencyKey == "" {
				req.IdempotencyKey = c.name
			}
			_, err := f.svc.PlaceOrder(ctx, req)
			wantCode(t, c.name, err, c.code, c.field)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM orders`); n != 1 {
			t.Errorf("%d orders stored, want only the first", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM domains`); n != 1 {
			t.Errorf("%d domains stored, want only the first", n)
		}
		if b := f.balance(t, f.me); b != before {
			t.Errorf("balance %+v, want %+v", b, before)
		}
		chk, err := ispapi.New(f.env.Client, ispapi.Options{}).CheckDomains(ctx, []string{"bigger-order-test.com", "nothing-here-1.com"})
		if err != nil || chk[0].Status != regbox.Available || chk[1].Status != regbox.Available {
			t.Errorf("registrar state changed: %+v, %v", chk, err)
		}
	})
}

func TestFailedOrderIsRefunded(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{MaxAttempts: 3})
		o, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRegister, Domain: "race.com",
			Years: 1, IdempotencyKey: "race"})
		if err != nil {
			t.Fatal(err)
		}
		// Someone else registers the name between the order and its provisioning.
		if _, err := ispapi.New(f.env.Client, ispapi.Options{}).RegisterDomain(ctx, regbox.RegisterRequest{Domain: "race.com",
			Years: 1, Contacts: regbox.DomainContacts{regbox.RoleOwner: registrartest.Sample, regbox.RoleAdmin: registrartest.Sample,
				regbox.RoleTech: registrartest.Sample, regbox.RoleBilling: registrartest.Sample}}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Provision(ctx, o.ID, false); err != nil {
			t.Fatal(err)
		}
		o, _ = f.svc.Order(ctx, f.me, o.ID)
		if o.State != domains.OrderRefunded || o.Message == "" || o.Detail == "" {
			t.Fatalf("order = %+v", o)
		}
		if b := f.balance(t, f.me); b.Available != 10000 || b.Held != 0 {
			t.Fatalf("balance = %+v, want everything back", b)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM mail_outbox WHERE kind = ?`, domains.MailOrderFailed); n != 1 {
			t.Fatalf("%d failure mails", n)
		}
		_, err = f.svc.Domain(ctx, f.me, "race.com")
		wantCode(t, "the failed domain", err, regbox.ENOTFOUND, "")
		// The name can be ordered again (the failed row does not block it).
		_, err = f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRegister, Domain: "race.com",
			Years: 1, IdempotencyKey: "race2"})
		wantCode(t, "ordering a taken name", err, regbox.ECONFLICT, "")
	})
}

func TestTransferRenewRestore(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{})
		f.env.ForeignDomain(t, "incoming.com", "Right-Code-1")
		o := f.order(t, domains.OrderRequest{Kind: domains.OpTransfer, Domain: "incoming.com", AuthCode: "Right-Code-1"})
		if o.State != domains.OrderProvisioning {
			t.Fatalf("transfer order = %+v", o)
		}
		if d, err := f.svc.Domain(ctx, f.me, "incoming.com"); err != nil || d.Status != domains.StatusPendingTransfer {
			t.Fatalf("transferred domain = %+v, %v", d, err)
		}
		if b := f.balance(t, f.me); b.Held != 900 {
			t.Fatalf("balance while the transfer is pending = %+v", b)
		}
		if st, err := f.svc.TransferStatus(ctx, f.me, "incoming.com"); err != nil || !st.Pending {
			t.Fatalf("TransferStatus = %+v, %v", st, err)
		}
		if err := f.svc.ResendTransferConfirmation(ctx, f.me, "incoming.com"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SettleTransfer(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		if o, _ = f.svc.Order(ctx, f.me, o.ID); o.State != domains.OrderProvisioning {
			t.Fatalf("transfer order settled while pending: %+v", o)
		}
		clock.Advance(6 * 24 * time.Hour) // the sandbox completes transfers after 5 days
		if n, err := f.svc.SyncTransfers(ctx); err != nil || n != 1 {
			t.Fatalf("SyncTransfers = %d, %v", n, err)
		}
		o, _ = f.svc.Order(ctx, f.me, o.ID)
		d, _ := f.svc.Domain(ctx, f.me, "incoming.com")
		if o.State != domains.OrderActive || d.Status != domains.StatusActive || d.Expires.IsZero() {
			t.Fatalf("after the transfer: order %+v, domain %+v", o, d)
		}
		f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "keep.com", Years: 1})
		d0, _ := f.svc.Domain(ctx, f.me, "keep.com")
		o = f.order(t, domains.OrderRequest{Kind: domains.OpRenew, Domain: "keep.com", Years: 2})
		d, _ = f.svc.Domain(ctx, f.me, "keep.com")
		if o.State != domains.OrderActive || d0.Expires.IsZero() || !d.Expires.Equal(d0.Expires.AddDate(2, 0, 0)) {
			t.Fatalf("after renewal: order %+v, domain %+v (before %v)", o, d, d0.Expires)
		}
		if err := f.svc.Delete(ctx, f.me, "keep.com"); err != nil {
			t.Fatal(err)
		}
		o = f.order(t, domains.OrderRequest{Kind: domains.OpRestore, Domain: "keep.com", Years: 2})
		d, _ = f.svc.Domain(ctx, f.me, "keep.com")
		if o.State != domains.OrderActive || d.Status != domains.StatusActive {
			t.Fatalf("after restore: order %+v, domain %+v", o, d)
		}
		// 10.00 + 20.00 + 9.00 + 50.00 spent.
		if b := f.balance(t, f.me); b.Available != 10000-900-1000-2000-5000 || b.Held != 0 {
			t.Fatalf("balance = %+v", b)
		}
	})
}

func TestRenewalWindow(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, domains.StaticRules{"com": {NoExplicitRenewal: true}}, domains.Settings{})
		f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "early.com", Years: 1})
		_, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRenew, Domain: "early.com",
			Years: 1, IdempotencyKey: "early"})
		wantCode(t, "renewing more than 61 days ahead", err, regbox.ECONFLICT, "")
	})
}

// TestRetriedRenewalDoesNotFail: a provisioning job that stopped after the
// registrar renewed (order left in provisioning) completes the order on its
// next run instead of failing on the registrar's "already renewed".
func TestRetriedRenewalDoesNotFail(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{})
		f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "again.com", Years: 1})
		o, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRenew, Domain: "again.com",
			Years: 1, IdempotencyKey: "renew-again"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE orders SET state = 'provisioning' WHERE id = ?`, o.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := ispapi.New(f.env.Client, ispapi.Options{}).RenewDomain(ctx, regbox.RenewRequest{Domain: "again.com",
			Years: 1, Expires: registrartest.Epoch.AddDate(1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Provision(ctx, o.ID, false); err != nil {
			t.Fatal(err)
		}
		o, _ = f.svc.Order(ctx, f.me, o.ID)
		d, _ := f.svc.Domain(ctx, f.me, "again.com")
		if o.State != domains.OrderActive || !d.Expires.Equal(registrartest.Epoch.AddDate(2, 0, 0)) {
			t.Fatalf("order %+v, domain %+v", o, d)
		}
		if b := f.balance(t, f.me); b.Available != 10000-1000-1000 || b.Held != 0 {
			t.Fatalf("balance = %+v", b)
		}
	})
}

func TestCancelTransferReleases(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{})
		f.env.ForeignDomain(t, "changed-mind.com", "Right-Code-1")
		o := f.order(t, domains.OrderRequest{Kind: domains.OpTransfer, Domain: "changed-mind.com", AuthCode: "Right-Code-1"})
		_, err := f.svc.TransferStatus(ctx, f.other, "changed-mind.com")
		wantCode(t, "another client's transfer", err, regbox.ENOTFOUND, "")
		if err := f.svc.CancelTransfer(ctx, f.me, "changed-mind.com"); err != nil {
			t.Fatal(err)
		}
		o, _ = f.svc.Order(ctx, f.me, o.ID)
		if o.State != domains.OrderRefunded {
			t.Fatalf("order = %+v", o)
		}
		if b := f.balance(t, f.me); b.Available != 10000 || b.Held != 0 {
			t.Fatalf("balance = %+v", b)
		}
		wantCode(t, "cancelling again", f.svc.CancelTransfer(ctx, f.me, "changed-mind.com"), regbox.ENOTFOUND, "")
	})
}

// TestPremiumOrder: a premium name is ordered only with the class and price a
// check quoted, registered with its class, and renewed with it.
func TestPremiumOrder(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		premium := func(o *domains.Options, env *registrartest.Env) {
			o.Registrar = ispapi.New(env.Client, ispapi.Options{Clock: env.Clock, PremiumChannels: true})
		}
		f := setup(t, db, clock, nil, domains.Settings{}, premium)
		_, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRegister, Domain: "xyz.com",
			Years: 1, IdempotencyKey: "p1"})
		wantCode(t, "a premium name without its class", err, regbox.EINVALID, "premium_class")
		chk, err := ispapi.New(f.env.Client, ispapi.Options{PremiumChannels: true}).CheckDomains(ctx, []string{"xyz.com"})
		if err != nil || chk[0].Status != regbox.Premium || chk[0].PremiumClass == "" || chk[0].Price == "" {
			t.Fatalf("check = %+v, %v", chk, err)
		}
		o := f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "xyz.com", Years: 1,
			PremiumClass: chk[0].PremiumClass, PremiumPrice: chk[0].Price, PremiumCurrency: chk[0].Currency})
		d, _ := f.svc.Domain(ctx, f.me, "xyz.com")
		if o.State != domains.OrderActive || d.PremiumClass != chk[0].PremiumClass {
			t.Fatalf("premium order %+v, domain %+v", o, d)
		}
		if o := f.order(t, domains.OrderRequest{Kind: domains.OpRenew, Domain: "xyz.com", Years: 1}); o.State != domains.OrderActive {
			t.Fatalf("premium renewal = %+v", o)
		}
	})
}
