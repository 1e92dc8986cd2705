package dnsbulk_test

import (
	"encoding/json"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/dnsbulk"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestCreateRecordedUnderTheContextsActor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := store.WithActor(t.Context(), store.Actor{Kind: store.ActorClient, ID: store.ID(e.client), RemoteIP: "198.51.100.4"})
		txt := dnsbulk.Change{Op: dnsbulk.OpAdd, Records: []dnsbulk.Record{{Name: "@", Type: "TXT", Data: "x"}}}
		b, err := e.bulk.Create(ctx, e.client, txt, []string{e.domains[0], e.domains[1], e.domains[0]})
		if err != nil {
			t.Fatal(err)
		}
		// Refused (another's domain): nothing recorded.
		if _, err := e.bulk.Create(ctx, e.client, txt, e.domains); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("another's domain: %v", err)
		}
		p, err := db.Activities(t.Context(), store.ActivityFilter{ObjectType: "dns_bulk_change"})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("activities %+v, %v", p.Items, err)
		}
		var d struct {
			Op      string
			Domains int
		}
		if a := p.Items[0]; a.ActorKind != store.ActorClient || a.ActorID != store.ID(e.client) || a.RemoteIP != "198.51.100.4" ||
			a.Action != "dns.bulk.create" || a.ObjectType != "dns_bulk_change" || a.ObjectID != store.ID(b.ID) ||
			json.Unmarshal(a.Details, &d) != nil || d.Op != dnsbulk.OpAdd || d.Domains != 2 {
			t.Errorf("entry %+v", a)
		}
	})
}
