package accounts

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Login rate limiting counts attempts in fixed windows, in the database so all
// nodes share the counts: per identifier (kind and email, whether or not the user
// exists, so the limit reveals nothing) and per IP address. A good login clears
// the identifier's count.

// Limits bound login attempts per window.
type Limits struct {
	Window        time.Duration
	PerIdentifier int64
	PerIP         int64
	// Password reset requests per address and per IP address in a window
	// (0: DefaultLimits').
	ResetsPerIdentifier int64
	ResetsPerIP         int64
}

// DefaultLimits: 10 login attempts per email and 100 per IP address, and 3
// password reset requests per address and 20 per IP address, per 15 minutes.
var DefaultLimits = Limits{Window: 15 * time.Minute, PerIdentifier: 10, PerIP: 100, ResetsPerIdentifier: 3, ResetsPerIP: 20}

// WithLimits sets the login rate limits (default DefaultLimits).
func WithLimits(l Limits) Option { return func(s *Service) { s.limits = l } }

func errTooMany(wait time.Duration) error {
	return regbox.Limited(wait, "Too many login attempts; try again in %s.", minutes(wait))
}

// minutes says wait in whole minutes, rounded up.
func minutes(wait time.Duration) string {
	n := int((wait + time.Minute - 1) / time.Minute)
	if n <= 1 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", n)
}

// Login is Authenticate behind the rate limits, for the login forms and API:
// over a limit it answers ELIMITED without checking the password.
func (s *Service) Login(ctx context.Context, kind Kind, email, password, remoteIP string) (Principal, error) {
	if !kind.valid() {
		return Principal{}, regbox.FieldError("user_kind", "must be admin or client, not %q", kind)
	}
	ip, err := netip.ParseAddr(remoteIP)
	if err != nil {
		return Principal{}, regbox.FieldError("remote_ip", "%q is not an IP address", remoteIP)
	}
	idKey := "email:" + string(kind) + ":" + strings.ToLower(strings.TrimSpace(email))
	if len(idKey) > 300 {
		idKey = idKey[:300]
	}
	ipKey := "ip:" + ip.Unmap().String()
	now := s.now()
	start := now.Truncate(s.limits.Window)
	var byID, byIP int64
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if byID, err = countAttempt(ctx, tx, idKey, start); err != nil {
			return err
		}
		byIP, err = countAttempt(ctx, tx, ipKey, start)
		return err
	})
	if err != nil {
		return Principal{}, err
	}
	if byID > s.limits.PerIdentifier || byIP > s.limits.PerIP {
		return Principal{}, errTooMany(start.Add(s.limits.Window).Sub(now))
	}
	p, err := s.Authenticate(ctx, kind, email, password)
	if err != nil {
		return p, err
	}
	return p, s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM login_attempts WHERE key = ?`, idKey)
		return err
	})
}

// countAttempt adds one attempt to key's count in the window starting at start
// (a count from an older window starts over) and returns the new count.
func countAttempt(ctx context.Context, tx *store.Tx, key string, start time.Time) (int64, error) {
	var n int64
	err := tx.QueryRow(ctx, `INSERT INTO login_attempts (key, window_start, attempts) VALUES (?, ?, 1)
		ON CONFLICT (key) DO UPDATE SET
		attempts = CASE WHEN login_attempts.window_start = excluded.window_start THEN login_attempts.attempts + 1 ELSE 1 END,
		window_start = excluded.window_start
		RETURNING attempts`, key, tx.Dialect().Time(start)).Scan(&n)
	return n, err
}

// DeleteOldLoginAttempts removes counts of past windows, for a periodic job.
func (s *Service) DeleteOldLoginAttempts(ctx context.Context) (int64, error) {
	start := s.now().Truncate(s.limits.Window)
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM login_attempts WHERE window_start < ?`, tx.Dialect().Time(start))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
