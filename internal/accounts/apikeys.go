package accounts

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// An API key reads "rbx_<prefix>_<secret>": prefix (12 hex characters) finds the
// row, the secret (32 random bytes, base64url) is checked against its stored
// SHA-256 in constant time. The key is shown once, at creation.

// Scopes are what an API key may be allowed to do.
var Scopes = []string{"domains:read", "domains:write", "dns:read", "dns:write", "billing:read", "billing:write",
	"clients:read", "clients:write", "jobs:read", "jobs:write", "logs:read", "orders:read", "orders:write",
	"prices:read", "prices:write",
	"backorders:read", "backorders:write", "admins:read", "admins:write"}

// APIKey is an API key, without its secret.
type APIKey struct {
	ID        int64
	Prefix    string // the public part, to tell keys apart in lists
	Owner     Principal
	Name      string
	Scopes    []string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the key is live
}

// HasScope reports whether the key grants scope.
func (k APIKey) HasScope(scope string) bool { return slices.Contains(k.Scopes, scope) }

func errBadKey() error { return regbox.Errorf(regbox.EUNAUTHORIZED, "Invalid API key.") }

func checkScopes(scopes []string) ([]string, error) {
	if len(scopes) == 0 {
		return nil, regbox.FieldError("scopes", "must name at least one of %s", strings.Join(Scopes, ", "))
	}
	out := make([]string, 0, len(scopes))
	for _, sc := range scopes {
		if !slices.Contains(Scopes, sc) {
			return nil, regbox.FieldError("scopes", "%q is not one of %s", sc, strings.Join(Scopes, ", "))
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	slices.Sort(out)
	return out, nil
}

// CreateAPIKey makes a key for owner and returns it, shown this once.
func (s *Service) CreateAPIKey(ctx context.Context, owner Principal, name string, scopes []string) (string, APIKey, error) {
	if err := owner.validate(); err != nil {
		return "", APIKey{}, err
	}
	name, err := checkText("name", name, true, 64)
	if err != nil {
		return "", APIKey{}, err
	}
	if scopes, err = checkScopes(scopes); err != nil {
		return "", APIKey{}, err
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	k := APIKey{Prefix: randomText(6), Owner: owner, Name: name, Scopes: scopes, CreatedAt: s.now()}
	sec := base64.RawURLEncoding.EncodeToString(secret)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// The owner must exist: looked up here, as there is no foreign key.
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM `+owner.Kind.table()+` WHERE id = ?`, owner.ID).Scan(&one); err != nil {
			if regbox.ErrorCode(err) == regbox.ENOTFOUND {
				return regbox.Errorf(regbox.ENOTFOUND, "The %s %d does not exist.", owner.Kind, owner.ID)
			}
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO api_keys (prefix, secret_hash, user_kind, user_id, name, scopes, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, k.Prefix, tokenHash(sec), string(owner.Kind), owner.ID,
			name, strings.Join(scopes, " "), tx.Dialect().Time(k.CreatedAt)).Scan(&k.ID); err != nil {
			return err
		}
		return tx.Record(ctx, "api_key.create", "api_key", store.ID(k.ID), map[string]any{"name": k.Name, "scopes": k.Scopes})
	})
	if err != nil {
		return "", APIKey{}, err
	}
	return "rbx_" + k.Prefix + "_" + sec, k, nil
}

const keyColumns = `id, prefix, user_kind, user_id, name, scopes, created_at, revoked_at`

func scanKey(r scanner, secretHash *string) (APIKey, error) {
	var k APIKey
	var scopes string
	dest := []any{&k.ID, &k.Prefix, &k.Owner.Kind, &k.Owner.ID, &k.Name, &scopes,
		store.ScanTime(&k.CreatedAt), store.ScanTime(&k.RevokedAt)}
	if secretHash != nil {
		dest = append(dest, secretHash)
	}
	err := r.Scan(dest...)
	k.Scopes = strings.Fields(scopes)
	return k, err
}

// APIKeyByKey returns the live key that was presented. A malformed, unknown,
// wrong or revoked key is EUNAUTHORIZED "Invalid API key.".
func (s *Service) APIKeyByKey(ctx context.Context, key string) (APIKey, error) {
	rest, ok := strings.CutPrefix(key, "rbx_")
	prefix, sec, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || len(prefix) != 12 || len(sec) > 64 {
		return APIKey{}, errBadKey()
	}
	var hash string
	k, err := scanKey(s.db.QueryRow(ctx, `SELECT `+keyColumns+`, secret_hash FROM api_keys WHERE prefix = ?`, prefix), &hash)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return APIKey{}, errBadKey()
	} else if err != nil {
		return APIKey{}, err
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(tokenHash(sec))) != 1 || !k.RevokedAt.IsZero() {
		return APIKey{}, errBadKey()
	}
	return k, nil
}

// APIKeys returns owner's keys, live and revoked, in id order.
func (s *Service) APIKeys(ctx context.Context, owner Principal) ([]APIKey, error) {
	if err := owner.validate(); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE user_kind = ? AND user_id = ? ORDER BY id`,
		string(owner.Kind), owner.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		k, err := scanKey(rows, nil)
		if err != nil {
			return nil, fmt.Errorf("accounts: scan api key: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("accounts: list api keys: %w", err)
	}
	return out, nil
}

// RevokeAPIKey revokes owner's key id. Another owner's key is ENOTFOUND;
// revoking a revoked key is a no-op.
func (s *Service) RevokeAPIKey(ctx context.Context, owner Principal, id int64) error {
	if err := owner.validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM api_keys WHERE id = ? AND user_kind = ? AND user_id = ?`,
			id, string(owner.Kind), owner.ID).Scan(&one)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return regbox.Errorf(regbox.ENOTFOUND, "API key %d does not exist.", id)
		} else if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
			tx.Dialect().Time(s.now()), id)
		if n, err := rowsAffected(res, err); n == 0 || err != nil {
			return err // revoked already: nothing to record
		}
		return tx.Record(ctx, "api_key.revoke", "api_key", store.ID(id), nil)
	})
}
