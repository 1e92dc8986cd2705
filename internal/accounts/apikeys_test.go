package accounts

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestAPIKeys(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db)
		c, err := s.CreateClient(ctx, sampleClient(), "")
		if err != nil {
			t.Fatal(err)
		}
		owner := Principal{KindClient, c.ID}
		key, k, err := s.CreateAPIKey(ctx, owner, "deploy bot", []string{"dns:write", "domains:read", "dns:write"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(key, "rbx_"+k.Prefix+"_") || !cmp.Equal(k.Scopes, []string{"dns:write", "domains:read"}) {
			t.Fatalf("key %q, %+v", key[:17], k)
		}
		var stored string
		if err := db.QueryRow(ctx, `SELECT secret_hash FROM api_keys`).Scan(&stored); err != nil ||
			strings.Contains(key, stored) {
			t.Fatalf("stored %q (%v)", stored, err)
		}
		got, err := s.APIKeyByKey(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(k, got); diff != "" || !got.HasScope("dns:write") || got.HasScope("billing:read") {
			t.Fatalf("lookup (-created +got):\n%s", diff)
		}
		changed := byte('A') // a key with its last character changed (to something else)
		if key[len(key)-1] == changed {
			changed = 'B'
		}
		for _, bad := range []string{"", key + "x", key[:len(key)-1] + string(changed), "rbx_" + k.Prefix, "rbx_000000000000_abc"} {
			_, err := s.APIKeyByKey(ctx, bad)
			wantErr(t, err, regbox.EUNAUTHORIZED, "")
			noSecret(t, err, key)
		}

		_, _, err = s.CreateAPIKey(ctx, owner, "x", []string{"root"})
		wantErr(t, err, regbox.EINVALID, "scopes")
		_, _, err = s.CreateAPIKey(ctx, owner, "x", nil)
		wantErr(t, err, regbox.EINVALID, "scopes")
		_, _, err = s.CreateAPIKey(ctx, owner, " ", []string{"dns:read"})
		wantErr(t, err, regbox.EINVALID, "name")
		_, _, err = s.CreateAPIKey(ctx, Principal{KindAdmin, 99}, "x", []string{"dns:read"})
		wantErr(t, err, regbox.ENOTFOUND, "")
		if n := count(t, db, "api_keys"); n != 1 {
			t.Fatalf("%d keys after refused creations, want 1", n)
		}

		// Another owner cannot revoke it.
		wantErr(t, s.RevokeAPIKey(ctx, Principal{KindAdmin, c.ID}, k.ID), regbox.ENOTFOUND, "")
		clock.Advance(5000)
		if err := s.RevokeAPIKey(ctx, owner, k.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.APIKeyByKey(ctx, key)
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
		list, err := s.APIKeys(ctx, owner)
		if err != nil || len(list) != 1 || !list[0].RevokedAt.Equal(clock.Now()) {
			t.Fatalf("list = %+v, %v", list, err)
		}
		if err := s.RevokeAPIKey(ctx, owner, k.ID); err != nil {
			t.Fatalf("revoke twice: %v", err)
		}
	})
}
