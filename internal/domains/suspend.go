package domains

import (
	"context"
	"fmt"

	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

// SuspendExpired marks the active domains whose expiry has passed as expired,
// and, when Settings.SuspendAfterExpiry is on (the seed's "Suspend after
// Expiration"), suspends the expired ones SuspendAfterDays after their expiry
// (0: at once). It returns how many changed.
func (s *Service) SuspendExpired(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		res, err := tx.Exec(ctx, `UPDATE domains SET status = ?, updated_at = ?
			WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at < ?`,
			string(StatusExpired), tx.Dialect().Time(now), tx.Dialect().Time(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		if err != nil || !s.Settings.SuspendAfterExpiry {
			return err
		}
		cutoff := now.AddDate(0, 0, -s.Settings.SuspendAfterDays)
		res, err = tx.Exec(ctx, `UPDATE domains SET status = ?, updated_at = ?
			WHERE status = 'expired' AND expires_at < ?`,
			string(StatusSuspended), tx.Dialect().Time(now), tx.Dialect().Time(cutoff))
		if err != nil {
			return err
		}
		m, err := res.RowsAffected()
		n += m
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("domains: suspend expired: %w", err)
	}
	return n, nil
}

// RegisterAutoSuspend replaces the placeholder handler of the seed's daily
// auto_suspend job with SuspendExpired.
func (s *Service) RegisterAutoSuspend(reg *jobs.Registry) error {
	return s.schedule(reg, jobs.AutoSuspend, func(ctx context.Context) (int, error) {
		n, err := s.SuspendExpired(ctx)
		return int(n), err
	})
}

// RegisterSync replaces the placeholder handlers of the seed's daily
// domain_sync and transfer_sync jobs with SyncDomains and SyncTransfers.
func (s *Service) RegisterSync(reg *jobs.Registry) error {
	err := s.schedule(reg, jobs.DomainSync, func(ctx context.Context) (int, error) {
		rep, err := s.SyncDomains(ctx)
		if err == nil && rep.Flagged > 0 {
			s.Logger.WarnContext(ctx, "domains: sync flagged domains", "flagged", rep.Flagged, "missing", rep.Missing)
		}
		return rep.Updated + rep.Protected, err
	})
	if err != nil {
		return err
	}
	return s.schedule(reg, jobs.TransferSync, s.SyncTransfers)
}

// schedule makes fn the handler of the seed's periodic job name, logging each
// run and how many objects it changed. The schedule already in reg (the seed's
// with the operator's overrides, jobs.RegisterSeeds) is kept; without one,
// the seed's spec is registered.
func (s *Service) schedule(reg *jobs.Registry, name string, fn func(context.Context) (int, error)) error {
	h := func(ctx context.Context, run jobs.Run) error {
		n, err := fn(ctx)
		if err == nil {
			slot, _ := jobs.SlotOf(run)
			s.Logger.InfoContext(ctx, "domains: periodic job", "job", name, "slot", slot, "changed", n)
		}
		return err
	}
	for _, p := range reg.Periodics() {
		if p.Name == name {
			return reg.Handle(name, h)
		}
	}
	for _, p := range jobs.SeedSchedules {
		if p.Name == name {
			return reg.Schedule(p.Name, p.Spec, h)
		}
	}
	return fmt.Errorf("domains: no seed schedule %q", name)
}
