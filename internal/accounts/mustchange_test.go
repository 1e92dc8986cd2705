package accounts

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestOneTimePassword(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		a, pw, err := s.CreateAdminOneTime(ctx, Admin{Email: "Root@Example.com", Name: "Root", Role: RoleFull})
		if err != nil || len(pw) < 20 {
			t.Fatalf("create: %v %q", err, pw)
		}
		p := Principal{KindAdmin, a.ID}
		if must, err := s.MustChangePassword(ctx, p); !must || err != nil {
			t.Fatalf("must change after create: %v %v", must, err)
		}
		if _, err := s.Authenticate(ctx, KindAdmin, a.Email, pw); err != nil {
			t.Fatal(err)
		}
		keep, _, err := s.CreateSession(ctx, p, "")
		if err != nil {
			t.Fatal(err)
		}
		other, _, err := s.CreateSession(ctx, p, "")
		if err != nil {
			t.Fatal(err)
		}
		wantErr(t, s.ChangePassword(ctx, p, "wrong password", "a new password", keep), regbox.EINVALID, "current_password")
		wantErr(t, s.ChangePassword(ctx, p, pw, "short", keep), regbox.EINVALID, "password")
		wantErr(t, s.ChangePassword(ctx, p, pw, pw, keep), regbox.EINVALID, "password")
		if must, _ := s.MustChangePassword(ctx, p); !must {
			t.Fatal("a refused change cleared the flag")
		}
		if err := s.ChangePassword(ctx, p, pw, "a new password", keep); err != nil {
			t.Fatal(err)
		}
		if must, err := s.MustChangePassword(ctx, p); must || err != nil {
			t.Fatalf("must change after change: %v %v", must, err)
		}
		if _, err := s.Session(ctx, keep); err != nil {
			t.Fatalf("the caller's session ended: %v", err)
		}
		if _, err := s.Session(ctx, other); regbox.ErrorCode(err) != regbox.EUNAUTHORIZED {
			t.Fatalf("another session lives on: %v", err)
		}
		if _, err := s.Authenticate(ctx, KindAdmin, a.Email, "a new password"); err != nil {
			t.Fatal(err)
		}

		p2, pw2, err := s.ResetPasswordOneTime(ctx, KindAdmin, " ROOT@example.com ")
		if err != nil || p2 != p || pw2 == "" || pw2 == pw {
			t.Fatalf("reset: %v %+v", err, p2)
		}
		if must, _ := s.MustChangePassword(ctx, p); !must {
			t.Fatal("reset did not set the flag")
		}
		if _, err := s.Session(ctx, keep); regbox.ErrorCode(err) != regbox.EUNAUTHORIZED {
			t.Fatalf("reset left a session: %v", err)
		}
		if _, err := s.Authenticate(ctx, KindAdmin, a.Email, pw2); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.ResetPasswordOneTime(ctx, KindAdmin, "nobody@example.com")
		wantErr(t, err, regbox.ENOTFOUND, "")
		if _, err := s.MustChangePassword(ctx, Principal{KindClient, 999}); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("unknown user: %v", err)
		}
	})
}
