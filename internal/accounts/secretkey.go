package accounts

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// TOTP secrets are stored encrypted with AES-256-GCM: "v1:" + base64(nonce ‖
// ciphertext), the row's user kind and id as additional data (a secret copied
// to another user's row does not decrypt). The key is derived with HKDF-SHA256
// from the operator's secret key (config secret_key) or, when none is
// configured, from a random one that the first node generates and keeps in the
// settings table under SecretKeySetting (which guards against a leak of the totp
// table alone, not of the whole database: configure secret_key for that). Rows
// written before encryption (plain base32) are still read, and re-encrypted by
// EncryptTOTPSecrets and whenever a code is checked.

// SecretKeySetting is the settings key of the generated secret key. It is a
// secret: never show it.
const SecretKeySetting = "accounts.secret_key"

// minSecretKey is the least length of a configured secret key.
const minSecretKey = 32

const sealedPrefix = "v1:"

// WithSecretKey sets the secret key TOTP secrets are encrypted with (at least
// 32 characters; keep it: without it they cannot be read). Without it, a key is
// generated and kept in the database's settings.
func WithSecretKey(key string) Option { return func(s *Service) { s.box.configured = key } }

// sealer encrypts and decrypts with a key resolved on first use.
type sealer struct {
	configured string
	mu         sync.Mutex
	aead       cipher.AEAD
}

func (b *sealer) validate() error {
	if b.configured != "" && len(b.configured) < minSecretKey {
		return regbox.FieldError("secret_key", "must be at least %d characters long", minSecretKey)
	}
	return nil
}

// get returns the AEAD, resolving the key from the configuration or the database.
func (b *sealer) get(ctx context.Context, db *store.DB) (cipher.AEAD, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.aead != nil {
		return b.aead, nil
	}
	secret := b.configured
	if secret == "" {
		var err error
		if secret, err = storedKey(ctx, db); err != nil {
			return nil, err
		}
	}
	key, err := hkdf.Key(sha256.New, []byte(secret), nil, "regbox accounts totp v1", 32)
	if err != nil {
		return nil, fmt.Errorf("accounts: secret key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("accounts: secret key: %w", err)
	}
	if b.aead, err = cipher.NewGCM(block); err != nil {
		return nil, fmt.Errorf("accounts: secret key: %w", err)
	}
	return b.aead, nil
}

// storedKey returns the generated key, making it if there is none yet; nodes
// starting together agree on the first one written.
func storedKey(ctx context.Context, db *store.DB) (string, error) {
	fresh := base64.RawStdEncoding.EncodeToString(randomBytes(32))
	var key string
	err := db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			SecretKeySetting, fresh, tx.Dialect().Time(tx.Now())); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, SecretKeySetting).Scan(&key)
	})
	if err != nil {
		return "", fmt.Errorf("accounts: secret key: %w", err)
	}
	return key, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return b
}

func totpAAD(p Principal) []byte { return fmt.Appendf(nil, "totp:%s:%d", p.Kind, p.ID) }

// seal encrypts a TOTP secret of p.
func (s *Service) seal(ctx context.Context, p Principal, secret string) (string, error) {
	aead, err := s.box.get(ctx, s.db)
	if err != nil {
		return "", err
	}
	nonce := randomBytes(aead.NonceSize())
	out := aead.Seal(nonce, nonce, []byte(secret), totpAAD(p))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// open decrypts a stored TOTP secret of p; plain reports a row written before
// encryption, returned as it is.
func (s *Service) open(ctx context.Context, p Principal, stored string) (secret string, plain bool, err error) {
	enc, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return stored, true, nil
	}
	aead, err := s.box.get(ctx, s.db)
	if err != nil {
		return "", false, err
	}
	raw, err := base64.RawStdEncoding.DecodeString(enc)
	if err != nil || len(raw) < aead.NonceSize() {
		return "", false, regbox.Errorf(regbox.EINTERNAL, "A stored TOTP secret is damaged.")
	}
	pt, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], totpAAD(p))
	if err != nil {
		return "", false, regbox.Errorf(regbox.EINTERNAL, "A stored TOTP secret does not decrypt: is secret_key the one it was stored with?")
	}
	return string(pt), false, nil
}

// EncryptTOTPSecrets encrypts the TOTP secrets still stored in plain text (rows
// written before encryption) and returns how many it encrypted. It also makes
// the generated key, if none is configured or stored yet.
func (s *Service) EncryptTOTPSecrets(ctx context.Context) (int, error) {
	if _, err := s.box.get(ctx, s.db); err != nil {
		return 0, err
	}
	n := 0
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		n = 0
		rows, err := tx.Query(ctx, `SELECT user_kind, user_id, secret FROM totp WHERE secret NOT LIKE 'v1:%'`)
		if err != nil {
			return err
		}
		type row struct {
			p      Principal
			secret string
		}
		var plain []row
		for rows.Next() {
			var r row
			var kind string
			if err := rows.Scan(&kind, &r.p.ID, &r.secret); err != nil {
				rows.Close()
				return err
			}
			r.p.Kind = Kind(kind)
			plain = append(plain, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range plain {
			sealed, err := s.seal(ctx, r.p, r.secret)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE totp SET secret = ? WHERE user_kind = ? AND user_id = ? AND secret = ?`,
				sealed, string(r.p.Kind), r.p.ID, r.secret); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
