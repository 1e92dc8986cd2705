package pricing_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestChangesRecordedUnderTheContextsActor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, b, reg := setup(t, db)
		ctx := store.WithActor(t.Context(), store.Actor{Kind: store.ActorAPIKey, ID: "12", RequestID: "req-12"})
		entries := func(action string) []store.Activity {
			t.Helper()
			p, err := db.Activities(t.Context(), store.ActivityFilter{Action: action})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range p.Items {
				if a.ActorKind != store.ActorAPIKey || a.ActorID != "12" || a.RequestID != "req-12" {
					t.Errorf("%s recorded under %s %q %q", action, a.ActorKind, a.ActorID, a.RequestID)
				}
			}
			return p.Items
		}
		details := func(a store.Activity) map[string]any {
			var d map[string]any
			if err := json.Unmarshal(a.Details, &d); err != nil {
				t.Fatal(err)
			}
			return d
		}

		// Markups: one entry a change; none for a refused rule or a missing one.
		if _, err := s.PutMarkup(ctx, pricing.Markup{TLD: ".COM", Group: "vip", Percent: "5", Fixed: 100}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutMarkup(ctx, pricing.Markup{Percent: "x"}); regbox.ErrorCode(err) != regbox.EINVALID {
			t.Fatalf("bad markup: %v", err)
		}
		put := entries("prices.markup_put")
		want := map[string]any{"tld": "com", "client_group": "vip", "percent": "5", "fixed": 100.0, "rounding": ""}
		if len(put) != 1 || put[0].ObjectType != "price_markup" || !reflect.DeepEqual(details(put[0]), want) {
			t.Errorf("markup put entries %+v", put)
		}
		if err := s.DeleteMarkup(ctx, ".COM", "vip"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteMarkup(ctx, "com", "vip"); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("second delete: %v", err)
		}
		del := entries("prices.markup_delete")
		if len(del) != 1 || !reflect.DeepEqual(details(del[0]), map[string]any{"tld": "com", "client_group": "vip"}) {
			t.Errorf("markup delete entries %+v", del)
		}

		// Syncs: a dry run and a refused apply record nothing; an apply one entry.
		if _, err := s.Sync(ctx, pricing.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		p, err := s.Sync(ctx, pricing.SyncOptions{Apply: true})
		if err != nil {
			t.Fatal(err)
		}
		s2 := pricing.New(db, changing{reg, "net", "org"}, b)
		if _, err := s2.Sync(ctx, pricing.SyncOptions{Apply: true}); regbox.ErrorField(err) != "renewals" {
			t.Fatalf("renewal change without a choice: %v", err)
		}
		syncs := entries("prices.sync")
		var summary any // an object in the details, not JSON text in a string
		if err := json.Unmarshal([]byte(p.Summary()), &summary); err != nil {
			t.Fatal(err)
		}
		if len(syncs) != 1 || syncs[0].ObjectType != "price_sync" ||
			!reflect.DeepEqual(details(syncs[0]), map[string]any{"summary": summary, "renewals": ""}) {
			t.Errorf("sync entries %+v", syncs)
		}
		// Pricing's entries in all (the set-up's currencies have theirs).
		all, err := db.Activities(t.Context(), store.ActivityFilter{})
		n := 0
		for _, a := range all.Items {
			if strings.HasPrefix(a.Action, "prices.") {
				n++
			}
		}
		if err != nil || n != 3 {
			t.Errorf("%d pricing entries in all, %v", n, err)
		}
	})
}
