package pricing

// Existing domains' renewal prices when a sync changes a TLD's renewal prices
// (known issue #302: the reference module left them as they were without
// saying so). The operator chooses:
//   - keep: every live, non-premium domain of the TLD that has no kept prices
//     yet gets the renewal prices it had before the change (for its client's
//     group, else everyone's, in its currency), stored per term in
//     domain_renewal_prices, and renews at them;
//   - update: the domains' kept prices are removed; they renew at the new prices.
// domains.renewal_price shows the one-year renewal price either way.

import (
	"context"
	"fmt"
	"strings"

	"github.com/regbox/regbox/internal/store"
)

// renewTLDs returns the TLDs whose existing renewal prices a plan changes.
func renewTLDs(p Plan) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range p.PriceChanges {
		if c.Kind == KindRenew && c.Old >= 0 && !seen[c.TLD] {
			seen[c.TLD] = true
			out = append(out, c.TLD)
		}
	}
	return out
}

// liveDomains selects the domains of the TLDs (placeholders in "in") whose
// renewal price a sync may touch: held, not premium.
const liveDomains = `SELECT d.id FROM domains d WHERE d.tld IN (%s) AND d.premium_class = ''
	AND d.status NOT IN ('failed', 'deleted', 'transferred_away')`

// priceGroup is the client group whose renewal prices apply to domain d: the
// client's when a rule made prices for it, else everyone's.
const priceGroup = `CASE WHEN EXISTS (SELECT 1 FROM tld_prices g WHERE g.tld = d.tld AND g.currency = d.currency
	AND g.kind = 'renew' AND g.client_group = c.client_group) THEN c.client_group ELSE '' END`

// keepRenewals stores the current renewal prices of the TLDs' domains; it runs
// before the plan's prices are written.
func keepRenewals(ctx context.Context, tx *store.Tx, tlds []string) error {
	for start := 0; start < len(tlds); start += rowsPerInsert {
		chunk := tlds[start:min(start+rowsPerInsert, len(tlds))]
		in, args := placeholders(chunk)
		_, err := tx.Exec(ctx, `INSERT INTO domain_renewal_prices (domain_id, years, currency, amount)
			SELECT d.id, p.years, p.currency, p.amount FROM domains d JOIN clients c ON c.id = d.client_id
			JOIN tld_prices p ON p.tld = d.tld AND p.currency = d.currency AND p.kind = 'renew' AND p.years >= 1
				AND p.client_group = `+priceGroup+`
			WHERE d.id IN (`+fmt.Sprintf(liveDomains, in)+`)
			AND NOT EXISTS (SELECT 1 FROM domain_renewal_prices k WHERE k.domain_id = d.id)`, args...)
		if err != nil {
			return fmt.Errorf("pricing: keep renewal prices: %w", err)
		}
	}
	return nil
}

// updateRenewals drops the TLDs' domains' kept prices; it runs after the plan's
// prices are written.
func updateRenewals(ctx context.Context, tx *store.Tx, tlds []string) error {
	for start := 0; start < len(tlds); start += rowsPerInsert {
		chunk := tlds[start:min(start+rowsPerInsert, len(tlds))]
		in, args := placeholders(chunk)
		if _, err := tx.Exec(ctx, `DELETE FROM domain_renewal_prices WHERE domain_id IN (`+fmt.Sprintf(liveDomains, in)+`)`,
			args...); err != nil {
			return fmt.Errorf("pricing: update renewal prices: %w", err)
		}
	}
	return nil
}

// showRenewals sets the TLDs' domains' renewal_price to the one-year renewal
// price they renew at: kept, else the catalogue's (0 when there is none).
func showRenewals(ctx context.Context, tx *store.Tx, tlds []string) error {
	for start := 0; start < len(tlds); start += rowsPerInsert {
		chunk := tlds[start:min(start+rowsPerInsert, len(tlds))]
		in, args := placeholders(chunk)
		_, err := tx.Exec(ctx, `UPDATE domains SET renewal_price = COALESCE(
			(SELECT k.amount FROM domain_renewal_prices k WHERE k.domain_id = domains.id AND k.years = 1 AND k.currency = domains.currency),
			(SELECT p.amount FROM tld_prices p JOIN domains d ON d.id = domains.id JOIN clients c ON c.id = d.client_id
				WHERE p.tld = d.tld AND p.currency = d.currency AND p.kind = 'renew' AND p.years = 1
				AND p.client_group = `+priceGroup+`), 0)
			WHERE id IN (`+fmt.Sprintf(liveDomains, in)+`)`, args...)
		if err != nil {
			return fmt.Errorf("pricing: renewal prices: %w", err)
		}
	}
	return nil
}

// placeholders returns "?, ?, ..." for vs and vs as arguments.
func placeholders(vs []string) (string, []any) {
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(vs)), ", "), args
}

// applyWithRenewals writes a plan and applies the operator's renewal choice to
// the existing domains of the TLDs whose renewal prices change.
func applyWithRenewals(ctx context.Context, tx *store.Tx, p Plan, choice string) error {
	tlds := renewTLDs(p)
	if choice == RenewalsKeep && len(tlds) > 0 {
		if err := keepRenewals(ctx, tx, tlds); err != nil {
			return err
		}
	}
	if err := applyPlan(ctx, tx, p); err != nil {
		return err
	}
	if len(tlds) == 0 {
		return nil
	}
	if choice == RenewalsUpdate {
		if err := updateRenewals(ctx, tx, tlds); err != nil {
			return err
		}
	}
	return showRenewals(ctx, tx, tlds)
}
