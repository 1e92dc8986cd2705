package backorder_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// activities returns the activity entries of action, newest first.
func activities(t *testing.T, db *store.DB, action string) []store.Activity {
	t.Helper()
	p, err := db.Activities(t.Context(), store.ActivityFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

// sameJSON says whether an entry's details are want (PostgreSQL's jsonb
// reorders and spaces them).
func sameJSON(got json.RawMessage, want string) bool {
	var g, w any
	return json.Unmarshal(got, &g) == nil && json.Unmarshal([]byte(want), &w) == nil && reflect.DeepEqual(g, w)
}

func TestChangesRecordedUnderTheContextsActor(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			e := setup(t, d)
			admin := store.Actor{Kind: store.ActorAdmin, ID: "7", RemoteIP: "192.0.2.7", RequestID: "r-7"}
			ctx := store.WithActor(t.Context(), admin)
			b, err := e.svc.Create(ctx, 1, "EUR", "soon.com")
			if err != nil {
				t.Fatal(err)
			}
			// A failing change records nothing.
			if _, err := e.svc.Create(ctx, 1, "EUR", "soon.com"); regbox.ErrorCode(err) != regbox.ECONFLICT {
				t.Fatalf("duplicate: %v", err)
			}
			got := activities(t, e.db, "backorder.create")
			if len(got) != 1 {
				t.Fatalf("create entries: %+v", got)
			}
			var det map[string]any
			if a := got[0]; a.ActorKind != store.ActorAdmin || a.ActorID != "7" || a.RemoteIP != "192.0.2.7" || a.RequestID != "r-7" ||
				a.ObjectType != "backorder" || a.ObjectID != store.ID(b.ID) || json.Unmarshal(a.Details, &det) != nil ||
				det["domain"] != "soon.com" || det["client_id"] != 1.0 || det["fee"] != 6900.0 {
				t.Errorf("create entry %+v", a)
			}
			// An admin's cancel is a cancel, not a forced status too.
			if _, err := e.svc.Cancel(ctx, b.ID, " client asked ", "root"); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.ForceState(ctx, b.ID, backorder.Cancelled, "again", "root"); regbox.ErrorCode(err) != regbox.ECONFLICT {
				t.Fatalf("force to the same state: %v", err)
			}
			if got := activities(t, e.db, "backorder.force_status"); len(got) != 0 {
				t.Errorf("force entries: %+v", got)
			}
			got = activities(t, e.db, "backorder.cancel")
			if len(got) != 1 || got[0].ActorID != "7" || got[0].ObjectID != store.ID(b.ID) ||
				!sameJSON(got[0].Details, `{"domain":"soon.com","reason":"client asked"}`) {
				t.Errorf("cancel entries: %+v", got)
			}
			// Prices: the cells set, as the API takes them; none for a refused grid.
			if err := e.svc.SetPrices(ctx, []backorder.Price{{Zone: ".ORG", Currency: "eur", Amount: 100}}); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SetPrices(ctx, []backorder.Price{{Zone: "io", Currency: "XYZ", Amount: 1}}); regbox.ErrorField(err) != "currency" {
				t.Fatalf("bad currency: %v", err)
			}
			got = activities(t, e.db, "backorder.prices")
			if len(got) != 3 || got[0].ActorID != "7" || got[0].ObjectType != "backorder_prices" ||
				!sameJSON(got[0].Details, `{"count":1,"prices":[{"amount":100,"currency":"EUR","tld":"org"}]}`) ||
				got[1].ActorKind != store.ActorSystem { // setup's prices, set without an actor
				t.Errorf("prices entries: %+v", got)
			}
		})
	}
}
