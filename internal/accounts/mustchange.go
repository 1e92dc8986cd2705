package accounts

import (
	"context"
	"crypto/rand"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// A generated password (the first admin's, or one an operator resets from the
// command line) is shown once and must be replaced at the first login: the user
// carries must_change_password until ChangePassword clears it, and the API
// refuses everything else meanwhile.

// Standing is what a request needs to know about its user besides who it is.
type Standing struct {
	Role               Role // admins' role; "" for clients
	MustChangePassword bool // the password is a one-time one: change it first
}

// Standing reads p's role and password flag in one query. An unknown user is
// ENOTFOUND.
func (s *Service) Standing(ctx context.Context, p Principal) (Standing, error) {
	if err := p.validate(); err != nil {
		return Standing{}, err
	}
	var st Standing
	var err error
	if p.Kind == KindAdmin {
		var role string
		err = s.db.QueryRow(ctx, `SELECT role, must_change_password FROM admins WHERE id = ?`, p.ID).Scan(&role, &st.MustChangePassword)
		st.Role = Role(role)
	} else {
		err = s.db.QueryRow(ctx, `SELECT must_change_password FROM clients WHERE id = ?`, p.ID).Scan(&st.MustChangePassword)
	}
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Standing{}, regbox.WrapError(regbox.ENOTFOUND, err, "The %s %d does not exist.", p.Kind, p.ID)
	}
	return st, err
}

// MustChangePassword reports whether p must choose a new password before doing
// anything else. An unknown user is ENOTFOUND.
func (s *Service) MustChangePassword(ctx context.Context, p Principal) (bool, error) {
	st, err := s.Standing(ctx, p)
	return st.MustChangePassword, err
}

// CreateAdminOneTime creates admin a, in one transaction, with a generated
// password that must be changed at the first login, and returns the password
// (to show once).
func (s *Service) CreateAdminOneTime(ctx context.Context, a Admin) (Admin, string, error) {
	pw := rand.Text() // 26 base32 characters, 130 bits
	a, err := s.createAdmin(ctx, a, pw, true)
	if err != nil {
		return a, "", err
	}
	return a, pw, nil
}

// ResetPasswordOneTime gives the user of kind with email a generated password
// that must be changed at the next login, ends the user's sessions and reset
// tokens, and returns the password (to show once).
func (s *Service) ResetPasswordOneTime(ctx context.Context, kind Kind, email string) (Principal, string, error) {
	if !kind.valid() {
		return Principal{}, "", regbox.FieldError("user_kind", "must be admin or client, not %q", kind)
	}
	pw := rand.Text()
	hash, err := hashPassword(pw, s.params)
	if err != nil {
		return Principal{}, "", err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	p := Principal{Kind: kind}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE `+kind.table()+` SET password_hash = ?, must_change_password = TRUE, updated_at = ?
			WHERE email = ? RETURNING id`, hash, tx.Dialect().Time(s.now()), email).Scan(&p.ID)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return regbox.Errorf(regbox.ENOTFOUND, "There is no %s with the email %q.", kind, email)
		} else if err != nil {
			return err
		}
		if err := endSessionsTx(ctx, tx, p, ""); err != nil {
			return err
		}
		return tx.Record(ctx, "password.reset_one_time", string(p.Kind), store.ID(p.ID), nil)
	})
	if err != nil {
		return Principal{}, "", err
	}
	return p, pw, nil
}

// ChangePassword replaces p's password after checking the current one, clears
// must_change_password, and ends p's other sessions and reset tokens: the
// session whose token is keep (the caller's; "" ends all) stays. A wrong
// current password is EINVALID naming current_password; a bad new one names
// password. Nothing changes on error.
func (s *Service) ChangePassword(ctx context.Context, p Principal, current, password, keep string) error {
	if err := p.validate(); err != nil {
		return err
	}
	if err := checkPassword(password); err != nil {
		return err
	}
	if current == password {
		return regbox.FieldError("password", "must differ from the current password")
	}
	var old string
	err := s.db.QueryRow(ctx, `SELECT password_hash FROM `+p.Kind.table()+` WHERE id = ?`, p.ID).Scan(&old)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return regbox.Errorf(regbox.ENOTFOUND, "The %s %d does not exist.", p.Kind, p.ID)
	} else if err != nil {
		return err
	}
	if len(current) > maxPassword {
		current = current[:maxPassword]
	}
	ok := false
	if old != "" {
		if ok, _, err = verifyPassword(current, old, s.params); err != nil {
			return err
		}
	} else {
		burnHash(current, s.params)
	}
	if !ok {
		return regbox.FieldError("current_password", "is not the current password")
	}
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE `+p.Kind.table()+` SET password_hash = ?, must_change_password = FALSE, updated_at = ?
			WHERE id = ? AND password_hash = ?`, hash, tx.Dialect().Time(s.now()), p.ID, old)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return regbox.Errorf(regbox.ECONFLICT, "The password changed meanwhile; try again.")
		}
		if err := endSessionsTx(ctx, tx, p, keep); err != nil {
			return err
		}
		return tx.Record(ctx, "password.change", string(p.Kind), store.ID(p.ID), nil)
	})
}

// endSessionsTx ends p's sessions but the one whose token is keep, and p's
// password reset tokens.
func endSessionsTx(ctx context.Context, tx *store.Tx, p Principal, keep string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_kind = ? AND user_id = ? AND token_hash <> ?`,
		string(p.Kind), p.ID, tokenHash(keep)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM password_resets WHERE user_kind = ? AND user_id = ?`, string(p.Kind), p.ID)
	return err
}
