package accounts

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// activities returns the activity log, oldest first, as "actor action object".
func activities(t *testing.T, db *store.DB) []string {
	t.Helper()
	p, err := db.Activities(context.Background(), store.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(p.Items) - 1; i >= 0; i-- {
		a := p.Items[i]
		out = append(out, string(a.ActorKind)+":"+a.ActorID+" "+a.Action+" "+a.ObjectType+":"+a.ObjectID)
	}
	return out
}

func TestChangesAreRecordedWithTheirActor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		admin := store.WithActor(context.Background(), store.Actor{Kind: store.ActorAdmin, ID: "9", RemoteIP: "192.0.2.1"})
		c, err := s.CreateClient(admin, sampleClient(), "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		// A change refused records nothing: the same email again.
		_, err = s.CreateClient(admin, sampleClient(), "")
		wantErr(t, err, regbox.ECONFLICT, "email")
		p := Principal{Kind: KindClient, ID: c.ID}
		// A login acts as the user who proved who they are, from the request's address.
		anon := store.WithActor(context.Background(), store.Actor{Kind: store.ActorSystem, RemoteIP: "192.0.2.7"})
		if _, err := s.Login(anon, KindClient, c.Email, "correct horse battery", "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreateSession(anon, p, "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		_, k, err := s.CreateAPIKey(admin, p, "ci", []string{"clients:read"})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second revoke changes nothing and records nothing
			if err := s.RevokeAPIKey(admin, p, k.ID); err != nil {
				t.Fatal(err)
			}
		}
		id := store.ID(c.ID)
		want := []string{
			"admin:9 client.create client:" + id,
			"client:" + id + " session.create session:1",
			"admin:9 api_key.create api_key:" + store.ID(k.ID),
			"admin:9 api_key.revoke api_key:" + store.ID(k.ID),
		}
		got := activities(t, db)
		if len(got) != len(want) {
			t.Fatalf("activity log:\n%q\nwant\n%q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("entry %d = %q, want %q", i, got[i], want[i])
			}
		}
	})
}

// TestLastFullAdminKeepsTheRole: demoting the only admin with the role full is
// ECONFLICT naming role and records nothing; with two, one may step down.
func TestLastFullAdminKeepsTheRole(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ctx := store.WithActor(context.Background(), store.Actor{Kind: store.ActorAdmin, ID: "1"})
		a, err := s.CreateAdmin(ctx, Admin{Email: "a@example.com", Name: "A", Role: RoleFull}, "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreateAdmin(ctx, Admin{Email: "b@example.com", Name: "B", Role: RoleSupport}, "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		before := len(activities(t, db))
		for _, role := range []Role{RoleSupport, RoleReadOnly} {
			a.Role = role
			_, err = s.UpdateAdmin(ctx, a)
			wantErr(t, err, regbox.ECONFLICT, "role")
		}
		if n := len(activities(t, db)); n != before {
			t.Errorf("refusals recorded %d entries", n-before)
		}
		if got, err := s.Admin(ctx, a.ID); err != nil || got.Role != RoleFull {
			t.Fatalf("a: %+v %v", got, err)
		}
		a.Role, a.Name = RoleFull, "A renamed" // the last full admin may still change the rest
		if _, err := s.UpdateAdmin(ctx, a); err != nil {
			t.Fatal(err)
		}
		b.Role = RoleFull
		if _, err := s.UpdateAdmin(ctx, b); err != nil {
			t.Fatal(err)
		}
		a.Role = RoleReadOnly
		if _, err := s.UpdateAdmin(ctx, a); err != nil {
			t.Fatalf("a steps down while b is full: %v", err)
		}
		b.Role = RoleSupport
		_, err = s.UpdateAdmin(ctx, b)
		wantErr(t, err, regbox.ECONFLICT, "role")
		if n := len(activities(t, db)); n != before+3 {
			t.Errorf("entries: %d, want %d", n, before+3)
		}
	})
}
