package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestInvoicesAndAPIKeysCommands(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			environ := withEUR(t, d)
			c1 := withClient(t, environ, "EUR")
			ctx := context.Background()
			db, err := store.Open(ctx, environ["REGBOX_DATABASE_URL"])
			if err != nil {
				t.Fatal(err)
			}
			bill := billing.New(db)
			var ids []int64
			for range 2 {
				inv, err := bill.CreateInvoice(ctx, billing.NewInvoice{ClientID: c1, Currency: "EUR",
					Lines: []billing.InvoiceLine{{Description: "example.com registration", Quantity: 1, UnitAmount: 1000}}})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, inv.ID)
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
			one, two := strconv.FormatInt(ids[0], 10), strconv.FormatInt(ids[1], 10)
			if out := cli(0, "invoices", "show", one); !strings.Contains(out, "unpaid, total €10.00") || !strings.Contains(out, "example.com registration") {
				t.Errorf("show:\n%s", out)
			}
			cli(1, "invoices", "pay", one, "--idempotency-key", "p1") // no credit
			cli(0, "credit", "topup", c1, "15", "--idempotency-key", "t1")
			for range 2 { // the same key twice: paid once
				if out := cli(0, "invoices", "pay", one, "--idempotency-key", "p1"); !strings.Contains(out, "paid") {
					t.Errorf("pay:\n%s", out)
				}
			}
			if out := cli(0, "credit", "show", c1); !strings.Contains(out, "available €5.00") {
				t.Errorf("after pay: %s", out)
			}
			for range 2 { // the invoice's own key, as the API's: refunded once
				cli(0, "invoices", "refund", one)
			}
			if out := cli(0, "credit", "show", c1); !strings.Contains(out, "available €15.00") {
				t.Errorf("after refund: %s", out)
			}
			var inv billing.Invoice
			if err := json.Unmarshal([]byte(cli(0, "invoices", "cancel", two, "--json")), &inv); err != nil || inv.Status != billing.InvoiceCancelled {
				t.Errorf("cancel --json: %+v, %v", inv, err)
			}
			cli(1, "invoices", "cancel", one) // refunded, not unpaid
			if out := cli(0, "invoices", "list", "--status", "refunded"); !strings.Contains(out, "refunded") || strings.Contains(out, "cancelled") {
				t.Errorf("list --status refunded:\n%s", out)
			}
			if out := cli(0, "invoices", "list", "--client", c1, "--limit", "1"); !strings.Contains(out, "cancelled") || !strings.Contains(out, "(more: --before "+two+")") {
				t.Errorf("list --limit 1:\n%s", out)
			}
			cli(1, "invoices", "list", "--status", "lost")
			cli(1, "invoices", "show", "999")

			cli(0, "clients", "create", "--email", "k@example.com", "--first-name", "K", "--last-name", "Owner", "--street", "Main St 1",
				"--city", "Berlin", "--zip", "10115", "--country", "DE", "--phone", "+49.3012345678", "--currency", "EUR")
			out := cli(0, "apikeys", "create", "--owner", "client:1", "--name", "deploy", "--scope", "domains:read,dns:write")
			if !strings.Contains(out, "API key 1 (deploy): ") {
				t.Fatalf("create: %q", out)
			}
			cli(1, "apikeys", "create", "--owner", "client:1", "--name", "x", "--scope", "everything")
			cli(2, "apikeys", "list", "--owner", "robot:1")
			cli(0, "apikeys", "revoke", "1", "--owner", "client:1")
			cli(1, "apikeys", "revoke", "1", "--owner", "client:2")
			if out := cli(0, "apikeys", "list", "--owner", "client:1"); !strings.Contains(out, "deploy") || !strings.Contains(out, "dns:write,domains:read") {
				t.Errorf("list:\n%s", out)
			}
		})
	}
}
