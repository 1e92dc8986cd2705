package api

import (
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestCredit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		full := e.admin(accounts.RoleFull)
		c0 := "/clients/" + itoa(e.clients[0])
		topUp := `{"currency":"eur","amount":1500,"memo":"bank transfer"}`
		r := e.do(full, "POST", c0+"/credit/top-ups", topUp, "Idempotency-Key", "k1")
		want(t, "top-up", r, 201, `"kind":"topup"`, `"amount":1500`, `"available_after":1500`)
		// The same request again (a retry): nothing new.
		want(t, "retried top-up", e.do(full, "POST", c0+"/credit/top-ups", topUp, "Idempotency-Key", "k1"), 201, `"replayed":true`)
		want(t, "key reused differently", e.do(full, "POST", c0+"/credit/top-ups", `{"currency":"EUR","amount":1}`, "Idempotency-Key", "k1"),
			409, `"field":"idempotency_key"`)
		want(t, "no key", e.do(full, "POST", c0+"/credit/top-ups", topUp), 400, `"field":"Idempotency-Key"`)
		want(t, "zero amount", e.do(full, "POST", c0+"/credit/top-ups", `{"currency":"EUR","amount":0}`, "Idempotency-Key", "k2"), 400, `"field":"amount"`)
		want(t, "unknown currency", e.do(full, "POST", c0+"/credit/top-ups", `{"currency":"XYZ","amount":5}`, "Idempotency-Key", "k3"), 400, `"field":"currency"`)
		want(t, "missing client", e.do(full, "POST", "/clients/999/credit/top-ups", topUp, "Idempotency-Key", "k4"), 404)
		want(t, "balance", e.do(e.client(0), "GET", c0+"/credit", ""), 200, `"available":1500`, `"currency":"EUR"`)
		want(t, "overdraw", e.do(full, "POST", c0+"/credit/refunds", `{"currency":"EUR","amount":2000}`, "Idempotency-Key", "r1"), 409, `"code":"conflict"`)
		want(t, "refund", e.do(full, "POST", c0+"/credit/refunds", `{"currency":"EUR","amount":500}`, "Idempotency-Key", "r2"), 201, `"available_after":1000`)
		want(t, "support tops up", e.do(e.admin(accounts.RoleSupport), "POST", c0+"/credit/top-ups", topUp, "Idempotency-Key", "k5"), 403)
		want(t, "balance after", e.do(e.admin(accounts.RoleSupport), "GET", c0+"/credit", ""), 200, `"available":1000`)

		var p Page[ledgerEntry]
		e.do(e.client(0), "GET", c0+"/credit/entries?limit=1", "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].Kind != "refund" || p.Next == "" {
			t.Fatalf("ledger page 1: %+v", p)
		}
		e.do(e.client(0), "GET", c0+"/credit/entries?limit=1&after="+p.Next, "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].Kind != "topup" || p.Items[0].Amount != 1500 || p.Next != "" {
			t.Errorf("ledger page 2: %+v", p)
		}
		want(t, "other's credit", e.do(e.client(1), "GET", c0+"/credit", ""), 404)
		want(t, "other's ledger", e.do(e.client(1), "GET", c0+"/credit/entries", ""), 404)
	})
}

func TestInvoices(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		full, support := e.admin(accounts.RoleFull), e.admin(accounts.RoleSupport)
		newInv := `{"client_id":` + itoa(e.clients[0]) + `,"lines":[{"description":"example.com, 1 year","quantity":2,"unit_amount":600}]}`
		r := e.do(support, "POST", "/invoices", newInv, "Idempotency-Key", "i1")
		want(t, "create", r, 201, `"status":"unpaid"`, `"total":1200`, `"amount":1200`, `"currency":"EUR"`)
		var inv invoice
		r.decode(t, &inv)
		want(t, "retried create", e.do(support, "POST", "/invoices", newInv, "Idempotency-Key", "i1"), 201, `"replayed":true`, `"number":"`+inv.Number+`"`)
		want(t, "bad line", e.do(support, "POST", "/invoices", `{"client_id":1,"lines":[{"description":"","quantity":1,"unit_amount":1}]}`, "Idempotency-Key", "i2"), 400, `"field":"lines"`)
		want(t, "missing client", e.do(support, "POST", "/invoices", `{"client_id":999,"lines":[{"description":"x","quantity":1,"unit_amount":1}]}`, "Idempotency-Key", "i3"), 400, `"field":"client_id"`)
		second := e.do(support, "POST", "/invoices", newInv, "Idempotency-Key", "i4")
		var inv2 invoice
		second.decode(t, &inv2)

		id := itoa(inv.ID)
		want(t, "pay without credit", e.do(e.client(0), "POST", "/invoices/"+id+"/pay", ""), 409)
		want(t, "support pays", e.do(support, "POST", "/invoices/"+id+"/pay", ""), 403)
		want(t, "top-up", e.do(full, "POST", "/clients/"+itoa(e.clients[0])+"/credit/top-ups", `{"currency":"EUR","amount":1300}`, "Idempotency-Key", "t"), 201)
		want(t, "other pays", e.do(e.client(1), "POST", "/invoices/"+id+"/pay", ""), 404)
		want(t, "pay", e.do(e.client(0), "POST", "/invoices/"+id+"/pay", ""), 200, `"status":"paid"`)
		want(t, "pay again", e.do(e.client(0), "POST", "/invoices/"+id+"/pay", ""), 200, `"status":"paid"`)
		want(t, "credit after paying", e.do(e.client(0), "GET", "/clients/"+itoa(e.clients[0])+"/credit", ""), 200, `"available":100`)
		want(t, "cancel paid", e.do(support, "POST", "/invoices/"+id+"/cancel", ""), 409)
		want(t, "support refunds", e.do(support, "POST", "/invoices/"+id+"/refund", ""), 403)
		want(t, "refund", e.do(full, "POST", "/invoices/"+id+"/refund", ""), 200, `"status":"refunded"`)
		want(t, "credit after refund", e.do(e.client(0), "GET", "/clients/"+itoa(e.clients[0])+"/credit", ""), 200, `"available":1300`)
		want(t, "cancel", e.do(support, "POST", "/invoices/"+itoa(inv2.ID)+"/cancel", ""), 200, `"status":"cancelled"`)

		want(t, "filter", e.do(support, "GET", "/invoices?status=cancelled", ""), 200, `"id":`+itoa(inv2.ID)+`,`)
		want(t, "refunded filter", e.do(support, "GET", "/invoices?status=refunded", ""), 200, `"id":`+id+`,`, `"status":"refunded"`)
		want(t, "client's own", e.do(e.client(0), "GET", "/invoices/"+id, ""), 200, `"lines":[`)
		want(t, "other's", e.do(e.client(1), "GET", "/invoices/"+id, ""), 404)
		want(t, "other's list", e.do(e.client(1), "GET", "/invoices", ""), 200, `{"items":[],"next":""}`)
		want(t, "bad status", e.do(support, "GET", "/invoices?status=lost", ""), 400, `"field":"status"`)

		// Every successful write is in the activity log, nothing for the failures or replays.
		var p Page[activity]
		e.do(full, "GET", "/logs/activity?object_type=invoice", "").decode(t, &p)
		var actions []string
		for _, a := range p.Items {
			actions = append(actions, a.Action)
		}
		if got := strings.Join(actions, " "); got != "invoice.cancel invoice.refund invoice.pay invoice.create invoice.create" {
			t.Errorf("activity: %s", got)
		}
	})
}
