package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Role is what an admin may do.
type Role string

// The roles.
const (
	RoleFull     Role = "full"      // everything, including settings and other admins
	RoleSupport  Role = "support"   // clients, domains and orders, not settings or admins
	RoleReadOnly Role = "read-only" // look, never change
)

func (r Role) valid() bool { return r == RoleFull || r == RoleSupport || r == RoleReadOnly }

// Admin is a staff member.
type Admin struct {
	ID        int64
	Email     string // login; unique, stored lower-cased
	Name      string
	Role      Role
	TwoFactor bool // TOTP is on (read only: EnableTOTP, ConfirmTOTP and DisableTOTP change it)
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (a Admin) normalize() (Admin, error) {
	var err error
	if a.Email, err = normalizeEmail("email", a.Email); err != nil {
		return a, err
	}
	if a.Name, err = checkText("name", a.Name, true, maxText); err != nil {
		return a, err
	}
	if !a.Role.valid() {
		return a, regbox.FieldError("role", "must be full, support or read-only, not %q", a.Role)
	}
	return a, nil
}

// CreateAdmin validates a and adds it with the given password (required).
func (s *Service) CreateAdmin(ctx context.Context, a Admin, password string) (Admin, error) {
	return s.createAdmin(ctx, a, password, false)
}

// createAdmin adds a; mustChange makes the password a one-time password.
func (s *Service) createAdmin(ctx context.Context, a Admin, password string, mustChange bool) (Admin, error) {
	a, err := a.normalize()
	if err != nil {
		return a, err
	}
	if err := checkPassword(password); err != nil {
		return a, err
	}
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = s.now(), s.now()
	d := s.db.Dialect()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO admins (email, name, role, password_hash, must_change_password, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Email, a.Name, string(a.Role), hash, mustChange,
			d.Time(a.CreatedAt), d.Time(a.UpdatedAt)).Scan(&a.ID); err != nil {
			return err
		}
		return tx.Record(ctx, "admin.create", "admin", store.ID(a.ID), map[string]string{"email": a.Email, "role": string(a.Role)})
	})
	return a, conflictMessage(err)
}

// adminColumns are an admin's columns, with whether its TOTP is confirmed.
const adminColumns = `id, email, name, role, created_at, updated_at, EXISTS (SELECT 1 FROM totp
	WHERE totp.user_kind = 'admin' AND totp.user_id = admins.id AND totp.confirmed_at IS NOT NULL)`

func scanAdmin(r scanner) (Admin, error) {
	var a Admin
	err := r.Scan(&a.ID, &a.Email, &a.Name, &a.Role, store.ScanTime(&a.CreatedAt), store.ScanTime(&a.UpdatedAt), &a.TwoFactor)
	return a, err
}

// Admin returns the admin with the given id, or ENOTFOUND.
func (s *Service) Admin(ctx context.Context, id int64) (Admin, error) {
	a, err := scanAdmin(s.db.QueryRow(ctx, `SELECT `+adminColumns+` FROM admins WHERE id = ?`, id))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return a, regbox.WrapError(regbox.ENOTFOUND, err, "Admin %d does not exist.", id)
	}
	return a, err
}

// AdminByEmail returns the admin whose login is email, or ENOTFOUND.
func (s *Service) AdminByEmail(ctx context.Context, email string) (Admin, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	a, err := scanAdmin(s.db.QueryRow(ctx, `SELECT `+adminColumns+` FROM admins WHERE email = ?`, email))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return a, regbox.Errorf(regbox.ENOTFOUND, "There is no admin with the email %q.", email)
	}
	return a, err
}

// UpdateAdmin replaces the email, name and role of admin a.ID. Taking the role
// full from the last admin who has it is ECONFLICT naming role: nobody could
// manage admins any more.
func (s *Service) UpdateAdmin(ctx context.Context, a Admin) (Admin, error) {
	a, err := a.normalize()
	if err != nil {
		return a, err
	}
	var out Admin
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if a.Role != RoleFull {
			if err := keepFullAdmin(ctx, tx, a.ID); err != nil {
				return err
			}
		}
		var err error
		out, err = scanAdmin(tx.QueryRow(ctx, `UPDATE admins SET email = ?, name = ?, role = ?,
			updated_at = ? WHERE id = ? RETURNING `+adminColumns,
			a.Email, a.Name, string(a.Role), s.db.Dialect().Time(s.now()), a.ID))
		if err != nil {
			return err
		}
		return tx.Record(ctx, "admin.update", "admin", store.ID(a.ID), map[string]string{"email": out.Email, "role": string(out.Role)})
	})
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return a, regbox.WrapError(regbox.ENOTFOUND, err, "Admin %d does not exist.", a.ID)
	}
	return out, conflictMessage(err)
}

// Admins returns all admins in id order (there are few).
func (s *Service) Admins(ctx context.Context) ([]Admin, error) {
	rows, err := s.db.Query(ctx, `SELECT `+adminColumns+` FROM admins ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Admin
	for rows.Next() {
		a, err := scanAdmin(rows)
		if err != nil {
			return nil, fmt.Errorf("accounts: scan admin: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("accounts: list admins: %w", err)
	}
	return out, nil
}

// keepFullAdmin refuses when admin id is the only admin with the role full. On
// PostgreSQL it locks the full admins' rows, so two demotions at once cannot
// both pass; SQLite's single writer serializes them anyway.
func keepFullAdmin(ctx context.Context, tx *store.Tx, id int64) error {
	lock := ""
	if tx.Dialect() == store.Postgres {
		lock = " FOR UPDATE"
	}
	rows, err := tx.Query(ctx, `SELECT id FROM admins WHERE role = ? ORDER BY id`+lock, string(RoleFull))
	if err != nil {
		return err
	}
	defer rows.Close()
	var full []int64
	for rows.Next() {
		var fid int64
		if err := rows.Scan(&fid); err != nil {
			return fmt.Errorf("accounts: scan admin: %w", err)
		}
		full = append(full, fid)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("accounts: list full admins: %w", err)
	}
	if len(full) == 1 && full[0] == id {
		return &regbox.Error{Code: regbox.ECONFLICT, Field: "role",
			Message: fmt.Sprintf("admin %d is the last admin with the role full; give another admin the role full first", id)}
	}
	return nil
}
