package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Password reset: a token (32 random bytes, base64url) goes by email; the
// database keeps its SHA-256. It works once, within ResetLifetime, and using it
// ends the user's sessions and other reset tokens.

// ResetLifetime is how long a password reset token works.
const ResetLifetime = time.Hour

func errBadReset() error {
	return regbox.Errorf(regbox.EUNAUTHORIZED, "This password reset link is invalid or has expired.")
}

// RequestPasswordReset makes a reset token for the user of kind with email, for
// the caller to send to that address. For an unknown email it returns an empty
// token and no error: the caller must answer the same either way ("if the
// address is known, we sent a link"), so the answer reveals nothing.
func (s *Service) RequestPasswordReset(ctx context.Context, kind Kind, email string) (string, Principal, error) {
	var token string
	var p Principal
	err := s.RequestPasswordResetThen(ctx, kind, email, func(_ context.Context, _ *store.Tx, t string, u Principal) error {
		token, p = t, u
		return nil
	})
	return token, p, err
}

// RequestPasswordResetThen makes a reset token for the user of kind with email
// and, in the same transaction, calls then with it (to queue the mail in the
// outbox: the token is stored exactly when the mail is). For an unknown email
// it calls nothing and returns nil, so that the caller answers the same either
// way. An error from then stores nothing.
func (s *Service) RequestPasswordResetThen(ctx context.Context, kind Kind, email string,
	then func(ctx context.Context, tx *store.Tx, token string, p Principal) error) error {
	if !kind.valid() {
		return regbox.FieldError("user_kind", "must be admin or client, not %q", kind)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		p := Principal{Kind: kind}
		err := tx.QueryRow(ctx, `SELECT id FROM `+kind.table()+` WHERE email = ?`,
			strings.ToLower(strings.TrimSpace(email))).Scan(&p.ID)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		d := tx.Dialect()
		if _, err := tx.Exec(ctx, `INSERT INTO password_resets (token_hash, user_kind, user_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, tokenHash(token), string(kind), p.ID, d.Time(now), d.Time(now.Add(ResetLifetime))); err != nil {
			return err
		}
		return then(ctx, tx, token, p)
	})
}

// ResetPassword sets a new password with a reset token, in one transaction
// that also ends the user's sessions and reset tokens. A bad, used or expired
// token is EUNAUTHORIZED; a bad password is EINVALID and leaves the token usable.
func (s *Service) ResetPassword(ctx context.Context, token, password string) (Principal, error) {
	if err := checkPassword(password); err != nil {
		return Principal{}, err
	}
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return Principal{}, err
	}
	now := s.now()
	var p Principal
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var expires time.Time
		err := tx.QueryRow(ctx, `SELECT user_kind, user_id, expires_at FROM password_resets WHERE token_hash = ?`,
			tokenHash(token)).Scan(&p.Kind, &p.ID, store.ScanTime(&expires))
		if regbox.ErrorCode(err) == regbox.ENOTFOUND || (err == nil && !now.Before(expires)) {
			return errBadReset()
		} else if err != nil {
			return err
		}
		d := tx.Dialect()
		if _, err := tx.Exec(ctx, `UPDATE `+p.Kind.table()+` SET password_hash = ?, must_change_password = FALSE, updated_at = ? WHERE id = ?`,
			hash, d.Time(now), p.ID); err != nil {
			return err
		}
		for _, table := range []string{"password_resets", "sessions"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE user_kind = ? AND user_id = ?`, string(p.Kind), p.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Principal{}, err
	}
	return p, nil
}
