package store_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 123456789, time.UTC)

// jsonEqual compares JSON values, not bytes (PostgreSQL normalizes jsonb).
var jsonEqual = cmp.Comparer(func(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && cmp.Equal(x, y)
})

func TestActivityAppendAndQuery(t *testing.T) {
	clock := regbox.NewManualClock(t0)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		in := store.Activity{
			ActorKind: store.ActorAdmin, ActorID: "7", Action: "domain.lock",
			ObjectType: "domain", ObjectID: "example.com",
			Details:  json.RawMessage(`{ "locked": true, "reason": "owner asked" }`),
			RemoteIP: "::ffff:192.0.2.1", RequestID: "req-1",
		}
		got, err := db.AppendActivity(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		want := in
		want.ID, want.Time, want.RemoteIP = got.ID, t0.Truncate(time.Microsecond), "192.0.2.1"
		if got.ID == 0 || !cmp.Equal(got, want, jsonEqual) {
			t.Errorf("AppendActivity returned %+v, want %+v", got, want)
		}
		page, err := db.Activities(ctx, store.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Next != 0 || !cmp.Equal(page.Items[0], want, jsonEqual) {
			t.Errorf("Activities = %+v\nwant [%+v]", page, want)
		}
	}, store.WithClock(clock))
}

func TestActivityInTransactionRollsBackWithTheChange(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.SetSetting(ctx, "k", "v"); err != nil {
				return err
			}
			_, err := tx.AppendActivity(ctx, store.Activity{ActorKind: store.ActorAdmin, Action: "settings.update"})
			if err != nil {
				return err
			}
			// The change fails after the log entry: both go.
			_, err = tx.AppendActivity(ctx, store.Activity{ActorKind: "robot", Action: "x"})
			return err
		})
		wantError(t, "bad actor kind", err, regbox.EINVALID, "actor_kind")
		page, err := db.Activities(ctx, store.ActivityFilter{})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("activities after rollback: %v, %v", page.Items, err)
		}
	})
}

func TestActivityFiltersAndPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		kinds := []store.ActorKind{store.ActorAdmin, store.ActorClient, store.ActorSystem, store.ActorAPIKey}
		for i := range 20 {
			_, err := db.AppendActivity(ctx, store.Activity{
				Time:      t0.Add(time.Duration(i) * time.Minute),
				ActorKind: kinds[i%4], ActorID: fmt.Sprint(i % 3), Action: []string{"domain.renew", "domain.lock"}[i%2],
				ObjectType: "domain", ObjectID: fmt.Sprintf("d%d.example", i%5),
				RemoteIP: fmt.Sprintf("192.0.2.%d", i%2), RequestID: fmt.Sprint("r", i),
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		count := func(f store.ActivityFilter) int {
			t.Helper()
			f.Limit = store.MaxLimit
			p, err := db.Activities(ctx, f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			return len(p.Items)
		}
		for _, tc := range []struct {
			f    store.ActivityFilter
			want int
		}{
			{store.ActivityFilter{}, 20},
			{store.ActivityFilter{ActorKind: store.ActorClient}, 5},
			{store.ActivityFilter{ActorKind: store.ActorAdmin, ActorID: "0"}, 2}, // i = 0, 12
			{store.ActivityFilter{Action: "domain.lock"}, 10},
			{store.ActivityFilter{ObjectType: "domain", ObjectID: "d3.example"}, 4},
			{store.ActivityFilter{RemoteIP: "::ffff:192.0.2.1"}, 10},
			{store.ActivityFilter{RequestID: "r7"}, 1},
			{store.ActivityFilter{Range: store.Range{Since: t0.Add(5 * time.Minute)}}, 15},
			{store.ActivityFilter{Range: store.Range{Until: t0.Add(5 * time.Minute)}}, 5},
			{store.ActivityFilter{Range: store.Range{Since: t0.Add(5 * time.Minute), Until: t0.Add(7 * time.Minute)}}, 2},
		} {
			if got := count(tc.f); got != tc.want {
				t.Errorf("%+v: %d entries, want %d", tc.f, got, tc.want)
			}
		}

		// Pages of 6, newest first, follow Next to the end without gaps or repeats,
		// even when entries are appended while paging.
		var seen []string
		f := store.ActivityFilter{Range: store.Range{Limit: 6}}
		for range 10 {
			p, err := db.Activities(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range p.Items {
				seen = append(seen, a.RequestID)
			}
			if _, err := db.AppendActivity(ctx, store.Activity{ActorKind: store.ActorSystem, Action: "late"}); err != nil {
				t.Fatal(err)
			}
			if p.Next == 0 {
				break
			}
			f.Before = p.Next
		}
		var want []string
		for i := 19; i >= 0; i-- {
			want = append(want, fmt.Sprint("r", i))
		}
		if diff := cmp.Diff(want, seen); diff != "" {
			t.Errorf("paging (-want +got):\n%s", diff)
		}
	})
}

func TestActivityValidation(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	ok := store.Activity{ActorKind: store.ActorSystem, Action: "x"}
	for field, a := range map[string]store.Activity{
		"actor_kind": {Action: "x"},
		"action":     {ActorKind: store.ActorSystem},
		"details":    {ActorKind: store.ActorSystem, Action: "x", Details: json.RawMessage(`[1]`)},
		"remote_ip":  {ActorKind: store.ActorSystem, Action: "x", RemoteIP: "localhost"},
		"object_id":  {ActorKind: store.ActorSystem, Action: "x", ObjectID: string(make([]byte, 300))},
	} {
		_, err := db.AppendActivity(ctx, a)
		wantError(t, "append "+field, err, regbox.EINVALID, field)
	}
	if _, err := db.AppendActivity(ctx, ok); err != nil {
		t.Errorf("valid entry: %v", err)
	}
	for field, f := range map[string]store.ActivityFilter{
		"actor_kind": {ActorKind: "robot"},
		"remote_ip":  {RemoteIP: "nope"},
		"limit":      {Range: store.Range{Limit: -1}},
		"before":     {Range: store.Range{Before: -5}},
		"until":      {Range: store.Range{Since: t0, Until: t0}},
		"action":     {Action: "\xff"},
	} {
		_, err := db.Activities(ctx, f)
		wantError(t, "filter "+field, err, regbox.EINVALID, field)
	}
	if _, err := db.Activities(ctx, store.ActivityFilter{Range: store.Range{Limit: store.MaxLimit + 1}}); regbox.ErrorField(err) != "limit" {
		t.Errorf("limit above MaxLimit: %v", err)
	}
}
