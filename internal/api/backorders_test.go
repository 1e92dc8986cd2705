package api

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// withBackorders gives the API a backorder service with .com offered at 69.00
// EUR and a small drop list; public opens the drop-list search to everybody.
func withBackorders(t *testing.T, public bool) func(*Options) {
	return func(o *Options) {
		ctx := context.Background()
		svc := backorder.New(o.Store, o.Billing, backorder.Options{})
		if err := svc.SetPrice(ctx, backorder.Price{Zone: "com", Currency: "EUR", Amount: 6900}); err != nil {
			t.Fatal(err)
		}
		list := "soon.com;2026-11-26 10:00:00\nsoft-2.com;2026-11-27 10:00:00\nxn--mnchen-3ya.com;2026-11-28 00:00:00\nother.net;2026-11-26 00:00:00\n"
		if _, err := svc.List.Import(ctx, strings.NewReader(list), "test", nil); err != nil {
			t.Fatal(err)
		}
		o.Backorders, o.PublicDropSearch = svc, public
	}
}

// atT0 runs the drop list on the tests' clock: its dates are after t0.
var atT0 = store.WithClock(regbox.NewManualClock(t0))

func TestBackordersClient(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, withBackorders(t, false))
		c0, c1 := e.client(0), e.client(1)
		r := e.do(c0, "POST", "/backorders", `{"domain":"SOON.com"}`)
		want(t, "create", r, 201, `"domain":"soon.com"`, `"status":"REQUESTED"`, `"fee":6900`, `"deletable":true`, `"drop_date":"2026-11-26T10:00:00Z"`)
		var b backorderOut
		r.decode(t, &b)
		want(t, "duplicate", e.do(c0, "POST", "/backorders", `{"domain":"soon.com"}`), 409)
		want(t, "not offered", e.do(c0, "POST", "/backorders", `{"domain":"other.net"}`), 400, `"field":"domain"`)
		want(t, "for another client", e.do(c0, "POST", "/backorders", `{"domain":"x.com","client_id":`+itoa(e.clients[1])+`}`), 400, `"field":"client_id"`)
		want(t, "idn", e.do(c0, "POST", "/backorders", `{"domain":"xn--mnchen-3ya.com"}`), 201, `"domain_unicode":"münchen.com"`)
		want(t, "list", e.do(c0, "GET", "/backorders?limit=1", ""), 200, `"total":2`, `"counts":{"REQUESTED":2}`, `"next":"`)
		want(t, "filtered", e.do(c0, "GET", "/backorders?status=CANCELLED", ""), 200, `"total":0`, `"items":[]`)
		want(t, "other's list", e.do(c1, "GET", "/backorders", ""), 200, `"total":0`)
		want(t, "other's get", e.do(c1, "GET", "/backorders/"+itoa(b.ID), ""), 404)
		want(t, "other's delete", e.do(c1, "DELETE", "/backorders/"+itoa(b.ID), ""), 404)
		want(t, "bid outside an auction", e.do(c0, "POST", "/backorders/"+itoa(b.ID)+"/bids", `{"max":9000}`), 409)
		want(t, "delete", e.do(c0, "DELETE", "/backorders/"+itoa(b.ID), ""), 200, `"status":"CANCELLED"`, `"deletable":false`)
		want(t, "delete again", e.do(c0, "DELETE", "/backorders/"+itoa(b.ID), ""), 409)
		want(t, "activity", e.do(e.admin(accounts.RoleFull), "GET", "/logs/activity?action=backorder.delete", ""), 200, `"object_id":"`+itoa(b.ID)+`"`)
		want(t, "prices", e.do(c0, "GET", "/backorder-prices", ""), 200, `{"tld":"com","currency":"EUR","amount":6900}`)

		// The drop list, logged in: the offered TLDs only.
		want(t, "search", e.do(c0, "GET", "/drop-list?regex=^so&order=name", ""), 200, `"total":2`, `"domain":"soft-2.com"`)
		want(t, "search idn", e.do(c0, "GET", "/drop-list?max_length=7&no_hyphens=true&no_digits=true&from=2026-11-28", ""), 200,
			`"total":1`, `"domain_unicode":"münchen.com"`, `"length":7`)
		want(t, "search net", e.do(c0, "GET", "/drop-list?tld=net", ""), 200, `"total":1`)
		want(t, "bad regex", e.do(c0, "GET", "/drop-list?regex=(a", ""), 400, `"field":"regex"`)
		want(t, "bad date", e.do(c0, "GET", "/drop-list?from=26.11.2026", ""), 400)
		want(t, "stats", e.do(c0, "GET", "/drop-list/stats", ""), 200, `"total":3`, `{"day":"2026-11-26","count":1}`)
		want(t, "anonymous search", e.do(cred{}, "GET", "/drop-list", ""), 401)
	}, atT0)
}

func TestBackordersAdmin(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, withBackorders(t, false))
		full, support := e.admin(accounts.RoleFull), e.admin(accounts.RoleSupport)
		want(t, "admin create without client", e.do(support, "POST", "/backorders", `{"domain":"soon.com"}`), 400, `"field":"client_id"`)
		var b backorderOut
		r := e.do(support, "POST", "/backorders", `{"domain":"soon.com","client_id":`+itoa(e.clients[1])+`}`)
		want(t, "admin create", r, 201, `"client_id":`+itoa(e.clients[1]))
		r.decode(t, &b)
		e.do(e.client(0), "POST", "/backorders", `{"domain":"soft-2.com"}`)
		want(t, "all", e.do(support, "GET", "/backorders", ""), 200, `"total":2`)
		want(t, "one client's", e.do(support, "GET", "/backorders?client_id="+itoa(e.clients[1]), ""), 200, `"total":1`)
		want(t, "force without reason", e.do(full, "POST", "/backorders/"+itoa(b.ID)+"/status", `{"status":"FAILED"}`), 400)
		want(t, "force", e.do(full, "POST", "/backorders/"+itoa(b.ID)+"/status", `{"status":"ACTIVE","reason":"moved by hand"}`), 200, `"status":"ACTIVE"`)
		want(t, "cancel", e.do(support, "POST", "/backorders/"+itoa(b.ID)+"/cancel", `{"reason":"client called"}`), 200, `"status":"CANCELLED"`)
		want(t, "cancel ended", e.do(support, "POST", "/backorders/"+itoa(b.ID)+"/cancel", `{"reason":"again"}`), 409)
		want(t, "logs", e.do(support, "GET", "/backorder-logs?source=admin&limit=1", ""), 200, `"total":2`, `client called`,
			`"retention_hours":2160`, `"next":"`)
		want(t, "put prices", e.do(full, "PUT", "/backorder-prices", `{"prices":[{"tld":".NET","currency":"eur","amount":4900},{"tld":"com","currency":"EUR","amount":0}]}`),
			200, `"prices":[{"tld":"net","currency":"EUR","amount":4900}]`)
		want(t, "bad currency", e.do(full, "PUT", "/backorder-prices", `{"prices":[{"tld":"org","currency":"EUR","amount":1},{"tld":"io","currency":"XYZ","amount":1}]}`),
			400, `"field":"currency"`)
		want(t, "nothing written", e.do(full, "GET", "/backorder-prices", ""), 200, `"prices":[{"tld":"net","currency":"EUR","amount":4900}]`)
		r = e.do(support, "GET", "/backorder-export?status=CANCELLED", "")
		if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s %s", r.code, r.header.Get("Content-Type"), r.body)
		}
		recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][2] != "soon.com" {
			t.Fatalf("csv %v %v", recs, err)
		}
		want(t, "activity", e.do(full, "GET", "/logs/activity?action=backorder.force_status", ""), 200, `moved by hand`)
	}, atT0)
}

func TestDropSearchPublicAndLimited(t *testing.T) {
	e := newEnv(t, storetest.Open(t, atT0), withBackorders(t, true))
	want(t, "anonymous", e.do(cred{}, "GET", "/drop-list?regex=%C3%BC", ""), 200, `"total":0`) // ACE labels are searched
	want(t, "anonymous ace", e.do(cred{}, "GET", "/drop-list?regex=mnchen", ""), 200, `"total":1`)
	for range DropSearchLimit - 2 {
		e.do(cred{}, "GET", "/drop-list/stats", "")
	}
	want(t, "over the limit", e.do(e.client(0), "GET", "/drop-list", ""), 503, `Too many searches`)
	want(t, "other routes unaffected", e.do(e.client(0), "GET", "/backorders", ""), 200)
}
