package domains

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// SyncFlag is a domain the sync found out of line with the registrar.
type SyncFlag struct {
	DomainID int64     `json:"domain_id"`
	ClientID int64     `json:"client_id"`
	Name     string    `json:"name"`
	Kinds    []string  `json:"kinds"` // missing, expiry, status, lock, nameservers, id_protection, post_transfer
	Detail   string    `json:"detail"`
	Flagged  time.Time `json:"flagged"` // when first raised
}

// SyncFlags lists the flagged domains by name.
func (s *Service) SyncFlags(ctx context.Context) ([]SyncFlag, error) {
	rows, err := s.DB.Query(ctx, `SELECT domain_id, client_id, name, kinds, detail, flagged_at FROM domain_sync_flags ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("domains: sync flags: %w", err)
	}
	defer rows.Close()
	var out []SyncFlag
	for rows.Next() {
		var f SyncFlag
		var kinds string
		if err := rows.Scan(&f.DomainID, &f.ClientID, &f.Name, &kinds, &f.Detail, store.ScanTime(&f.Flagged)); err != nil {
			return nil, fmt.Errorf("domains: sync flags: %w", err)
		}
		f.Kinds = strings.Split(kinds, ",")
		out = append(out, f)
	}
	return out, rows.Err()
}

// ClearSyncFlags removes the flags of the named domains (ACE), or all flags
// when names is empty, and returns how many it removed. A name without a flag
// is ENOTFOUND, and then nothing is removed.
func (s *Service) ClearSyncFlags(ctx context.Context, names []string) (int64, error) {
	var n int64
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		if len(names) == 0 {
			res, err := tx.Exec(ctx, `DELETE FROM domain_sync_flags`)
			if err == nil {
				n, err = res.RowsAffected()
			}
			return err
		}
		for _, name := range names {
			res, err := tx.Exec(ctx, `DELETE FROM domain_sync_flags WHERE name = ?`, toLower(strings.TrimSpace(name)))
			if err != nil {
				return err
			}
			m, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if m == 0 {
				return regbox.Errorf(regbox.ENOTFOUND, "%s is not flagged.", name)
			}
			n += m
		}
		return nil
	})
	if err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return 0, fmt.Errorf("domains: clear sync flags: %w", err)
	}
	return n, err
}

// flagDomain raises a flag outside the sync (post-transfer updates that failed).
func (s *Service) flagDomain(ctx context.Context, d Domain, kind, detail string) error {
	return s.DB.Tx(ctx, func(tx *store.Tx) error {
		return setFlag(ctx, tx, d.ID, d.ClientID, d.Name, []string{kind}, []string{detail}, tx.Now())
	})
}
