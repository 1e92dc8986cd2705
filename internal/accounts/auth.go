package accounts

import (
	"context"
	"fmt"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// errInvalidLogin is the one answer to wrong credentials, whatever was wrong.
func errInvalidLogin() error {
	return regbox.Errorf(regbox.EUNAUTHORIZED, "Invalid email or password.")
}

// Authenticate checks an email and password of a user of the given kind and
// returns who it is. An unknown email, a user without a password and a wrong
// password all give the same EUNAUTHORIZED error after the same work (one
// argon2id hash). A good password whose hash has old parameters is rehashed.
func (s *Service) Authenticate(ctx context.Context, kind Kind, email, password string) (Principal, error) {
	if !kind.valid() {
		return Principal{}, regbox.FieldError("user_kind", "must be admin or client, not %q", kind)
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if len(password) > maxPassword {
		password = password[:maxPassword] // bounded work; cannot match a stored password anyway
	}
	var id int64
	var hash string
	err := s.db.QueryRow(ctx, `SELECT id, password_hash FROM `+kind.table()+` WHERE email = ?`, email).
		Scan(&id, &hash)
	found := err == nil && hash != ""
	if err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return Principal{}, err
	}
	if !found {
		burnHash(password, s.params) // the same work as a real check, so time reveals nothing
		return Principal{}, errInvalidLogin()
	}
	ok, rehash, verr := verifyPassword(password, hash, s.params)
	if verr != nil {
		return Principal{}, fmt.Errorf("accounts: %s %d: %w", kind, id, verr)
	}
	if !ok {
		return Principal{}, errInvalidLogin()
	}
	if rehash {
		if err := s.rehash(ctx, kind, id, hash, password); err != nil {
			return Principal{}, err
		}
	}
	return Principal{Kind: kind, ID: id}, nil
}

// rehash replaces old with a hash made with the current parameters, unless the
// password changed meanwhile.
func (s *Service) rehash(ctx context.Context, kind Kind, id int64, old, password string) error {
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE `+kind.table()+` SET password_hash = ? WHERE id = ? AND password_hash = ?`,
			hash, id, old)
		return err
	})
}

// SetPassword validates and sets the password of a user, and ends the user's
// sessions (a changed password logs out everywhere), in one transaction.
func (s *Service) SetPassword(ctx context.Context, p Principal, password string) error {
	if err := p.validate(); err != nil {
		return err
	}
	if err := checkPassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE `+p.Kind.table()+` SET password_hash = ?, updated_at = ? WHERE id = ?`,
			hash, tx.Dialect().Time(s.now()), p.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return regbox.Errorf(regbox.ENOTFOUND, "The %s %d does not exist.", p.Kind, p.ID)
		}
		if _, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_kind = ? AND user_id = ?`, string(p.Kind), p.ID); err != nil {
			return err
		}
		return tx.Record(ctx, "password.set", string(p.Kind), store.ID(p.ID), nil)
	})
}
