package accounts

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db, WithSessionLifetime(30*time.Minute, 2*time.Hour))
		p := Principal{KindClient, 7}
		token, ss, err := s.CreateSession(ctx, p, "::ffff:192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(token) != 43 || ss.RemoteIP != "192.0.2.1" || !ss.ExpiresAt.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("token %d chars, session %+v", len(token), ss)
		}
		var stored string
		if err := db.QueryRow(ctx, `SELECT token_hash FROM sessions`).Scan(&stored); err != nil || stored == token {
			t.Fatalf("stored token_hash %q (%v): the token itself?", stored, err)
		}
		// Used every 20 minutes, the session outlives its idle timeout...
		for range 5 {
			clock.Advance(20 * time.Minute)
			got, err := s.Session(ctx, token)
			if err != nil {
				t.Fatalf("at %v: %v", clock.Now(), err)
			}
			if got.User != p || !got.LastSeenAt.Equal(clock.Now()) {
				t.Fatalf("session %+v", got)
			}
		}
		// ...but not its absolute end.
		clock.Advance(20 * time.Minute)
		_, err = s.Session(ctx, token)
		wantErr(t, err, regbox.EUNAUTHORIZED, "")

		// Idle for too long.
		token2, _, err := s.CreateSession(ctx, p, "")
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(30 * time.Minute)
		_, err = s.Session(ctx, token2)
		wantErr(t, err, regbox.EUNAUTHORIZED, "")

		for _, bad := range []string{"", "nope", string(make([]byte, 200))} {
			_, err = s.Session(ctx, bad)
			wantErr(t, err, regbox.EUNAUTHORIZED, "")
		}
		_, _, err = s.CreateSession(ctx, p, "not-an-ip")
		wantErr(t, err, regbox.EINVALID, "remote_ip")
		_, _, err = s.CreateSession(ctx, Principal{"robot", 1}, "")
		wantErr(t, err, regbox.EINVALID, "user_kind")
	})
}

func TestRevokeSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db)
		alice, bob := Principal{KindClient, 1}, Principal{KindAdmin, 1}
		a1, _, _ := s.CreateSession(ctx, alice, "")
		a2, _, _ := s.CreateSession(ctx, alice, "")
		b1, _, err := s.CreateSession(ctx, bob, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeSession(ctx, a1); err != nil {
			t.Fatal(err)
		}
		_, err = s.Session(ctx, a1)
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
		if _, err := s.Session(ctx, a2); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeSessions(ctx, alice); err != nil {
			t.Fatal(err)
		}
		_, err = s.Session(ctx, a2)
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
		if _, err := s.Session(ctx, b1); err != nil {
			t.Fatalf("bob (admin 1) logged out with alice (client 1): %v", err)
		}
		clock.Advance(3 * time.Hour)
		if n, err := s.DeleteExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("deleted %d, %v; want 1", n, err)
		}
		if n := count(t, db, "sessions"); n != 0 {
			t.Fatalf("%d sessions left", n)
		}
	})
}
