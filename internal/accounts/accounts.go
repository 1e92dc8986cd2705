// Package accounts holds regbox's users and how they prove who they are: clients
// (with the contact profile that prefills domain contacts), admins with roles,
// argon2id passwords, DB-backed login sessions, API keys, TOTP second factor and
// login rate limiting.
//
// Secrets (passwords, session tokens, API keys) are never stored, logged or
// returned, except a new session token or API key, which its creator sees once.
// Wrong credentials always give the same EUNAUTHORIZED error, whether the user
// exists or not, after the same amount of work.
package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Service manages accounts. It is safe for concurrent use.
type Service struct {
	db          *store.DB
	clock       regbox.Clock
	params      Params
	idleTimeout time.Duration
	maxLifetime time.Duration
	limits      Limits
	box         sealer     // encrypts TOTP secrets (secretkey.go)
	currencies  Currencies // nil: clients' currencies are not checked (currencies.go)
}

// Option configures New.
type Option func(*Service)

// WithClock sets the clock (default regbox.SystemClock).
func WithClock(c regbox.Clock) Option { return func(s *Service) { s.clock = c } }

// WithParams sets the argon2id parameters for new hashes (default DefaultParams).
// Hashes made with other parameters still verify and are rehashed at login.
func WithParams(p Params) Option { return func(s *Service) { s.params = p } }

// WithSessionLifetime sets how long a session lives without use (idle) and at
// most (absolute). Defaults: 2 hours and 7 days.
func WithSessionLifetime(idle, absolute time.Duration) Option {
	return func(s *Service) { s.idleTimeout, s.maxLifetime = idle, absolute }
}

// New returns a Service on db.
func New(db *store.DB, opts ...Option) (*Service, error) {
	s := &Service{db: db, clock: regbox.SystemClock{}, params: DefaultParams,
		idleTimeout: 2 * time.Hour, maxLifetime: 7 * 24 * time.Hour, limits: DefaultLimits}
	for _, o := range opts {
		o(s)
	}
	if err := s.params.validate(); err != nil {
		return nil, err
	}
	if err := s.box.validate(); err != nil {
		return nil, err
	}
	if s.idleTimeout <= 0 || s.maxLifetime <= 0 {
		return nil, regbox.FieldError("session_lifetime", "must be positive")
	}
	if s.limits.Window <= 0 || s.limits.PerIdentifier < 1 || s.limits.PerIP < 1 {
		return nil, regbox.FieldError("login_limits", "must be positive")
	}
	return s, nil
}

// Kind says which table a user is in.
type Kind string

// The kinds of user.
const (
	KindAdmin  Kind = "admin"
	KindClient Kind = "client"
)

func (k Kind) valid() bool { return k == KindAdmin || k == KindClient }

func (k Kind) table() string {
	if k == KindAdmin {
		return "admins"
	}
	return "clients"
}

// Principal is an authenticated user: an admin or a client.
type Principal struct {
	Kind Kind
	ID   int64
}

func (p Principal) validate() error {
	if !p.Kind.valid() {
		return regbox.FieldError("user_kind", "must be admin or client, not %q", p.Kind)
	}
	if p.ID <= 0 {
		return regbox.FieldError("user_id", "must be a user's id")
	}
	return nil
}

// now returns the clock's time as the store keeps it: UTC, microseconds.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// randomText returns n random bytes as lower-case hex.
func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// tokenHash returns the hex SHA-256 of a token: what the database keeps.
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
