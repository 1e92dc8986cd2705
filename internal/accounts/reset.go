package accounts

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/netip"
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

// ResetToken is a password reset token as it was stored, for the mail.
type ResetToken struct {
	Token     string    // the secret for the link; the database keeps its hash
	User      Principal // whose password it resets
	ExpiresAt time.Time // as stored: when the link stops working
}

// RequestPasswordReset makes a reset token for the user of kind with email, for
// the caller to send to that address. For an unknown email it returns an empty
// token and no error: the caller must answer the same either way ("if the
// address is known, we sent a link"), so the answer reveals nothing.
func (s *Service) RequestPasswordReset(ctx context.Context, kind Kind, email string) (string, Principal, error) {
	var r ResetToken
	err := s.RequestPasswordResetThen(ctx, kind, email, "", func(_ context.Context, _ *store.Tx, t ResetToken) error {
		r = t
		return nil
	})
	return r.Token, r.User, err
}

// RequestPasswordResetThen makes a reset token for the user of kind with email
// and, in the same transaction, calls then with it (to queue the mail in the
// outbox: the token is stored exactly when the mail is). For an unknown email
// it calls nothing and returns nil, so that the caller answers the same either
// way. An error from then stores nothing.
//
// Requests are rate limited like logins, in the database so that all nodes
// share the counts: per address (known or not, so the limit reveals nothing)
// and, when remoteIP is set, per IP address. Over a limit it answers
// ELIMITED and makes no token.
func (s *Service) RequestPasswordResetThen(ctx context.Context, kind Kind, email, remoteIP string,
	then func(ctx context.Context, tx *store.Tx, r ResetToken) error) error {
	if !kind.valid() {
		return regbox.FieldError("user_kind", "must be admin or client, not %q", kind)
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if err := s.limitResets(ctx, kind, email, remoteIP); err != nil {
		return err
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	r := ResetToken{Token: base64.RawURLEncoding.EncodeToString(b), User: Principal{Kind: kind}}
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id FROM `+kind.table()+` WHERE email = ?`, email).Scan(&r.User.ID)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		d := tx.Dialect()
		if err := tx.QueryRow(ctx, `INSERT INTO password_resets (token_hash, user_kind, user_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?) RETURNING expires_at`, tokenHash(r.Token), string(kind), r.User.ID, d.Time(now),
			d.Time(now.Add(ResetLifetime))).Scan(store.ScanTime(&r.ExpiresAt)); err != nil {
			return err
		}
		return then(ctx, tx, r)
	})
}

// limitResets counts a reset request for email and remoteIP and refuses it
// over the limits.
func (s *Service) limitResets(ctx context.Context, kind Kind, email, remoteIP string) error {
	keys := []string{"reset:" + string(kind) + ":" + email}
	limits := []int64{cmp.Or(s.limits.ResetsPerIdentifier, DefaultLimits.ResetsPerIdentifier)}
	if len(keys[0]) > 300 {
		keys[0] = keys[0][:300]
	}
	if remoteIP != "" {
		ip, err := netip.ParseAddr(remoteIP)
		if err != nil {
			return regbox.FieldError("remote_ip", "%q is not an IP address", remoteIP)
		}
		keys = append(keys, "reset-ip:"+ip.Unmap().String())
		limits = append(limits, cmp.Or(s.limits.ResetsPerIP, DefaultLimits.ResetsPerIP))
	}
	now := s.now()
	start := now.Truncate(s.limits.Window)
	over := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for i, key := range keys {
			n, err := countAttempt(ctx, tx, key, start)
			if err != nil {
				return err
			}
			over = over || n > limits[i]
		}
		return nil
	})
	if err != nil {
		return err
	}
	if over {
		wait := start.Add(s.limits.Window).Sub(now)
		return regbox.Limited(wait, "Too many password reset requests; try again in %s.", minutes(wait))
	}
	return nil
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
		return tx.Record(actingAs(ctx, p), "password.reset", string(p.Kind), store.ID(p.ID), nil)
	})
	if err != nil {
		return Principal{}, err
	}
	return p, nil
}
