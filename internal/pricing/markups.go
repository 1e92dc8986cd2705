package pricing

import (
	"context"
	"fmt"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Markups returns the markup rules, most general first.
func (s *Service) Markups(ctx context.Context) ([]Markup, error) {
	rows, err := s.db.Query(ctx, `SELECT tld, client_group, percent, fixed, rounding FROM price_markups ORDER BY tld, client_group`)
	if err != nil {
		return nil, fmt.Errorf("pricing: markups: %w", err)
	}
	defer rows.Close()
	var out []Markup
	for rows.Next() {
		var m Markup
		if err := rows.Scan(&m.TLD, &m.Group, &m.Percent, &m.Fixed, &m.Rounding); err != nil {
			return nil, fmt.Errorf("pricing: markups: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// PutMarkup creates or replaces the rule for (m.TLD, m.Group). Prices change at
// the next sync (or `regbox prices sync`).
func (s *Service) PutMarkup(ctx context.Context, m Markup) (Markup, error) {
	if err := m.Validate(); err != nil {
		return m, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO price_markups (tld, client_group, percent, fixed, rounding, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tld, client_group) DO UPDATE SET percent = excluded.percent,
			fixed = excluded.fixed, rounding = excluded.rounding, updated_at = excluded.updated_at`,
			m.TLD, m.Group, m.Percent, m.Fixed, m.Rounding, tx.Dialect().Time(tx.Now()))
		if err != nil {
			return fmt.Errorf("pricing: put markup: %w", err)
		}
		return tx.Record(ctx, "prices.markup_put", "price_markup", "", m)
	})
	return m, err
}

// DeleteMarkup removes the rule for (tld, group).
func (s *Service) DeleteMarkup(ctx context.Context, tld, group string) error {
	m := Markup{TLD: tld, Group: group}
	_ = m.Validate() // normalises
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM price_markups WHERE tld = ? AND client_group = ?`, m.TLD, m.Group)
		if err != nil {
			return fmt.Errorf("pricing: delete markup: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return regbox.Errorf(regbox.ENOTFOUND, "No markup rule for TLD %q and group %q.", m.TLD, m.Group)
		}
		return tx.Record(ctx, "prices.markup_delete", "price_markup", "", map[string]string{"tld": m.TLD, "client_group": m.Group})
	})
}
