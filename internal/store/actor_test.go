package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestRecordUnderTheContextsActor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		admin := store.WithActor(t.Context(), store.Actor{Kind: store.ActorAdmin, ID: "3", RemoteIP: "192.0.2.9", RequestID: "r-1"})
		err := db.Tx(admin, func(tx *store.Tx) error {
			if err := tx.SetSetting(admin, "k", "v"); err != nil {
				return err
			}
			return tx.Record(admin, "settings.update", "setting", "k", map[string]string{"value": "v"})
		})
		if err != nil {
			t.Fatal(err)
		}
		// No actor in the context: the system.
		if err := db.Record(context.Background(), "sync.run", "", store.ID(0), nil); err != nil {
			t.Fatal(err)
		}
		// A change that fails takes its entry with it.
		err = db.Tx(admin, func(tx *store.Tx) error {
			if err := tx.Record(admin, "settings.update", "setting", "k", nil); err != nil {
				return err
			}
			return regbox.Errorf(regbox.EINVALID, "no")
		})
		if regbox.ErrorCode(err) != regbox.EINVALID {
			t.Fatalf("failing change: %v", err)
		}
		page, err := db.Activities(t.Context(), store.ActivityFilter{})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("activities: %+v, %v", page.Items, err)
		}
		sys, adm := page.Items[0], page.Items[1] // newest first
		if sys.ActorKind != store.ActorSystem || sys.ActorID != "" || sys.Action != "sync.run" || string(sys.Details) != "{}" {
			t.Errorf("system entry %+v", sys)
		}
		var d map[string]string
		if adm.ActorKind != store.ActorAdmin || adm.ActorID != "3" || adm.RemoteIP != "192.0.2.9" || adm.RequestID != "r-1" ||
			adm.ObjectID != "k" || json.Unmarshal(adm.Details, &d) != nil || d["value"] != "v" {
			t.Errorf("admin entry %+v", adm)
		}
	})
}
