package accounts

import (
	"context"
	"crypto/subtle"
	"strconv"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// TOTP (RFC 6238): SHA-1, 6 digits, 30-second steps, one step of skew either
// way, checked against the injected clock. A code is accepted once: the step it
// belongs to must be later than the last accepted one. Secrets are stored
// encrypted (secretkey.go).

const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrollment is a new TOTP secret, shown to the user once (as a QR code of URL).
type Enrollment struct {
	Secret string // base32
	URL    string // otpauth://totp/...
}

func errBadCode() error { return regbox.Errorf(regbox.EUNAUTHORIZED, "Invalid code.") }

// EnrollTOTP makes a new TOTP secret for p, unconfirmed until ConfirmTOTP. It
// replaces an unconfirmed one; a confirmed one is ECONFLICT (disable it first).
func (s *Service) EnrollTOTP(ctx context.Context, p Principal, issuer, account string) (Enrollment, error) {
	if err := p.validate(); err != nil {
		return Enrollment{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account,
		Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrollment{}, regbox.FieldError("account", "cannot make a TOTP key: %v", err)
	}
	sealed, err := s.seal(ctx, p, key.Secret()) // before the transaction: it may store the generated key
	if err != nil {
		return Enrollment{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, confirmed, _, err := totpRow(ctx, tx, p); err == nil && confirmed {
			return regbox.Errorf(regbox.ECONFLICT, "Two-factor authentication is already on; turn it off first.")
		} else if err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
			return err
		}
		d := tx.Dialect()
		_, err := tx.Exec(ctx, `INSERT INTO totp (user_kind, user_id, secret, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_kind, user_id) DO UPDATE SET secret = excluded.secret,
			created_at = excluded.created_at, confirmed_at = NULL, last_step = 0`,
			string(p.Kind), p.ID, sealed, d.Time(s.now()))
		return err
	})
	if err != nil {
		return Enrollment{}, err
	}
	return Enrollment{Secret: key.Secret(), URL: key.URL()}, nil
}

type queryRower interface {
	QueryRow(ctx context.Context, query string, args ...any) *store.Row
}

// totpRow returns p's stored (encrypted, or plain from before) secret.
func totpRow(ctx context.Context, q queryRower, p Principal) (secret string, confirmed bool, lastStep int64, err error) {
	var at time.Time
	err = q.QueryRow(ctx, `SELECT secret, confirmed_at, last_step FROM totp WHERE user_kind = ? AND user_id = ?`,
		string(p.Kind), p.ID).Scan(&secret, store.ScanTime(&at), &lastStep)
	return secret, !at.IsZero(), lastStep, err
}

// ConfirmTOTP turns TOTP on for p once a code from the new secret checks out.
func (s *Service) ConfirmTOTP(ctx context.Context, p Principal, code string) error {
	return s.checkTOTP(ctx, p, code, false)
}

// VerifyTOTP checks a login code of p, whose TOTP is on. A wrong, reused or
// expired code, or TOTP being off, is EUNAUTHORIZED "Invalid code.".
func (s *Service) VerifyTOTP(ctx context.Context, p Principal, code string) error {
	return s.checkTOTP(ctx, p, code, true)
}

func (s *Service) checkTOTP(ctx context.Context, p Principal, code string, wantConfirmed bool) error {
	if err := p.validate(); err != nil {
		return err
	}
	now := s.now()
	if _, err := s.box.get(ctx, s.db); err != nil { // before the transaction: it may store the generated key
		return err
	}
	// Codes tried per user and window, counted in a transaction of their own
	// (a wrong code rolls the check back): six digits must not be guessable by
	// whoever holds a session or a password.
	key := "totp:" + string(p.Kind) + ":" + strconv.FormatInt(p.ID, 10)
	start := now.Truncate(s.limits.Window)
	var tries int64
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		tries, err = countAttempt(ctx, tx, key, start)
		return err
	}); err != nil {
		return err
	}
	if tries > s.limits.PerIdentifier {
		wait := start.Add(s.limits.Window).Sub(now)
		return regbox.Limited(wait, "Too many codes tried; try again in %s.", minutes(wait))
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_attempts WHERE key = ?`, key); err != nil {
			return err
		}
		stored, confirmed, last, err := totpRow(ctx, tx, p)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND || (err == nil && confirmed != wantConfirmed) {
			return errBadCode()
		} else if err != nil {
			return err
		}
		secret, plain, err := s.open(ctx, p, stored)
		if err != nil {
			return err
		}
		step, ok := matchStep(secret, code, now)
		if !ok || step <= last {
			return errBadCode()
		}
		if plain { // a row from before encryption: encrypt it now
			if stored, err = s.seal(ctx, p, secret); err != nil {
				return err
			}
		}
		d := tx.Dialect()
		_, err = tx.Exec(ctx, `UPDATE totp SET last_step = ?, confirmed_at = ?, secret = ? WHERE user_kind = ? AND user_id = ?`,
			step, d.Time(now), stored, string(p.Kind), p.ID)
		if err != nil || wantConfirmed {
			return err // a login code: nothing to record
		}
		return tx.Record(ctx, "totp.enable", string(p.Kind), store.ID(p.ID), nil)
	})
}

// matchStep returns the step (Unix time / 30) of the code among now's and its
// neighbours', comparing in constant time.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, st := range []int64{step - 1, step, step + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(st*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return st, true
		}
	}
	return 0, false
}

// TOTPEnabled reports whether p has confirmed TOTP.
func (s *Service) TOTPEnabled(ctx context.Context, p Principal) (bool, error) {
	_, confirmed, _, err := totpRow(ctx, s.db, p)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return false, nil
	}
	return confirmed, err
}

// DisableTOTP turns TOTP off for p and forgets the secret.
func (s *Service) DisableTOTP(ctx context.Context, p Principal) error {
	if err := p.validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		n, err := rowsAffected(tx.Exec(ctx, `DELETE FROM totp WHERE user_kind = ? AND user_id = ?`, string(p.Kind), p.ID))
		if n == 0 || err != nil {
			return err
		}
		return tx.Record(ctx, "totp.disable", string(p.Kind), store.ID(p.ID), nil)
	})
}
