package api

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// testPrices: 10.00 per year for registrations and renewals, 9.00 a transfer,
// 50.00 a restore, 5.00 a trade.
var testPrices = domains.PriceFunc(func(_ context.Context, _ int64, _ string, op domains.Operation, _ string, years int) (int64, error) {
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

// withDomains gives the API the real domains service on an in-process
// sandbox registrar, and a job queue (not started) that knows its provisioning
// job. The service is returned through svc when not nil.
func withDomains(t *testing.T, svc ...**domains.Service) func(*Options) {
	return func(o *Options) {
		env := registrartest.NewSandbox(t, sandbox.Options{})
		s, err := domains.New(domains.Options{DB: o.Store, Registrar: ispapi.New(env.Client, ispapi.Options{Clock: env.Clock}),
			Rules: domains.StaticRules{"com": {}, "net": {}, "de": {}}, Prices: testPrices, Billing: o.Billing, Clients: o.Accounts,
			Mailer: o.Mail})
		if err != nil {
			t.Fatal(err)
		}
		reg := jobs.NewRegistry()
		if err := s.Register(reg); err != nil {
			t.Fatal(err)
		}
		q, err := jobs.New(context.Background(), o.Store, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		s.Queue, o.Jobs = q, q
		o.Domains = s
		if len(svc) > 0 {
			*svc[0] = s
		}
	}
}

// registered has client 0 order example-api.com with 100.00 EUR of credit and
// provisions the order as the job would; it returns the order's id.
func (e *env) registered(t *testing.T, svc *domains.Service) string {
	t.Helper()
	ctx := context.Background()
	if _, err := e.billing.TopUp(ctx, itoa(e.clients[0]), "EUR", 10000, "t:"+itoa(e.clients[0]), "test"); err != nil {
		t.Fatal(err)
	}
	r := e.do(e.client(0), "POST", "/orders", `{"kind":"register","domain":"example-api.com","years":1}`, "Idempotency-Key", "reg-1")
	want(t, "order", r, 201, `"state":"paid"`, `"amount":1000`, `"domain":"example-api.com"`)
	var o domains.Order
	r.decode(t, &o)
	if err := svc.Provision(ctx, o.ID, false); err != nil {
		t.Fatal(err)
	}
	if o, err := svc.Order(ctx, e.clients[0], o.ID); err != nil || o.State != domains.OrderActive {
		t.Fatalf("order after provisioning: %+v, %v", o, err)
	}
	return itoa(o.ID)
}

func TestOrdersAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		var svc *domains.Service
		e := newEnv(t, db, withDomains(t, &svc))
		id := e.registered(t, svc)
		// The retried POST answers the same order and charges nothing more.
		r := e.do(e.client(0), "POST", "/orders", `{"kind":"register","domain":"example-api.com","years":1}`, "Idempotency-Key", "reg-1")
		want(t, "retried order", r, 201, `"id":`+id+`,`)
		if b, err := e.billing.Balance(context.Background(), itoa(e.clients[0]), "EUR"); err != nil || b.Available != 9000 || b.Held != 0 {
			t.Fatalf("balance after a retried order: %+v, %v", b, err)
		}
		want(t, "no key", e.do(e.client(0), "POST", "/orders", `{"kind":"renew","domain":"example-api.com","years":1}`), 400,
			`"field":"Idempotency-Key"`)
		want(t, "bad kind", e.do(e.client(0), "POST", "/orders", `{"kind":"steal","domain":"x.com"}`, "Idempotency-Key", "k"), 400, `"field":"kind"`)
		want(t, "others' domain renewed", e.do(e.client(1), "POST", "/orders", `{"kind":"renew","domain":"example-api.com","years":1}`,
			"Idempotency-Key", "k"), 404)
		want(t, "admin without client", e.do(e.admin(accounts.RoleSupport), "POST", "/orders",
			`{"kind":"renew","domain":"example-api.com","years":1}`, "Idempotency-Key", "k"), 400, `"field":"client_id"`)
		want(t, "get", e.do(e.client(0), "GET", "/orders/"+id, ""), 200, `"state":"active"`, `"kind":"register"`)
		want(t, "other's order", e.do(e.client(1), "GET", "/orders/"+id, ""), 404)
		want(t, "admin gets", e.do(e.admin(accounts.RoleReadOnly), "GET", "/orders/"+id, ""), 200, `"state":"active"`)
		want(t, "support renews for the client", e.do(e.admin(accounts.RoleSupport), "POST", "/orders",
			`{"client_id":`+itoa(e.clients[0])+`,"kind":"renew","domain":"example-api.com","years":2}`, "Idempotency-Key", "ren"), 201,
			`"kind":"renew"`, `"amount":2000`)
		var p Page[domains.Order]
		e.do(e.client(0), "GET", "/orders?limit=1", "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].Kind != domains.OpRegister || p.Next == "" {
			t.Fatalf("orders page 1: %+v", p)
		}
		e.do(e.client(0), "GET", "/orders?limit=1&after="+p.Next, "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].Kind != domains.OpRenew || p.Next != "" {
			t.Fatalf("orders page 2: %+v", p)
		}
		want(t, "other's list", e.do(e.client(1), "GET", "/orders", ""), 200, `"items":[]`)
		want(t, "admin filter", e.do(e.admin(accounts.RoleFull), "GET", "/orders?client_id="+itoa(e.clients[1]), ""), 200, `"items":[]`)
		want(t, "activity", e.do(e.admin(accounts.RoleFull), "GET", "/logs/activity", ""), 200, `"action":"order.place"`)
	})
}

func TestDomainsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		var svc *domains.Service
		e := newEnv(t, db, withDomains(t, &svc))
		e.registered(t, svc)
		me, other, support := e.client(0), e.client(1), e.admin(accounts.RoleSupport)
		d := "/domains/example-api.com"
		want(t, "list", e.do(me, "GET", "/domains", ""), 200, `"name":"example-api.com"`, `"status":"active"`)
		want(t, "other's list", e.do(other, "GET", "/domains", ""), 200, `"items":[]`)
		want(t, "admin list", e.do(e.admin(accounts.RoleReadOnly), "GET", "/domains?client_id="+itoa(e.clients[0]), ""), 200, `"example-api.com"`)
		want(t, "info", e.do(me, "GET", d, ""), 200, `"registry":{`, `"lock_supported":`)
		for _, r := range []response{e.do(other, "GET", d, ""), e.do(other, "PUT", d+"/lock", `{"enabled":true}`),
			e.do(other, "POST", d+"/auth-code", ""), e.do(other, "DELETE", d, ""), e.do(me, "GET", "/domains/nope.com", "")} {
			want(t, "not the caller's", r, 404)
		}
		want(t, "nameservers", e.do(me, "PUT", d+"/nameservers", `{"nameservers":["ns1.example.net","ns2.example.net"]}`), 204)
		want(t, "info after", e.do(me, "GET", d, ""), 200, `"nameservers":["ns1.example.net","ns2.example.net"]`)
		want(t, "no nameservers", e.do(me, "PUT", d+"/nameservers", `{"nameservers":[]}`), 400, `"field":"nameservers"`)
		want(t, "support locks", e.do(support, "PUT", d+"/lock", `{"enabled":true}`), 204)
		want(t, "locked", e.do(me, "GET", d, ""), 200, `"locked":true`)
		want(t, "read-only refused", e.do(e.admin(accounts.RoleReadOnly), "PUT", d+"/lock", `{"enabled":false}`), 403)
		r := e.do(me, "POST", d+"/auth-code", "")
		want(t, "auth code", r, 200, `"auth_code":"`)
		want(t, "id protection", e.do(me, "PUT", d+"/id-protection", `{"enabled":true}`), 204)
		want(t, "create host", e.do(me, "POST", d+"/hosts", `{"name":"ns1.example-api.com","ips":["192.0.2.1"]}`), 204)
		want(t, "update host", e.do(me, "PUT", d+"/hosts/ns1.example-api.com", `{"ips":["192.0.2.2"]}`), 204)
		want(t, "hosts", e.do(me, "GET", d+"/hosts", ""), 200, `"ns1.example-api.com"`, `"192.0.2.2"`)
		want(t, "delete host", e.do(me, "DELETE", d+"/hosts/ns1.example-api.com", ""), 204)
		want(t, "no hosts", e.do(me, "GET", d+"/hosts", ""), 200, `[]`)
		admin := `{"first_name":"Max","last_name":"Muster","street":["Weg 2"],"city":"Bonn","zip":"53111","country":"DE","phone":"+49.22812345","email":"max@example.org"}`
		want(t, "contacts", e.do(me, "PUT", d+"/contacts", `{"contacts":{"admin":`+admin+`}}`), 200, `"trade":false`)
		want(t, "bad role", e.do(me, "PUT", d+"/contacts", `{"contacts":{"boss":`+admin+`}}`), 400, `"field":"contacts"`)
		// A second domain, ordered by support for the client: the portfolio pages.
		r = e.do(support, "POST", "/orders", `{"client_id":`+itoa(e.clients[0])+`,"kind":"register","domain":"second-api.de","years":1,"nameservers":["ns1.example.net","ns2.example.net"]}`,
			"Idempotency-Key", "reg-2")
		want(t, "support's order", r, 201)
		var o domains.Order
		r.decode(t, &o)
		if err := svc.Provision(context.Background(), o.ID, false); err != nil {
			t.Fatal(err)
		}
		if o, err := svc.Order(context.Background(), e.clients[0], o.ID); err != nil || o.State != domains.OrderActive {
			t.Fatalf("second order: %+v, %v", o, err)
		}
		var p Page[domains.Domain]
		e.do(me, "GET", "/domains?limit=1", "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].Name != "example-api.com" || p.Next == "" {
			t.Fatalf("domains page 1: %+v", p)
		}
		e.do(e.admin(accounts.RoleFull), "GET", "/domains?limit=1&after="+p.Next, "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].Name != "second-api.de" || p.Next != "" {
			t.Fatalf("domains page 2 (admin, every client): %+v", p)
		}
		want(t, "unlock", e.do(me, "PUT", d+"/lock", `{"enabled":false}`), 204)
		want(t, "release where the registry cannot", e.do(me, "POST", d+"/release", `{}`), 422, `"code":"registry"`)
		want(t, "release", e.do(me, "POST", "/domains/second-api.de/release", `{"target":"TRANSIT"}`), 204)
		want(t, "released", e.do(me, "GET", "/domains/second-api.de", ""), 404)
		want(t, "delete", e.do(me, "DELETE", d, ""), 204)
		want(t, "in redemption", e.do(me, "GET", d, ""), 200, `"status":"redemption"`)
		want(t, "restore order", e.do(me, "POST", "/orders", `{"kind":"restore","domain":"example-api.com","years":1}`, "Idempotency-Key", "res"),
			201, `"kind":"restore"`, `"amount":5000`)
		r = e.do(e.admin(accounts.RoleFull), "GET", "/logs/activity?limit=100", "")
		for _, a := range []string{"domain.nameservers", "domain.lock", "domain.auth_code", "domain.id_protection", "domain.host_create",
			"domain.host_update", "domain.host_delete", "domain.contacts", "domain.delete", "domain.release"} {
			if !strings.Contains(r.body, `"action":"`+a+`"`) {
				t.Errorf("activity log lacks %s", a)
			}
		}
	})
}
