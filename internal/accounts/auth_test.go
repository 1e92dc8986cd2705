package accounts

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

const goodPassword = "correct horse battery"

func TestAdmins(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		a, err := s.CreateAdmin(ctx, Admin{Email: "Root@Example.com", Name: "Root", Role: RoleFull}, goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.CreateAdmin(ctx, Admin{Email: "x@example.com", Name: "X", Role: "owner"}, goodPassword)
		wantErr(t, err, regbox.EINVALID, "role")
		_, err = s.CreateAdmin(ctx, Admin{Email: "root@example.com", Name: "Two", Role: RoleSupport}, goodPassword)
		wantErr(t, err, regbox.ECONFLICT, "email")
		_, err = s.CreateAdmin(ctx, Admin{Email: "y@example.com", Name: "Y", Role: RoleSupport}, "")
		wantErr(t, err, regbox.EINVALID, "password")
		a.Role, a.Name = RoleReadOnly, "Root (ro)"
		_, err = s.UpdateAdmin(ctx, a) // the only full admin stays full
		wantErr(t, err, regbox.ECONFLICT, "role")
		a.Role, a.Name = RoleFull, "Root (renamed)"
		if a, err = s.UpdateAdmin(ctx, a); err != nil || a.Name != "Root (renamed)" {
			t.Fatalf("update = %+v, %v", a, err)
		}
		all, err := s.Admins(ctx)
		if err != nil || len(all) != 1 || all[0] != a {
			t.Fatalf("admins = %+v, %v", all, err)
		}
		if got, err := s.Admin(ctx, a.ID); err != nil || got != a {
			t.Fatalf("admin = %+v, %v", got, err)
		}
		_, err = s.Admin(ctx, 42)
		wantErr(t, err, regbox.ENOTFOUND, "")
	})
}

func TestAuthenticate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		a, err := s.CreateAdmin(ctx, Admin{Email: "root@example.com", Name: "Root", Role: RoleFull}, goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.CreateClient(ctx, sampleClient(), goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		nopw := sampleClient()
		nopw.Email = "nopw@example.de"
		if _, err := s.CreateClient(ctx, nopw, ""); err != nil {
			t.Fatal(err)
		}
		p, err := s.Authenticate(ctx, KindAdmin, " ROOT@example.com", goodPassword)
		if err != nil || p != (Principal{KindAdmin, a.ID}) {
			t.Fatalf("admin login = %+v, %v", p, err)
		}
		p, err = s.Authenticate(ctx, KindClient, c.Email, goodPassword)
		if err != nil || p != (Principal{KindClient, c.ID}) {
			t.Fatalf("client login = %+v, %v", p, err)
		}
		// Every wrong credential gives the same error.
		var msgs []string
		for _, try := range []struct {
			kind      Kind
			email, pw string
		}{
			{KindAdmin, "root@example.com", "wrong password"},
			{KindAdmin, "nobody@example.com", goodPassword},
			{KindClient, "root@example.com", goodPassword}, // an admin is not a client
			{KindClient, "nopw@example.de", ""},
			{KindClient, c.Email, strings.Repeat("x", 5000)},
		} {
			_, err := s.Authenticate(ctx, try.kind, try.email, try.pw)
			wantErr(t, err, regbox.EUNAUTHORIZED, "")
			noSecret(t, err, goodPassword)
			msgs = append(msgs, regbox.ErrorMessage(err))
		}
		for _, m := range msgs {
			if m != "Invalid email or password." {
				t.Fatalf("message %q", m)
			}
		}
		_, err = s.Authenticate(ctx, "robot", "a@b.c", goodPassword)
		wantErr(t, err, regbox.EINVALID, "user_kind")
	})
}

// TestAuthenticateSameWork checks that an unknown user costs exactly what a known
// user with a wrong password costs: one argon2id derivation with the same
// parameters. (Counting the work, not timing it, keeps the test deterministic;
// BenchmarkHashDefault measures the time.)
func TestAuthenticateSameWork(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	s, _ := newService(t, db)
	if _, err := s.CreateAdmin(ctx, Admin{Email: "root@example.com", Name: "Root", Role: RoleFull}, goodPassword); err != nil {
		t.Fatal(err)
	}
	var calls []Params
	orig := deriveKey
	deriveKey = func(pw string, salt []byte, p Params) []byte {
		calls = append(calls, p)
		return orig(pw, salt, p)
	}
	defer func() { deriveKey = orig }()
	for _, email := range []string{"root@example.com", "nobody@example.com"} {
		calls = nil
		_, err := s.Authenticate(ctx, KindAdmin, email, "wrong password")
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
		if len(calls) != 1 || calls[0] != s.params {
			t.Errorf("%s: %d derivations %+v, want one with %+v", email, len(calls), calls, s.params)
		}
	}
}

func TestRehashAndSetPassword(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db)
		a, err := s.CreateAdmin(ctx, Admin{Email: "root@example.com", Name: "Root", Role: RoleFull}, goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		hashOf := func() string {
			var h string
			if err := db.QueryRow(ctx, `SELECT password_hash FROM admins WHERE id = ?`, a.ID).Scan(&h); err != nil {
				t.Fatal(err)
			}
			return h
		}
		newer := testParams
		newer.Time = 2
		s2, err := New(db, WithClock(clock), WithParams(newer))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s2.Authenticate(ctx, KindAdmin, a.Email, "wrong password"); err == nil {
			t.Fatal("wrong password accepted")
		}
		if h := hashOf(); !strings.Contains(h, "t=1,") {
			t.Fatalf("rehashed after a failed login: %s", h)
		}
		if _, err := s2.Authenticate(ctx, KindAdmin, a.Email, goodPassword); err != nil {
			t.Fatal(err)
		}
		if h := hashOf(); !strings.Contains(h, "m=64,t=2,p=1$") {
			t.Fatalf("not rehashed: %s", h)
		}

		p := Principal{KindAdmin, a.ID}
		token, _, err := s.CreateSession(ctx, p, "")
		if err != nil {
			t.Fatal(err)
		}
		wantErr(t, s.SetPassword(ctx, p, "short"), regbox.EINVALID, "password")
		if _, err := s.Session(ctx, token); err != nil {
			t.Fatalf("a refused password change ended the session: %v", err)
		}
		if err := s.SetPassword(ctx, p, "another good one"); err != nil {
			t.Fatal(err)
		}
		_, err = s.Session(ctx, token)
		wantErr(t, err, regbox.EUNAUTHORIZED, "")
		if _, err := s.Authenticate(ctx, KindAdmin, a.Email, "another good one"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, s.SetPassword(ctx, Principal{KindClient, 77}, "another good one"), regbox.ENOTFOUND, "")
	})
}
