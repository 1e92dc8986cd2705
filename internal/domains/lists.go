package domains

import (
	"context"
	"fmt"
	"strings"
)

// Filter narrows Domains and Orders; zero fields do not filter.
type Filter struct {
	ClientID int64  // one client's
	Name     string // Domains: the live domain of this name (ACE or Unicode)
	ID       int64  // Orders: this order
	After    int64  // only ids above this cursor
	Limit    int    // default and at most 1000
}

func (f Filter) where(cols ...string) (string, []any) {
	conds, args := []string{"id > ?"}, []any{f.After}
	if f.ClientID != 0 {
		conds, args = append(conds, "client_id = ?"), append(args, f.ClientID)
	}
	conds = append(conds, cols...)
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (f Filter) limit() int {
	if f.Limit <= 0 || f.Limit > 1000 {
		return 1000
	}
	return f.Limit
}

// Domains lists live domains of every client, or as f narrows them, by id; next
// is the cursor of the next page, 0 on the last.
func (s *Service) Domains(ctx context.Context, f Filter) (out []Domain, next int64, err error) {
	where, args := f.where("status NOT IN ('failed', 'deleted', 'transferred_away')")
	if f.Name != "" {
		ace, err := profile.ToASCII(f.Name)
		if err != nil {
			return nil, 0, nil
		}
		where, args = where+" AND name = ?", append(args, toLower(ace))
	}
	rows, err := s.DB.Query(ctx, `SELECT `+domainColumns+` FROM domains`+where+` ORDER BY id LIMIT ?`, append(args, f.limit()+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("domains: list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDomain(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("domains: list: %w", err)
		}
		out = append(out, d)
	}
	if len(out) > f.limit() {
		out, next = out[:f.limit()], out[f.limit()-1].ID
	}
	return out, next, rows.Err()
}

// Orders lists orders of every client, or as f narrows them, by id; next is the
// cursor of the next page, 0 on the last.
func (s *Service) Orders(ctx context.Context, f Filter) (out []Order, next int64, err error) {
	where, args := f.where()
	if f.ID != 0 {
		where, args = where+" AND id = ?", append(args, f.ID)
	}
	rows, err := s.DB.Query(ctx, `SELECT `+orderColumns+` FROM orders`+where+` ORDER BY id LIMIT ?`, append(args, f.limit()+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("domains: orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("domains: orders: %w", err)
		}
		out = append(out, o)
	}
	if len(out) > f.limit() {
		out, next = out[:f.limit()], out[f.limit()-1].ID
	}
	return out, next, rows.Err()
}
