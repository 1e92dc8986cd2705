package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// withEUR returns the environment of a database with EUR as its default currency.
func withEUR(t *testing.T, d store.Dialect) map[string]string {
	t.Helper()
	dsn := storetest.DSN(t, d)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := billing.New(db).PutCurrency(context.Background(), billing.Currency{Code: "EUR", Prefix: "€", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"REGBOX_DATABASE_URL": dsn}
}

// withClient adds a client paying in currency to the database of environ and
// returns its id.
func withClient(t *testing.T, environ map[string]string, currency string) string {
	t.Helper()
	_, acc := openAccounts(t, environ["REGBOX_DATABASE_URL"])
	c, err := acc.CreateClient(context.Background(), accounts.Client{Contact: accounts.Contact{FirstName: "Jane", LastName: "Doe",
		Street: []string{"Main Street 1"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678",
		Email: "jane@example.net"}, Language: "en", Currency: currency}, "")
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10)
}

func TestCreditCommand(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			environ := withEUR(t, d)
			c1 := withClient(t, environ, "EUR")
			cli := func(want int, args ...string) string {
				t.Helper()
				code, out, errOut := runCLI(t, environ, "", append([]string{"credit"}, args...)...)
				if code != want {
					t.Fatalf("credit %v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
				}
				return out + errOut
			}
			if out := cli(0, "topup", c1, "12.5", "--idempotency-key", "t1"); !strings.Contains(out, "topup €12.50 for client "+c1+": available €12.50") {
				t.Errorf("topup: %q", out)
			}
			if out := cli(0, "topup", c1, "12.5", "--idempotency-key", "t1"); !strings.Contains(out, "already done") {
				t.Errorf("topup again: %q", out)
			}
			cli(0, "refund", c1, "2", "--idempotency-key", "r1")
			var b billing.Balance
			if err := json.Unmarshal([]byte(cli(0, "show", c1, "--json")), &b); err != nil || b.Available != 1050 || b.Held != 0 || b.Currency != "EUR" {
				t.Errorf("show --json: %+v, %v", b, err)
			}
			if out := cli(0, "show", c1); !strings.Contains(out, "available €10.50, held €0.00") {
				t.Errorf("show: %q", out)
			}
			cli(1, "refund", c1, "11", "--idempotency-key", "r2") // more than available
			cli(0, "top-up", c1, "1", "--idempotency-key", "t2")  // the API's spelling works too
			if out := cli(0, "ledger", c1, "--limit", "2"); !strings.Contains(out, "topup   €1.00") || !strings.Contains(out, "refund  €2.00") ||
				!strings.Contains(out, "(more: --before ") {
				t.Errorf("ledger:\n%s", out)
			}
			for _, bad := range []struct {
				code int
				args []string
				want string
			}{
				{1, []string{"topup", c1, "1.234", "--idempotency-key", "x"}, "AMOUNT"},
				{1, []string{"topup", c1, "0", "--idempotency-key", "x"}, "AMOUNT"},
				{1, []string{"topup", c1, "1e3", "--idempotency-key", "x"}, "AMOUNT"},
				{2, []string{"topup", c1, "-1", "--idempotency-key", "x"}, "unknown shorthand flag"},
				{2, []string{"topup", c1, "1"}, "idempotency-key"},
				{1, []string{"topup", c1, "1", "--idempotency-key", "x", "--currency", "XYZ"}, "currency"},
				{2, []string{"topup", "c1", "1", "--idempotency-key", "x"}, "client"},
				{1, []string{"topup", "999", "1", "--idempotency-key", "x"}, "Client 999 does not exist"},
			} {
				if out := cli(bad.code, bad.args...); !strings.Contains(out, bad.want) {
					t.Errorf("%v: %q", bad.args, out)
				}
			}
			if out := cli(0, "show", c1); !strings.Contains(out, "available €11.50") {
				t.Errorf("bad input changed the balance: %q", out)
			}
		})
	}
}
