package pricing

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// rowsPerInsert bounds one multi-row INSERT (6 values a row, far below
// PostgreSQL's 65,535 parameters). SQLite builds each such statement in memory,
// which its allocator then keeps for reuse: 500 rows left an idle node ~2 MB
// larger after a price sync than 100 rows do, for no faster sync.
const rowsPerInsert = 100

// loadState reads the shop's catalogue and prices.
func loadState(ctx context.Context, db *store.DB) (State, error) {
	var s State
	rows, err := db.Query(ctx, `SELECT tld, class, enabled, cost_currency, register_periods, renew_periods, transfer_periods,
		auth_required, id_protection, redemption_days, repository FROM tlds ORDER BY tld`)
	if err != nil {
		return s, fmt.Errorf("pricing: load tlds: %w", err)
	}
	index := map[string]int{}
	for rows.Next() {
		var t TLD
		var reg, renew, transfer string
		if err := rows.Scan(&t.TLD, &t.Class, &t.Enabled, &t.Currency, &reg, &renew, &transfer, &t.AuthRequired,
			&t.IDProtection, &t.RedemptionDays, &t.Repository); err != nil {
			rows.Close()
			return s, fmt.Errorf("pricing: load tlds: %w", err)
		}
		t.RegisterPeriods, t.RenewPeriods, t.TransferPeriods = splitInts(reg), splitInts(renew), splitInts(transfer)
		index[t.TLD] = len(s.TLDs)
		s.TLDs = append(s.TLDs, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("pricing: load tlds: %w", err)
	}
	rows, err = db.Query(ctx, `SELECT tld, kind, years, amount FROM tld_costs`)
	if err != nil {
		return s, fmt.Errorf("pricing: load costs: %w", err)
	}
	for rows.Next() {
		var tld string
		var c Cost
		if err := rows.Scan(&tld, &c.Kind, &c.Years, &c.Amount); err != nil {
			rows.Close()
			return s, fmt.Errorf("pricing: load costs: %w", err)
		}
		if i, ok := index[tld]; ok {
			s.TLDs[i].Costs = append(s.TLDs[i].Costs, c)
		}
	}
	rows.Close()
	for i := range s.TLDs {
		sortCosts(s.TLDs[i].Costs)
	}
	s.Prices, err = loadPrices(ctx, db, "", "")
	return s, err
}

// loadPrices reads selling prices, of one currency and group when given.
func loadPrices(ctx context.Context, db *store.DB, currency, group string) ([]Price, error) {
	q := `SELECT tld, currency, client_group, kind, years, amount FROM tld_prices`
	var args []any
	if currency != "" {
		q += ` WHERE currency = ? AND client_group = ?`
		args = append(args, currency, group)
	}
	rows, err := db.Query(ctx, q+` ORDER BY tld, currency, client_group, kind, years`, args...)
	if err != nil {
		return nil, fmt.Errorf("pricing: load prices: %w", err)
	}
	defer rows.Close()
	var out []Price
	for rows.Next() {
		var p Price
		if err := rows.Scan(&p.TLD, &p.Currency, &p.Group, &p.Kind, &p.Years, &p.Amount); err != nil {
			return nil, fmt.Errorf("pricing: load prices: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// applyPlan writes a plan in tx.
func applyPlan(ctx context.Context, tx *store.Tx, p Plan) error {
	now := tx.Dialect().Time(tx.Now())
	for _, tld := range p.Removed {
		for _, table := range []string{"tld_prices", "tld_costs", "tlds"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE tld = ?`, tld); err != nil {
				return fmt.Errorf("pricing: remove %s: %w", tld, err)
			}
		}
	}
	var costTLDs []TLD
	for _, t := range p.Added {
		if _, err := tx.Exec(ctx, `INSERT INTO tlds (tld, class, enabled, cost_currency, register_periods, renew_periods,
			transfer_periods, auth_required, id_protection, redemption_days, repository, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.TLD, t.Class, t.Enabled, t.Currency, joinInts(t.RegisterPeriods),
			joinInts(t.RenewPeriods), joinInts(t.TransferPeriods), t.AuthRequired, t.IDProtection, t.RedemptionDays, t.Repository, now); err != nil {
			return fmt.Errorf("pricing: add %s: %w", t.TLD, err)
		}
		costTLDs = append(costTLDs, t)
	}
	for _, c := range p.Changed {
		t := c.New
		if _, err := tx.Exec(ctx, `UPDATE tlds SET class = ?, cost_currency = ?, register_periods = ?, renew_periods = ?,
			transfer_periods = ?, auth_required = ?, id_protection = ?, redemption_days = ?, repository = ?, updated_at = ?
			WHERE tld = ?`, t.Class, t.Currency, joinInts(t.RegisterPeriods), joinInts(t.RenewPeriods), joinInts(t.TransferPeriods),
			t.AuthRequired, t.IDProtection, t.RedemptionDays, t.Repository, now, t.TLD); err != nil {
			return fmt.Errorf("pricing: update %s: %w", t.TLD, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM tld_costs WHERE tld = ?`, t.TLD); err != nil {
			return fmt.Errorf("pricing: update %s: %w", t.TLD, err)
		}
		costTLDs = append(costTLDs, t)
	}
	var costRows [][]any
	for _, t := range costTLDs {
		for _, c := range t.Costs {
			costRows = append(costRows, []any{t.TLD, c.Kind, c.Years, c.Amount})
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO tld_costs (tld, kind, years, amount) VALUES `, "", costRows); err != nil {
		return fmt.Errorf("pricing: costs: %w", err)
	}
	for _, k := range p.Dropped {
		if _, err := tx.Exec(ctx, `DELETE FROM tld_prices WHERE tld = ? AND currency = ? AND client_group = ? AND kind = ? AND years = ?`,
			k.TLD, k.Currency, k.Group, k.Kind, k.Years); err != nil {
			return fmt.Errorf("pricing: drop price: %w", err)
		}
	}
	priceRows := make([][]any, len(p.PriceChanges))
	for i, c := range p.PriceChanges {
		priceRows[i] = []any{c.TLD, c.Currency, c.Group, c.Kind, c.Years, c.Amount}
	}
	err := insertRows(ctx, tx, `INSERT INTO tld_prices (tld, currency, client_group, kind, years, amount) VALUES `,
		` ON CONFLICT (tld, currency, client_group, kind, years) DO UPDATE SET amount = excluded.amount`, priceRows)
	if err != nil {
		return fmt.Errorf("pricing: prices: %w", err)
	}
	return nil
}

// insertRows runs head + "(?, ...), ..." + tail in chunks of rowsPerInsert rows.
func insertRows(ctx context.Context, tx *store.Tx, head, tail string, rows [][]any) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(chunk[0])), ", ") + ")"
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ph)
			args = append(args, r...)
		}
		b.WriteString(tail)
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// SyncRecord is one sync run as recorded.
type SyncRecord struct {
	ID         int64     `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Applied    bool      `json:"applied"`
	Renewals   string    `json:"renewals"`
	Status     string    `json:"status"`
	Summary    string    `json:"summary"`
	Error      string    `json:"error,omitempty"`
}

// recordSync writes a run's record.
func recordSync(ctx context.Context, tx *store.Tx, r SyncRecord) error {
	d := tx.Dialect()
	_, err := tx.Exec(ctx, `INSERT INTO price_syncs (started_at, finished_at, applied, renewals, status, summary, error)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.Time(r.StartedAt), d.Time(r.FinishedAt), r.Applied, r.Renewals, r.Status, r.Summary, r.Error)
	if err != nil {
		return fmt.Errorf("pricing: record sync: %w", err)
	}
	return nil
}

// LastSync returns the latest sync run; ENOTFOUND before the first.
func (s *Service) LastSync(ctx context.Context) (SyncRecord, error) {
	var r SyncRecord
	err := s.db.QueryRow(ctx, `SELECT id, started_at, finished_at, applied, renewals, status, summary, error
		FROM price_syncs ORDER BY id DESC LIMIT 1`).Scan(&r.ID, store.ScanTime(&r.StartedAt), store.ScanTime(&r.FinishedAt),
		&r.Applied, &r.Renewals, &r.Status, &r.Summary, &r.Error)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return r, regbox.Errorf(regbox.ENOTFOUND, "No price sync has run yet.")
	}
	return r, err
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func splitInts(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, n)
		}
	}
	return out
}
