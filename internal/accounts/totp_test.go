package accounts

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestTOTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db)
		p := Principal{KindAdmin, 3}
		code := func(secret string, at time.Time) string {
			c, err := totp.GenerateCodeCustom(secret, at, totpOpts)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		e, err := s.EnrollTOTP(ctx, p, "regbox", "root@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if on, _ := s.TOTPEnabled(ctx, p); on {
			t.Fatal("on before confirmation")
		}
		wantErr(t, s.VerifyTOTP(ctx, p, code(e.Secret, clock.Now())), regbox.EUNAUTHORIZED, "")
		wantErr(t, s.ConfirmTOTP(ctx, p, "000000x"), regbox.EUNAUTHORIZED, "")
		if err := s.ConfirmTOTP(ctx, p, code(e.Secret, clock.Now())); err != nil {
			t.Fatal(err)
		}
		if on, err := s.TOTPEnabled(ctx, p); !on || err != nil {
			t.Fatalf("enabled = %v, %v", on, err)
		}
		_, err = s.EnrollTOTP(ctx, p, "regbox", "root@example.com")
		wantErr(t, err, regbox.ECONFLICT, "")

		// The confirmation's code cannot be used again; the next step's can,
		// also 30 seconds late, but not 90.
		wantErr(t, s.VerifyTOTP(ctx, p, code(e.Secret, clock.Now())), regbox.EUNAUTHORIZED, "")
		next := clock.Advance(30 * time.Second)
		clock.Advance(30 * time.Second)
		if err := s.VerifyTOTP(ctx, p, code(e.Secret, next)); err != nil {
			t.Fatalf("code one step late: %v", err)
		}
		clock.Advance(90 * time.Second)
		wantErr(t, s.VerifyTOTP(ctx, p, code(e.Secret, clock.Now().Add(-90*time.Second))), regbox.EUNAUTHORIZED, "")
		if err := s.VerifyTOTP(ctx, p, code(e.Secret, clock.Now())); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableTOTP(ctx, p); err != nil {
			t.Fatal(err)
		}
		if on, _ := s.TOTPEnabled(ctx, p); on {
			t.Fatal("on after disable")
		}
	})
}

// Codes are limited per user and window: guessing six digits needs a million
// tries, a window allows a few; a right code clears the count.
func TestTOTPGuessesLimited(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db, WithLimits(Limits{Window: 15 * time.Minute, PerIdentifier: 3, PerIP: 100}))
		p := Principal{KindAdmin, 3}
		e, err := s.EnrollTOTP(ctx, p, "regbox", "root@example.com")
		if err != nil {
			t.Fatal(err)
		}
		right := func() string {
			c, err := totp.GenerateCodeCustom(e.Secret, clock.Now(), totpOpts)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		wrong := "000000"
		if right() == wrong {
			wrong = "111111"
		}
		for range 2 {
			wantErr(t, s.ConfirmTOTP(ctx, p, wrong), regbox.EUNAUTHORIZED, "")
		}
		if err := s.ConfirmTOTP(ctx, p, right()); err != nil { // the third try, and right: the count starts over
			t.Fatal(err)
		}
		clock.Advance(time.Minute) // a new step for the next right code
		for range 3 {
			wantErr(t, s.VerifyTOTP(ctx, p, wrong), regbox.EUNAUTHORIZED, "")
		}
		wantErr(t, s.VerifyTOTP(ctx, p, right()), regbox.ELIMITED, "") // over the limit: not even checked
		clock.Advance(15 * time.Minute)
		if err := s.VerifyTOTP(ctx, p, right()); err != nil {
			t.Fatalf("next window: %v", err)
		}
	})
}

// TestAdminTwoFactor: every way of reading an admin says whether its TOTP is on
// (confirmed), so the edges need not ask per admin.
func TestAdminTwoFactor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db)
		ad, err := s.CreateAdmin(ctx, Admin{Email: "ops@example.com", Name: "Ops", Role: RoleFull}, "a long password 1")
		if err != nil {
			t.Fatal(err)
		}
		check := func(want bool) {
			t.Helper()
			one, err := s.Admin(ctx, ad.ID)
			if err != nil || one.TwoFactor != want {
				t.Errorf("Admin: two-factor %v, %v; want %v", one.TwoFactor, err, want)
			}
			byEmail, err := s.AdminByEmail(ctx, ad.Email)
			if err != nil || byEmail.TwoFactor != want {
				t.Errorf("AdminByEmail: two-factor %v, %v; want %v", byEmail.TwoFactor, err, want)
			}
			all, err := s.Admins(ctx)
			if err != nil || len(all) != 1 || all[0].TwoFactor != want {
				t.Errorf("Admins: %+v, %v; want two-factor %v", all, err, want)
			}
			up, err := s.UpdateAdmin(ctx, Admin{ID: ad.ID, Email: ad.Email, Name: "Ops " + strconv.FormatBool(want), Role: RoleFull})
			if err != nil || up.TwoFactor != want {
				t.Errorf("UpdateAdmin: two-factor %v, %v; want %v", up.TwoFactor, err, want)
			}
		}
		p := Principal{KindAdmin, ad.ID}
		e, err := s.EnrollTOTP(ctx, p, "regbox", ad.Email)
		if err != nil {
			t.Fatal(err)
		}
		check(false) // enrolled, not confirmed
		c, err := totp.GenerateCodeCustom(e.Secret, clock.Now(), totpOpts)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ConfirmTOTP(ctx, p, c); err != nil {
			t.Fatal(err)
		}
		check(true)
		if err := s.DisableTOTP(ctx, p); err != nil {
			t.Fatal(err)
		}
		check(false)
	})
}
