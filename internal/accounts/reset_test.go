package accounts

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestPasswordReset(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db)
		c, err := s.CreateClient(ctx, sampleClient(), goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		if tok, _, err := s.RequestPasswordReset(ctx, KindClient, "nobody@example.com"); tok != "" || err != nil {
			t.Fatalf("unknown email: %q, %v", tok, err)
		}
		session, _, err := s.CreateSession(ctx, Principal{KindClient, c.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		tok, p, err := s.RequestPasswordReset(ctx, KindClient, "JUERGEN@example.de")
		if err != nil || tok == "" || p.ID != c.ID {
			t.Fatalf("request: %v %+v", err, p)
		}
		_, err = s.ResetPassword(ctx, tok, "short")
		wantErr(t, err, regbox.EINVALID, "password")
		clock.Advance(59 * time.Minute)
		if _, err := s.ResetPassword(ctx, tok, "a new password"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, KindClient, c.Email, "a new password"); err != nil {
			t.Fatal(err)
		}
		_, err = s.Session(ctx, session)
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
		_, err = s.ResetPassword(ctx, tok, "another password")
		wantErr(t, err, regbox.EUNAUTHORIZED, "")

		tok2, _, err := s.RequestPasswordReset(ctx, KindClient, c.Email)
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(ResetLifetime)
		_, err = s.ResetPassword(ctx, tok2, "another password")
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
		if _, err := s.Authenticate(ctx, KindClient, c.Email, "a new password"); err != nil {
			t.Fatalf("expired token changed the password: %v", err)
		}
	})
}

func TestPasswordResetThen(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		if _, err := s.CreateClient(ctx, sampleClient(), goodPassword); err != nil {
			t.Fatal(err)
		}
		called := false
		err := s.RequestPasswordResetThen(ctx, KindClient, "nobody@example.com", "", func(context.Context, *store.Tx, ResetToken) error {
			called = true
			return nil
		})
		if err != nil || called {
			t.Fatalf("unknown email: called %v, %v", called, err)
		}
		// then fails: the token is not stored.
		var token string
		boom := regbox.Errorf(regbox.EUNAVAILABLE, "The outbox is down.")
		err = s.RequestPasswordResetThen(ctx, KindClient, "juergen@example.de", "", func(_ context.Context, tx *store.Tx, r ResetToken) error {
			token = r.Token
			return boom
		})
		wantErr(t, err, regbox.EUNAVAILABLE, "")
		if n := count(t, db, "password_resets"); n != 0 || token == "" {
			t.Fatalf("%d reset rows after a failed then (token %q)", n, token)
		}
		_, err = s.ResetPassword(ctx, token, "a new password")
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
	})
}

func TestPasswordResetLimits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db, WithLimits(Limits{Window: 15 * time.Minute, PerIdentifier: 10, PerIP: 100,
			ResetsPerIdentifier: 2, ResetsPerIP: 3}))
		if _, err := s.CreateClient(ctx, sampleClient(), goodPassword); err != nil {
			t.Fatal(err)
		}
		var expires []time.Time
		mail := func(_ context.Context, _ *store.Tx, r ResetToken) error {
			expires = append(expires, r.ExpiresAt)
			return nil
		}
		// Per address, known or not, across IP addresses.
		for i, ip := range []string{"192.0.2.1", "192.0.2.2"} {
			if err := s.RequestPasswordResetThen(ctx, KindClient, "juergen@example.de", ip, mail); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		err := s.RequestPasswordResetThen(ctx, KindClient, "JUERGEN@example.de", "192.0.2.3", mail)
		wantErr(t, err, regbox.ELIMITED, "")
		if len(expires) != 2 || count(t, db, "password_resets") != 2 {
			t.Fatalf("%d mails, %d tokens after the limit", len(expires), count(t, db, "password_resets"))
		}
		if want := clock.Now().UTC().Truncate(time.Microsecond).Add(ResetLifetime); !expires[0].Equal(want) {
			t.Errorf("expires %v, want %v", expires[0], want)
		}
		// Per IP address, over several addresses.
		for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
			if err := s.RequestPasswordResetThen(ctx, KindClient, email, "192.0.2.9", mail); err != nil {
				t.Fatal(err)
			}
		}
		wantErr(t, s.RequestPasswordResetThen(ctx, KindClient, "d@example.com", "192.0.2.9", mail), regbox.ELIMITED, "")
		wantErr(t, s.RequestPasswordResetThen(ctx, KindClient, "c@example.com", "nonsense", mail), regbox.EINVALID, "remote_ip")
		// The next window starts over.
		clock.Advance(15 * time.Minute)
		if err := s.RequestPasswordResetThen(ctx, KindClient, "juergen@example.de", "192.0.2.9", mail); err != nil {
			t.Fatal(err)
		}
	})
}
