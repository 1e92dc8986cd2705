package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/pricing"
)

// catalogue returns a synced selling price in EUR for everyone.
func catalogue(t *testing.T, dsn, tld, kind string, years int) int64 {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps, err := pricing.New(db, nil, billing.New(db)).Prices(ctx, "EUR", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.TLD == tld && p.Kind == kind && (p.Years == years || kind == pricing.KindTransfer) {
			return p.Amount
		}
	}
	t.Fatalf("no %s price of .%s for %d years", kind, tld, years)
	return 0
}

// TestDomainCataloguePrices: orders cost the synced catalogue's price unless
// --price overrides it; before a sync the TLD is not offered.
func TestDomainCataloguePrices(t *testing.T) {
	environ := domainCLIEnv(t)
	order := func(args ...string) (domains.Order, int, string) {
		t.Helper()
		code, out, errOut := runCLI(t, environ, "", append([]string{"domain"}, append(args, "--client", "1", "--json")...)...)
		var o domains.Order
		if code == 0 {
			if err := json.Unmarshal([]byte(out), &o); err != nil {
				t.Fatalf("%v: %s (%v)", args, out, err)
			}
		}
		return o, code, errOut
	}
	if _, code, errOut := order("register", "cat-test.com", "--years", "2"); code == 0 || !strings.Contains(errOut, ".com is not offered") {
		t.Fatalf("register before a price sync: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, environ, "", "prices", "sync", "--apply"); code != 0 {
		t.Fatalf("prices sync: exit %d: %s", code, errOut)
	}
	dsn := environ["REGBOX_DATABASE_URL"]
	o, code, errOut := order("register", "cat-test.com", "--years", "2", "--now")
	if want := catalogue(t, dsn, "com", pricing.KindRegister, 2); code != 0 || o.Amount != want || o.State != domains.OrderActive {
		t.Fatalf("register at the catalogue price: exit %d %s: %+v, want %d", code, errOut, o, want)
	}
	o, code, errOut = order("transfer", "incoming-cli.com", "--auth", "Code-9")
	if want := catalogue(t, dsn, "com", pricing.KindTransfer, 0); code != 0 || o.Amount != want {
		t.Fatalf("transfer at the catalogue price: exit %d %s: %+v, want %d", code, errOut, o, want)
	}
	o, code, errOut = order("register", "override-test.com", "--price", "1.50")
	if code != 0 || o.Amount != 150 {
		t.Fatalf("register with --price: exit %d %s: %+v", code, errOut, o)
	}
	if _, code, errOut = order("register", "bad-price.com", "--price", "1.234"); code == 0 || !strings.Contains(errOut, "price") {
		t.Fatalf("a bad --price: exit %d: %s", code, errOut)
	}
}
