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
