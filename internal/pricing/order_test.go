package pricing_test

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func newClient(t testing.TB, db *store.DB, email, currency, group string) int64 {
	t.Helper()
	acc, err := accounts.New(db)
	if err != nil {
		t.Fatal(err)
	}
	c, err := acc.CreateClient(context.Background(), accounts.Client{Contact: accounts.Contact{FirstName: "Jane", LastName: "Doe",
		Street: []string{"Main Street 1"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678",
		Email: email}, Language: "en", Currency: currency, Group: group}, "")
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// listed returns a price from the synced list.
func listed(t *testing.T, s *pricing.Service, cur, group, tld, kind string, years int) int64 {
	t.Helper()
	ps, err := s.Prices(context.Background(), cur, group)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.TLD == tld && p.Kind == kind && p.Years == years {
			return p.Amount
		}
	}
	t.Fatalf("no listed %s %s price of .%s for %d years in %s/%q", kind, tld, tld, years, cur, group)
	return 0
}

// TestOrderPrices: orders are priced from the synced catalogue per currency,
// client group and term; what is not offered is refused naming it.
func TestOrderPrices(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _, _ := setup(t, db)
		for _, m := range []pricing.Markup{{Percent: "20", Rounding: ".99"}, {TLD: "com", Group: "vip", Percent: "50"}} {
			if _, err := s.PutMarkup(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Sync(ctx, pricing.SyncOptions{Apply: true}); err != nil {
			t.Fatal(err)
		}
		plain := newClient(t, db, "jane@example.net", "EUR", "")
		vip := newClient(t, db, "max@example.org", "USD", "vip")
		price := func(client int64, cur string, op domains.Operation, tld string, years int) (int64, error) {
			return s.Price(ctx, client, cur, op, tld, years)
		}
		for _, c := range []struct {
			client     int64
			cur, group string
			op         domains.Operation
			kind       string
			years      int
		}{
			{plain, "EUR", "", domains.OpRegister, pricing.KindRegister, 1},
			{plain, "EUR", "", domains.OpRegister, pricing.KindRegister, 2},
			{plain, "EUR", "", domains.OpRegister, pricing.KindRegister, 5},
			{plain, "EUR", "", domains.OpRenew, pricing.KindRenew, 3},
			{vip, "USD", "vip", domains.OpRegister, pricing.KindRegister, 2},
			{vip, "USD", "vip", domains.OpRenew, pricing.KindRenew, 1},
		} {
			got, err := price(c.client, c.cur, c.op, "com", c.years)
			if want := listed(t, s, c.cur, c.group, "com", c.kind, c.years); err != nil || got != want {
				t.Errorf("%s .com %d years in %s/%q: %d %v, want %d", c.op, c.years, c.cur, c.group, got, err, want)
			}
		}
		one, _ := price(plain, "EUR", domains.OpRegister, "com", 1)
		if two, _ := price(plain, "EUR", domains.OpRegister, "com", 2); two == 2*one {
			t.Errorf("two years %d = 2 × one year %d: the term is not priced on its own", two, one)
		}
		if v, _ := price(vip, "USD", domains.OpRegister, "com", 1); v <= listed(t, s, "USD", "", "com", pricing.KindRegister, 1) {
			t.Errorf("the vip group's .com price %d is not its own", v)
		}
		// A vip client on a TLD without a vip rule pays everyone's price, as the
		// group's price list shows.
		if v, err := price(vip, "USD", domains.OpRegister, "net", 1); err != nil || v != listed(t, s, "USD", "", "net", pricing.KindRegister, 1) ||
			v != listed(t, s, "USD", "vip", "net", pricing.KindRegister, 1) {
			t.Errorf("vip .net %d %v", v, err)
		}
		transfer, err := price(plain, "EUR", domains.OpTransfer, "com", 0)
		if ps, _ := s.Prices(ctx, "EUR", ""); err != nil || !hasPrice(ps, "com", pricing.KindTransfer, transfer) {
			t.Errorf("transfer %d %v", transfer, err)
		}
		restore, err := price(plain, "EUR", domains.OpRestore, "com", 2)
		if want := listed(t, s, "EUR", "", "com", pricing.KindRestore, 0) + listed(t, s, "EUR", "", "com", pricing.KindRenew, 1); err != nil || restore != want {
			t.Errorf("restore + 1 year %d %v, want %d", restore, err, want)
		}

		_, err = price(plain, "EUR", domains.OpRegister, "com", 11)
		wantErr(t, "11 years", err, regbox.EINVALID, "years", ".com")
		_, err = price(plain, "GBP", domains.OpRegister, "com", 1)
		wantErr(t, "a currency without prices", err, regbox.EINVALID, "currency", "GBP")
		_, err = price(plain, "EUR", domains.OpRegister, "no-such-tld", 1)
		wantErr(t, "an unknown TLD", err, regbox.ENOTFOUND, "", ".no-such-tld")
		if err := s.SetEnabled(ctx, "net", false); err != nil {
			t.Fatal(err)
		}
		_, err = price(plain, "EUR", domains.OpRegister, "net", 1)
		wantErr(t, "a withdrawn TLD", err, regbox.ENOTFOUND, "", ".net")
		// A trade is one term at the listed trade price, also for a withdrawn TLD
		// whose domains the clients still hold.
		for _, tld := range []string{"com", "net"} {
			if v, err := price(plain, "EUR", domains.OpTrade, tld, 0); err != nil || v != listed(t, s, "EUR", "", tld, pricing.KindTrade, 0) {
				t.Errorf("trade of .%s %d %v", tld, v, err)
			}
		}
		_, err = price(plain, "EUR", domains.OpTrade, "no-such-tld", 0)
		wantErr(t, "a trade on an unknown TLD", err, regbox.ENOTFOUND, "", ".no-such-tld")
	})
}

func hasPrice(ps []pricing.Price, tld, kind string, amount int64) bool {
	for _, p := range ps {
		if p.TLD == tld && p.Kind == kind && p.Amount == amount {
			return true
		}
	}
	return false
}

func wantErr(t *testing.T, what string, err error, code, field, text string) {
	t.Helper()
	if regbox.ErrorCode(err) != code || (field != "" && regbox.ErrorField(err) != field) || !strings.Contains(err.Error(), text) {
		t.Errorf("%s: %v, want %s %s naming %q", what, err, code, field, text)
	}
}

// TestPremiumOrderPrices: premium names are priced by lookup's formulas, the
// term beyond the first year at the premium renewal price.
func TestPremiumOrderPrices(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, b, _ := setup(t, db)
		client := newClient(t, db, "jane@example.net", "USD", "")
		chk := regbox.DomainCheck{Domain: "casino.com", Status: regbox.Premium, PremiumClass: "PREMIUM_COM_A"}
		q := domains.Quote{ClientID: client, Currency: "USD", Op: domains.OpRegister, Domain: "casino.com", TLD: "com", Years: 1, Premium: chk}
		_, err := s.Quote(ctx, q)
		wantErr(t, "no premium pricer", err, regbox.EUNAVAILABLE, "", "Premium")

		checker := ispapi.New(registrartest.NewSandbox(t, sandbox.Options{}).Client, ispapi.Options{PremiumChannels: true})
		lk := lookup.New(checker, lookup.Options{Premium: true, Currencies: b})
		s.SetPremium(lk)
		res, err := checker.CheckDomains(ctx, []string{"casino.com"})
		if err != nil || res[0].Status != regbox.Premium {
			t.Fatalf("casino.com is not premium: %+v %v", res, err)
		}
		q.Premium = res[0]
		want, err := lk.PremiumPrices(ctx, res[0], "USD")
		if err != nil || want.Register == nil || want.Renew == nil || want.Transfer == nil {
			t.Fatalf("premium prices %+v %v", want, err)
		}
		for _, c := range []struct {
			op    domains.Operation
			years int
			want  int64
		}{
			{domains.OpRegister, 1, *want.Register},
			{domains.OpRegister, 2, *want.Register + *want.Renew},
			{domains.OpRenew, 3, 3 * *want.Renew},
			{domains.OpTransfer, 0, *want.Transfer},
		} {
			q.Op, q.Years = c.op, c.years
			if got, err := s.Quote(ctx, q); err != nil || got != c.want {
				t.Errorf("premium %s %d years: %d %v, want %d", c.op, c.years, got, err, c.want)
			}
		}
		s.SetPremium(lookup.New(checker, lookup.Options{Currencies: b})) // premium names switched off
		q.Op, q.Years = domains.OpRegister, 1
		_, err = s.Quote(ctx, q)
		wantErr(t, "premium off", err, regbox.EFORBIDDEN, "", "not offered")
	})
}
