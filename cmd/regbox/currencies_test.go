package main

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestCurrenciesAndInvoiceCreateCommands(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			environ := withEUR(t, d)
			ctx := context.Background()
			db, err := store.Open(ctx, environ["REGBOX_DATABASE_URL"])
			if err != nil {
				t.Fatal(err)
			}
			acc, err := accounts.New(db)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := acc.CreateClient(ctx, accounts.Client{Contact: accounts.Contact{FirstName: "Jane", LastName: "Doe",
				Street: []string{"Main Street 1"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678",
				Email: "jane@example.net"}, Language: "en", Currency: "EUR"}, ""); err != nil {
				t.Fatal(err)
			}
			db.Close()
			cli := func(want int, args ...string) string {
				t.Helper()
				code, out, errOut := runCLI(t, environ, "", args...)
				if code != want {
					t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
				}
				return out + errOut
			}
			if out := cli(0, "currencies", "add", "usd", "--rate", "1.25", "--prefix", "$"); !strings.Contains(fields(out), "USD 1.25 $1234.56 half_up\n") {
				t.Errorf("add:\n%s", out)
			}
			for _, bad := range [][]string{{"currencies", "add", "EUR", "--rate", "1"}, {"currencies", "add", "GBP", "--rate", "abc"},
				{"currencies", "add", "GBP", "--rate", "1", "--rounding", "sideways"}, {"currencies", "set-rate", "CHF", "1"}} {
				cli(1, bad...)
			}
			if out := cli(1, "currencies", "add", "GBP", "--rate", "abc"); !strings.Contains(out, "rate") {
				t.Errorf("bad rate names no field: %s", out)
			}
			cli(0, "currencies", "set-rate", "USD", "1.6")
			out := cli(0, "currencies", "default", "USD")
			if f := fields(out); !strings.Contains(f, "EUR 0.625 €1234.56 half_up\n") || !strings.Contains(f, "USD 1 $1234.56 half_up yes\n") {
				t.Errorf("default:\n%s", out)
			}
			if out := cli(0, "currencies", "list"); !strings.Contains(out, "€1234.56") {
				t.Errorf("list:\n%s", out)
			}

			create := []string{"invoices", "create", "--client", "1", "--line", "example.com: registration:2:12.50", "--line", "setup:1:5", "--idempotency-key", "k1"}
			out = cli(0, create...)
			if !strings.Contains(out, "client 1: unpaid, total €30.00") || !strings.Contains(out, "example.com: registration  2    €12.50  €25.00") {
				t.Errorf("create:\n%s", out)
			}
			if again := cli(0, create...); again != out {
				t.Errorf("retry with the same key:\n%s", again)
			}
			for bad, field := range map[string][]string{
				"client": {"invoices", "create", "--client", "9", "--line", "x:1:1", "--idempotency-key", "k2"},
				"line":   {"invoices", "create", "--client", "1", "--line", "x:1:1.234", "--idempotency-key", "k3"},
			} {
				if out := cli(1, field...); !strings.Contains(out, bad+":") {
					t.Errorf("%s: %s", bad, out)
				}
			}
			if out := cli(2, "invoices", "create", "--client", "1", "--line", "x:1:1"); !strings.Contains(out, "idempotency-key:") {
				t.Errorf("no key: %s", out)
			}
			if out := cli(1, "invoices", "create", "--client", "1", "--line", "no quantity:5", "--idempotency-key", "k4"); !strings.Contains(out, "line: 1") {
				t.Errorf("bad line: %s", out)
			}
		})
	}
}

// fields is out with each line's runs of spaces made one.
func fields(out string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		b.WriteString(strings.Join(strings.Fields(l), " ") + "\n")
	}
	return b.String()
}
