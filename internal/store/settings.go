package store

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
)

// Settings are the operator's configuration kept in the database (what the admin
// area changes at run time), as key/value text. Keys are dotted names such as
// "mail.from"; what a value means is up to the package that owns the key.

// maxSettingValue bounds a setting's value.
const maxSettingValue = 64 << 10

func checkSettingKey(key string) error {
	if strings.TrimSpace(key) == "" {
		return regbox.FieldError("key", "is required")
	}
	return checkText("key", key)
}

// Setting returns the value of the setting key; a missing key is ENOTFOUND.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	if err := checkSettingKey(key); err != nil {
		return "", err
	}
	var v string
	err := db.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return "", regbox.WrapError(regbox.ENOTFOUND, err, "Setting %q not found.", key)
	}
	return v, err
}

// Settings returns every setting.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.Query(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := make(map[string]string)
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, mapError(err)
		}
		m[k] = v
	}
	return m, mapError(rows.Err())
}

// SetSetting creates or replaces the setting key within the transaction (so that
// the change and its activity log entry commit together).
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	if err := checkSettingKey(key); err != nil {
		return err
	}
	if len(value) > maxSettingValue {
		return regbox.FieldError("value", "must be at most %d bytes long", maxSettingValue)
	}
	_, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, tx.Dialect().dbTime(tx.Now()))
	return err
}

// DeleteSetting removes the setting key within the transaction; a missing key is
// ENOTFOUND.
func (tx *Tx) DeleteSetting(ctx context.Context, key string) error {
	res, err := tx.Exec(ctx, `DELETE FROM settings WHERE key = ?`, key)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return mapError(err)
	} else if n == 0 {
		return regbox.Errorf(regbox.ENOTFOUND, "Setting %q not found.", key)
	}
	return nil
}
