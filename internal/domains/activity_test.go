package domains_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/store"
)

// activities are the activity log's entries (newest first).
func (f *fixture) activities(t *testing.T, filter store.ActivityFilter) []store.Activity {
	t.Helper()
	filter.Limit = store.MaxLimit
	p, err := f.db.Activities(context.Background(), filter)
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

func TestActivity(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		actor := store.Actor{Kind: store.ActorAdmin, ID: "42", RemoteIP: "192.0.2.7", RequestID: "req-1"}
		ctx := store.WithActor(context.Background(), actor)
		f := setup(t, db, clock, nil, domains.Settings{})
		const name = "recorded.com"

		// An order placed records one entry, in the transaction that pays it.
		o, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRegister, Domain: name,
			Years: 1, IdempotencyKey: "k1"})
		if err != nil {
			t.Fatal(err)
		}
		as := f.activities(t, store.ActivityFilter{Action: "order.place"})
		if len(as) != 1 || as[0].ActorKind != store.ActorAdmin || as[0].ActorID != "42" || as[0].RemoteIP != "192.0.2.7" ||
			as[0].RequestID != "req-1" || as[0].ObjectType != "order" || as[0].ObjectID != store.ID(o.ID) {
			t.Fatalf("order.place entries: %+v", as)
		}
		var od map[string]any
		if err := json.Unmarshal(as[0].Details, &od); err != nil || od["domain"] != name || od["kind"] != "register" ||
			od["amount"] != float64(1000) || od["client_id"] != float64(f.me) || od["idempotency_key"] != "k1" {
			t.Fatalf("order.place details: %s, %v", as[0].Details, err)
		}
		// Refused orders record nothing: bad input, no credit.
		if _, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRegister, Domain: "bad..com",
			Years: 1, IdempotencyKey: "k2"}); err == nil {
			t.Fatal("a bad name was ordered")
		}
		if _, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.other, Kind: domains.OpRegister, Domain: "broke.com",
			Years: 1, IdempotencyKey: "k3"}); regbox.ErrorCode(err) != regbox.ECONFLICT {
			t.Fatalf("an order without credit: %v", err)
		}
		if as := f.activities(t, store.ActivityFilter{Action: "order.place"}); len(as) != 1 {
			t.Fatalf("%d order.place entries after refused orders", len(as))
		}
		if err := f.svc.Provision(ctx, o.ID, false); err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.Domain(ctx, f.me, name)
		if err != nil {
			t.Fatal(err)
		}

		// One change at the registrar and in our table: one entry, the actor's.
		if err := f.svc.SetLock(ctx, f.me, name, true); err != nil {
			t.Fatal(err)
		}
		as = f.activities(t, store.ActivityFilter{ObjectType: "domain"})
		if len(as) != 1 || as[0].Action != "domain.lock" || as[0].ActorKind != store.ActorAdmin || as[0].ActorID != "42" ||
			as[0].ObjectID != store.ID(d.ID) {
			t.Fatalf("domain entries after SetLock: %+v", as)
		}
		var dd map[string]any
		if err := json.Unmarshal(as[0].Details, &dd); err != nil || dd["domain"] != name || dd["client_id"] != float64(f.me) ||
			dd["change"] != true {
			t.Fatalf("domain.lock details: %s, %v", as[0].Details, err)
		}

		// Failures record nothing: bad input, another client's domain, a
		// registrar error (.com cannot be released to the registry).
		if err := f.svc.SetNameservers(ctx, f.me, name, []string{"not a host"}); regbox.ErrorCode(err) != regbox.EINVALID {
			t.Fatalf("bad nameserver: %v", err)
		}
		if err := f.svc.SetLock(ctx, f.other, name, false); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("another client's domain: %v", err)
		}
		if err := f.svc.Release(ctx, f.me, name, ""); err == nil {
			t.Fatal("released a .com to the registry")
		}
		if as := f.activities(t, store.ActivityFilter{ObjectType: "domain"}); len(as) != 1 {
			t.Fatalf("%d domain entries after failures: %+v", len(as), as)
		}

		// A change made only at the registrar is recorded after it; without an
		// actor in the context, as the system's.
		host := regbox.Host{Name: "ns1." + name, IPs: []string{"192.0.2.10"}}
		if err := f.svc.SetHost(context.Background(), f.me, name, host, true); err != nil {
			t.Fatal(err)
		}
		as = f.activities(t, store.ActivityFilter{Action: "domain.host_create"})
		if len(as) != 1 || as[0].ActorKind != store.ActorSystem || as[0].ActorID != "" || as[0].ObjectID != store.ID(d.ID) {
			t.Fatalf("domain.host_create entries: %+v", as)
		}

		// A retried order answers the first one and records nothing more.
		if _, err := f.svc.PlaceOrder(ctx, domains.OrderRequest{ClientID: f.me, Kind: domains.OpRegister, Domain: name,
			Years: 1, IdempotencyKey: "k1"}); err != nil {
			t.Fatal(err)
		}
		if as := f.activities(t, store.ActivityFilter{Action: "order.place", ObjectID: store.ID(o.ID)}); len(as) != 1 {
			t.Fatalf("%d order.place entries after a retry", len(as))
		}
	})
}
