package accounts

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"net/netip"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Sessions live in the database, so any node serves any user. The token (32
// random bytes, base64url) goes to the browser; the database keeps its SHA-256,
// so a leaked database does not hand out live sessions.

// Session is a login session.
type Session struct {
	ID         int64
	User       Principal
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end; the idle timeout may end it sooner
	RemoteIP   string
}

// touchEvery bounds how often a lookup writes last_seen_at.
const touchEvery = time.Minute

func errNoSession() error {
	return regbox.Errorf(regbox.EUNAUTHORIZED, "Your session has ended; please log in again.")
}

// CreateSession starts a session for p and returns its token, shown this once.
func (s *Service) CreateSession(ctx context.Context, p Principal, remoteIP string) (string, Session, error) {
	if err := p.validate(); err != nil {
		return "", Session{}, err
	}
	if remoteIP != "" {
		ip, err := netip.ParseAddr(remoteIP)
		if err != nil {
			return "", Session{}, regbox.FieldError("remote_ip", "%q is not an IP address", remoteIP)
		}
		remoteIP = ip.Unmap().String()
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	ss := Session{User: p, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.maxLifetime), RemoteIP: remoteIP}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		d := tx.Dialect()
		if err := tx.QueryRow(ctx, `INSERT INTO sessions (token_hash, user_kind, user_id, created_at,
			last_seen_at, expires_at, remote_ip) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			tokenHash(token), string(p.Kind), p.ID, d.Time(now), d.Time(now),
			d.Time(ss.ExpiresAt), remoteIP).Scan(&ss.ID); err != nil {
			return err
		}
		return tx.Record(actingAs(ctx, p), "session.create", "session", store.ID(ss.ID), nil)
	})
	if err != nil {
		return "", Session{}, err
	}
	return token, ss, nil
}

// Session returns the live session whose token this is and marks it used. An
// unknown, revoked, idle or expired token is EUNAUTHORIZED.
func (s *Service) Session(ctx context.Context, token string) (Session, error) {
	if token == "" || len(token) > 128 {
		return Session{}, errNoSession()
	}
	var ss Session
	err := s.db.QueryRow(ctx, `SELECT id, user_kind, user_id, created_at, last_seen_at, expires_at, remote_ip
		FROM sessions WHERE token_hash = ?`, tokenHash(token)).Scan(&ss.ID, &ss.User.Kind, &ss.User.ID,
		store.ScanTime(&ss.CreatedAt), store.ScanTime(&ss.LastSeenAt), store.ScanTime(&ss.ExpiresAt), &ss.RemoteIP)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Session{}, errNoSession()
	} else if err != nil {
		return Session{}, err
	}
	now := s.now()
	if !now.Before(ss.ExpiresAt) || !now.Before(ss.LastSeenAt.Add(s.idleTimeout)) {
		if err := s.deleteSessions(ctx, "", `id = ?`, ss.ID); err != nil { // expired: nothing to record
			return Session{}, err
		}
		return Session{}, errNoSession()
	}
	if now.Sub(ss.LastSeenAt) >= touchEvery {
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, tx.Dialect().Time(now), ss.ID)
			return err
		})
		if err != nil {
			return Session{}, err
		}
		ss.LastSeenAt = now
	}
	return ss, nil
}

// RevokeSession ends the session whose token this is (logout). An unknown
// token is not an error.
func (s *Service) RevokeSession(ctx context.Context, token string) error {
	return s.deleteSessions(ctx, "session.delete", `token_hash = ?`, tokenHash(token))
}

// RevokeSessions ends all sessions of p ("log out everywhere").
func (s *Service) RevokeSessions(ctx context.Context, p Principal) error {
	if err := p.validate(); err != nil {
		return err
	}
	return s.deleteSessions(ctx, "session.delete_all", `user_kind = ? AND user_id = ?`, string(p.Kind), p.ID)
}

// DeleteExpiredSessions removes sessions past their absolute or idle end, for
// a periodic job, and returns how many.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	now := s.now()
	d := s.db.Dialect()
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`,
			d.Time(now), d.Time(now.Add(-s.idleTimeout)))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// deleteSessions ends the sessions where says and records action (if any)
// when it ended some.
func (s *Service) deleteSessions(ctx context.Context, action, where string, args ...any) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		n, err := rowsAffected(tx.Exec(ctx, `DELETE FROM sessions WHERE `+where, args...))
		if action == "" || n == 0 || err != nil {
			return err
		}
		return tx.Record(ctx, action, "session", "", map[string]int64{"sessions": n})
	})
}

// rowsAffected is a statement's count of rows, or its error.
func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// actingAs is ctx with p as the actor: a user who proved who they are without a
// session (a login, a reset token), from the request's address.
func actingAs(ctx context.Context, p Principal) context.Context {
	a := store.ActorOf(ctx)
	a.Kind, a.ID = store.ActorClient, store.ID(p.ID)
	if p.Kind == KindAdmin {
		a.Kind = store.ActorAdmin
	}
	return store.WithActor(ctx, a)
}
