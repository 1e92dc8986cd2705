package pricing

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

// Renewal choices for existing domains when renewal prices change (the reference
// module left them as they were without saying so, issue #302).
const (
	RenewalsKeep   = "keep"   // existing domains renew at the price they have
	RenewalsUpdate = "update" // existing domains renew at the new price
)

// Service syncs and serves the catalogue.
type Service struct {
	db         *store.DB
	reg        regbox.CatalogueReader
	currencies func(ctx context.Context) ([]billing.Currency, error)
	premium    PremiumQuoter // prices premium names in orders; nil: not priceable
}

// New returns a Service; reg may be nil for a shop that only reads its catalogue.
func New(db *store.DB, reg regbox.CatalogueReader, b *billing.Service) *Service {
	return &Service{db: db, reg: reg, currencies: b.Currencies}
}

// Fetched is what the registrar says.
type Fetched struct {
	Rates    regbox.ExchangeRates
	TLDs     []TLD
	Problems []Problem
}

// Fetch reads rates, the price list and the TLDs' options (in chunks of 200).
func (s *Service) Fetch(ctx context.Context) (Fetched, error) {
	if s.reg == nil {
		return Fetched{}, regbox.Errorf(regbox.EUNAVAILABLE, "No registrar is configured for the price sync.")
	}
	rates, err := s.reg.ExchangeRates(ctx)
	if err != nil {
		return Fetched{}, fmt.Errorf("pricing: exchange rates: %w", err)
	}
	pl, err := s.reg.PriceList(ctx)
	if err != nil {
		return Fetched{}, fmt.Errorf("pricing: price list: %w", err)
	}
	tlds := make([]string, len(pl.TLDs))
	for i, t := range pl.TLDs {
		tlds[i] = t.TLD
	}
	opts, err := s.reg.TLDOptions(ctx, tlds)
	if err != nil {
		return Fetched{}, fmt.Errorf("pricing: TLD options: %w", err)
	}
	cat, problems := BuildCatalogue(pl, opts)
	return Fetched{Rates: rates, TLDs: cat, Problems: problems}, nil
}

// Rules returns the markup rules and the shop's currencies, with rates.
func (s *Service) rules(ctx context.Context, rates regbox.ExchangeRates) (Rules, error) {
	cs, err := s.currencies(ctx)
	if err != nil {
		return Rules{}, err
	}
	ms, err := s.Markups(ctx)
	if err != nil {
		return Rules{}, err
	}
	return Rules{Markups: ms, Currencies: cs, Rates: rates}, nil
}

// SyncOptions says what a sync does.
type SyncOptions struct {
	Apply bool // write the plan; false: only plan (a dry run)
	// Renewals is the operator's choice for existing domains when renewal prices
	// change: RenewalsKeep or RenewalsUpdate; applying such a plan without one is
	// refused.
	Renewals string
}

// Sync fetches, plans and, with Apply, writes the plan in one transaction. Every
// run is recorded (LastSync); a failed fetch is recorded too.
func (s *Service) Sync(ctx context.Context, o SyncOptions) (Plan, error) {
	if o.Renewals != "" && o.Renewals != RenewalsKeep && o.Renewals != RenewalsUpdate {
		return Plan{}, regbox.FieldError("renewals", "Choose keep or update.")
	}
	started := s.db.Now()
	f, err := s.Fetch(ctx)
	if err != nil {
		s.record(ctx, SyncRecord{StartedAt: started, Status: "failed", Renewals: o.Renewals, Error: err.Error()})
		return Plan{}, err
	}
	var p Plan
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		current, err := loadState(ctx, s.db)
		if err != nil {
			return err
		}
		rules, err := s.rules(ctx, f.Rates)
		if err != nil {
			return err
		}
		p = MakePlan(current, f.TLDs, rules)
		p.Problems = append(f.Problems, p.Problems...)
		if !o.Apply {
			return nil
		}
		if p.RenewChanges > 0 && o.Renewals == "" {
			return regbox.FieldError("renewals", "Renewal prices change for %d TLDs: choose whether existing domains keep their renewal price (keep) or take the new one (update).", p.RenewChanges)
		}
		if err := applyWithRenewals(ctx, tx, p, o.Renewals); err != nil {
			return err
		}
		if err := recordSync(ctx, tx, SyncRecord{StartedAt: started, FinishedAt: s.db.Now(), Applied: true, Renewals: o.Renewals,
			Status: "ok", Summary: p.Summary()}); err != nil {
			return err
		}
		return tx.Record(ctx, "prices.sync", "price_sync", "", map[string]any{"summary": json.RawMessage(p.Summary()), "renewals": o.Renewals})
	})
	if err != nil {
		return p, err
	}
	if !o.Apply {
		s.record(ctx, SyncRecord{StartedAt: started, Status: "ok", Renewals: o.Renewals, Summary: p.Summary()})
	}
	return p, nil
}

// record writes a run that changed nothing; a failure to record is not the sync's.
func (s *Service) record(ctx context.Context, r SyncRecord) {
	r.FinishedAt = s.db.Now()
	_ = s.db.Tx(context.WithoutCancel(ctx), func(tx *store.Tx) error { return recordSync(ctx, tx, r) })
}

// Summary describes a plan in one line.
func (p Plan) Summary() string {
	b, _ := json.Marshal(map[string]int{"added": len(p.Added), "changed": len(p.Changed), "removed": len(p.Removed),
		"unchanged": p.Unchanged, "price_changes": len(p.PriceChanges), "renew_changes": p.RenewChanges, "problems": len(p.Problems)})
	return string(b)
}

// EnabledTLDs implements lookup.Catalogue: the TLDs offered, in order.
func (s *Service) EnabledTLDs(ctx context.Context) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT tld FROM tlds WHERE enabled = ? ORDER BY tld`, true)
	if err != nil {
		return nil, fmt.Errorf("pricing: enabled TLDs: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("pricing: enabled TLDs: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetEnabled offers or withdraws a TLD; a sync keeps the choice.
func (s *Service) SetEnabled(ctx context.Context, tld string, enabled bool) error {
	tld = strings.ToLower(strings.Trim(strings.TrimSpace(tld), "."))
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE tlds SET enabled = ? WHERE tld = ?`, enabled, tld)
		if err != nil {
			return fmt.Errorf("pricing: enable %s: %w", tld, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return regbox.Errorf(regbox.ENOTFOUND, "TLD .%s is not in the catalogue.", tld)
		}
		return nil
	})
}

// Prices returns the selling prices in a currency for a client group ("" for
// everyone): the group's own where a rule made them, else everyone's, as orders
// are priced.
func (s *Service) Prices(ctx context.Context, currency, group string) ([]Price, error) {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	all, err := loadPrices(ctx, s.db, currency, "")
	if err != nil || group == "" {
		return all, err
	}
	own, err := loadPrices(ctx, s.db, currency, group)
	if err != nil {
		return nil, err
	}
	byKey := make(map[PriceKey]int64, len(own))
	for _, p := range own {
		byKey[p.key()] = p.Amount
	}
	for i, p := range all {
		p.Group = group
		if v, ok := byKey[p.key()]; ok {
			p.Amount = v
		}
		all[i] = p
	}
	return all, nil
}

// Register makes the service the handler of the daily "TLD price sync" job.
func (s *Service) Register(r *jobs.Registry, renewals string) error {
	return r.Handle(jobs.PriceSync, s.Job(renewals))
}

// Job is the "TLD price sync" job: a sync applied with the operator's standing
// renewal choice; its result is the last sync (LastSync).
func (s *Service) Job(renewals string) jobs.Handler {
	return func(ctx context.Context, _ jobs.Run) error {
		_, err := s.Sync(ctx, SyncOptions{Apply: true, Renewals: renewals})
		return err
	}
}
