package api

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// A client's currency must be set up, defaults to the default one, and cannot
// change while the client holds credit in it (it would be stranded).
func TestClientCurrency(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		if _, err := e.billing.PutCurrency(ctx, billing.Currency{Code: "GBP", Rate: "0.85", MinorUnits: 2}); err != nil {
			t.Fatal(err)
		}
		full := e.admin(accounts.RoleFull)
		in := func(body, currency string) string {
			return strings.Replace(body, `"currency":"EUR"`, currency, 1)
		}
		want(t, "create in an unknown currency", e.do(full, "POST", "/clients", in(newClientBody, `"currency":"ZZZ"`)),
			400, `"field":"currency"`, `ZZZ is not set up; set up currencies with regbox currencies / POST /currencies`)
		r := e.do(full, "POST", "/clients", in(newClientBody, `"language":"en"`))
		want(t, "create without a currency", r, 201, `"currency":"EUR"`)
		var made client
		r.decode(t, &made)

		c0 := "/clients/" + itoa(e.clients[0])
		own := strings.Replace(newClientBody, "new@", "clienta@", 1)
		want(t, "update to an unknown currency", e.do(e.client(0), "PUT", c0, in(own, `"currency":"QQQ"`)),
			400, `"field":"currency"`, `QQQ is not set up`)

		// 80.00 EUR of credit: the client cannot leave EUR.
		want(t, "top-up", e.do(full, "POST", c0+"/credit/top-ups", `{"currency":"EUR","amount":8000}`, "Idempotency-Key", "t1"), 201)
		toGBP := in(own, `"currency":"GBP"`)
		want(t, "change with credit", e.do(e.client(0), "PUT", c0, toGBP), 409, `"code":"conflict"`, `"field":"currency"`, `80.00 EUR available`)
		want(t, "credit after the refusal", e.do(e.client(0), "GET", c0+"/credit", ""), 200, `"currency":"EUR"`, `"available":8000`)
		// Held by a reservation (an order in progress) counts as well.
		hold, err := e.billing.Reserve(ctx, itoa(e.clients[0]), "EUR", 8000, "order:1:reserve")
		if err != nil {
			t.Fatal(err)
		}
		want(t, "change with credit held", e.do(full, "PUT", c0, toGBP), 409, `"field":"currency"`, `80.00 EUR held`)
		if _, err := e.billing.Release(ctx, hold.ID, "order:1:release"); err != nil {
			t.Fatal(err)
		}
		want(t, "refund", e.do(full, "POST", c0+"/credit/refunds", `{"currency":"EUR","amount":8000}`, "Idempotency-Key", "r1"), 201)
		want(t, "change with no credit", e.do(e.client(0), "PUT", c0, toGBP), 200, `"currency":"GBP"`)
		want(t, "credit in the new currency", e.do(e.client(0), "GET", c0+"/credit", ""), 200, `"currency":"GBP"`)
		want(t, "update keeping the currency", e.do(e.client(0), "PUT", c0, in(own, `"language":"de"`)), 200, `"currency":"GBP"`, `"language":"de"`)
		// A client without credit changes freely; unchanged fields need no check.
		want(t, "new client changes", e.do(full, "PUT", "/clients/"+itoa(made.ID), in(newClientBody, `"currency":"gbp"`)), 200, `"currency":"GBP"`)
	})
}
