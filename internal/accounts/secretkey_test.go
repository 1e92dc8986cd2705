package accounts

import (
	"context"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func storedSecret(t *testing.T, db *store.DB, p Principal) string {
	t.Helper()
	var v string
	if err := db.QueryRow(context.Background(), `SELECT secret FROM totp WHERE user_kind = ? AND user_id = ?`,
		string(p.Kind), p.ID).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTOTPEncrypted(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db) // no key configured: one is generated and stored
		p := Principal{KindClient, 7}
		e, err := s.EnrollTOTP(ctx, p, "regbox", "ann@example.com")
		if err != nil {
			t.Fatal(err)
		}
		stored := storedSecret(t, db, p)
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, e.Secret) {
			t.Fatalf("stored secret %q is not encrypted", stored)
		}
		key, err := db.Setting(ctx, SecretKeySetting)
		if err != nil || len(key) < minSecretKey {
			t.Fatalf("generated key: %q, %v", key, err)
		}
		// Another node (a new service) reads the same key.
		s2, _ := newService(t, db, WithClock(clock))
		code, _ := totp.GenerateCodeCustom(e.Secret, clock.Now(), totpOpts)
		if err := s2.ConfirmTOTP(ctx, p, code); err != nil {
			t.Fatal(err)
		}
		// A secret copied to another user's row does not decrypt.
		q := Principal{KindClient, 8}
		if _, err := db.Exec(ctx, `INSERT INTO totp (user_kind, user_id, secret, created_at, confirmed_at)
			SELECT user_kind, 8, secret, created_at, confirmed_at FROM totp WHERE user_id = 7`); err != nil {
			t.Fatal(err)
		}
		wantErr(t, s.VerifyTOTP(ctx, q, "123456"), regbox.EINTERNAL, "")
		// Another key does not decrypt either.
		other, _ := newService(t, db, WithSecretKey(strings.Repeat("k", 32)))
		wantErr(t, other.VerifyTOTP(ctx, p, "123456"), regbox.EINTERNAL, "")
		if _, err := New(db, WithSecretKey("short")); regbox.ErrorField(err) != "secret_key" {
			t.Errorf("short key: %v", err)
		}
	})
}

// TestTOTPPlainRows: rows stored before encryption still verify, and are
// encrypted by the check or by EncryptTOTPSecrets.
func TestTOTPPlainRows(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db, WithSecretKey(strings.Repeat("s", 40)))
		const secret = "JBSWY3DPEHPK3PXP"
		for _, id := range []int64{1, 2} {
			if _, err := db.Exec(ctx, `INSERT INTO totp (user_kind, user_id, secret, created_at, confirmed_at) VALUES ('admin', ?, ?, ?, ?)`,
				id, secret, db.Dialect().Time(clock.Now()), db.Dialect().Time(clock.Now())); err != nil {
				t.Fatal(err)
			}
		}
		code, _ := totp.GenerateCodeCustom(secret, clock.Now(), totpOpts)
		if err := s.VerifyTOTP(ctx, Principal{KindAdmin, 1}, code); err != nil {
			t.Fatal(err)
		}
		if v := storedSecret(t, db, Principal{KindAdmin, 1}); !strings.HasPrefix(v, "v1:") {
			t.Errorf("checked row still plain: %q", v)
		}
		if n, err := s.EncryptTOTPSecrets(ctx); n != 1 || err != nil {
			t.Fatalf("EncryptTOTPSecrets = %d, %v; want 1", n, err)
		}
		if v := storedSecret(t, db, Principal{KindAdmin, 2}); !strings.HasPrefix(v, "v1:") {
			t.Errorf("row still plain: %q", v)
		}
		if err := s.VerifyTOTP(ctx, Principal{KindAdmin, 2}, code); err != nil {
			t.Fatal(err)
		}
		if n, err := s.EncryptTOTPSecrets(ctx); n != 0 || err != nil {
			t.Errorf("again: %d, %v", n, err)
		}
		if _, err := db.Setting(ctx, SecretKeySetting); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("a configured key stored a generated one: %v", err)
		}
	})
}
