package domains

// The domain sync (registrar-module.md §5.1, §5.3): one bulk list of the
// registrar account (regbox.DomainLister) compared with the portfolio.
//   - expiry and the expired/active state follow the registrar, as the seed's
//     sync does; the lock, the nameservers and the renewal by another way
//     follow it too, but every difference other than a domain simply expiring
//     is flagged for the admin (domain_sync_flags, `regbox domain sync-flags`),
//     and the flag stays until the admin clears it;
//   - a domain missing from the account is flagged and left alone: the seed
//     decides "transferred away" or "expired" per domain from logs, which the
//     admin does here (the row stays as it is);
//   - ID protection is one-way (§5.1.3): ordered in regbox and off at the
//     registrar, it is turned on there; on at the registrar only, it is flagged;
//   - writes go in transactions of syncBatch domains; only changed rows are written.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// syncBatch is how many changed domains one transaction writes.
const syncBatch = 1000

// SyncReport is what a domain sync found and did.
type SyncReport struct {
	Listed    int `json:"listed"`    // domains in the registrar account
	Checked   int `json:"checked"`   // portfolio domains compared
	Updated   int `json:"updated"`   // portfolio domains changed
	Flagged   int `json:"flagged"`   // portfolio domains flagged out of sync
	Missing   int `json:"missing"`   // of those, missing at the registrar
	Protected int `json:"protected"` // ID protection turned on at the registrar
}

// syncRow is a portfolio domain as the sync reads and writes it.
type syncRow struct {
	id, client  int64
	name        string
	status      Status
	expires     time.Time
	locked      bool
	protection  bool
	nameservers string
}

// syncChange is what the sync makes of one domain.
type syncChange struct {
	row     syncRow // the row to write
	changed bool
	kinds   []string
	detail  []string
	protect bool // turn ID protection on at the registrar
}

// lister returns the registrar's bulk list, EUNAVAILABLE without one.
func (s *Service) lister() (regbox.DomainLister, error) {
	l, ok := s.Registrar.(regbox.DomainLister)
	if !ok {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar %s cannot list its domains.", s.Registrar.Name())
	}
	return l, nil
}

// SyncDomains compares the portfolio with the registrar account and brings
// expiry, state, lock and nameservers in line, flagging differences.
func (s *Service) SyncDomains(ctx context.Context) (SyncReport, error) {
	l, err := s.lister()
	if err != nil {
		return SyncReport{}, err
	}
	infos, err := l.ListDomains(ctx)
	if err != nil {
		return SyncReport{}, err
	}
	byName := make(map[string]*regbox.DomainInfo, len(infos))
	for i := range infos {
		byName[infos[i].Domain] = &infos[i]
	}
	rows, err := s.syncRows(ctx)
	if err != nil {
		return SyncReport{}, err
	}
	rep := SyncReport{Listed: len(infos), Checked: len(rows)}
	now := s.DB.Now()
	changes := make([]syncChange, 0, len(rows)/10)
	for _, r := range rows {
		c := compareDomain(r, byName[r.name], now)
		if c.protect {
			if err := s.Registrar.SetIDProtection(ctx, r.name, true); err != nil {
				c.kinds, c.detail = append(c.kinds, "id_protection"), append(c.detail, "turning ID protection on failed: "+err.Error())
			} else {
				rep.Protected++
			}
		}
		if c.changed || len(c.kinds) > 0 {
			changes = append(changes, c)
		}
	}
	for batch := range slices.Chunk(changes, syncBatch) {
		if err := s.DB.Tx(ctx, func(tx *store.Tx) error { return writeSync(ctx, tx, batch, now) }); err != nil {
			return rep, fmt.Errorf("domains: sync: %w", err)
		}
	}
	for _, c := range changes {
		rep.Updated += b2i(c.changed)
		rep.Flagged += b2i(len(c.kinds) > 0)
		rep.Missing += b2i(slices.Contains(c.kinds, "missing"))
	}
	return rep, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// syncRows reads the portfolio domains the sync compares: those held at the
// registrar (pending transfers are the transfer sync's).
func (s *Service) syncRows(ctx context.Context) ([]syncRow, error) {
	rows, err := s.DB.Query(ctx, `SELECT id, client_id, name, status, expires_at, locked, id_protection, nameservers
		FROM domains WHERE registrar = ? AND status IN ('active', 'expired', 'suspended', 'redemption')`, s.Registrar.Name())
	if err != nil {
		return nil, fmt.Errorf("domains: sync: read: %w", err)
	}
	defer rows.Close()
	var out []syncRow
	for rows.Next() {
		var r syncRow
		var valid bool
		if err := rows.Scan(&r.id, &r.client, &r.name, &r.status, nullTime{&r.expires, &valid}, &r.locked, &r.protection,
			&r.nameservers); err != nil {
			return nil, fmt.Errorf("domains: sync: read: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// compareDomain decides what the sync does with one domain; info is nil when
// the registrar does not list it. It is pure.
func compareDomain(r syncRow, info *regbox.DomainInfo, now time.Time) syncChange {
	c := syncChange{row: r}
	if info == nil {
		c.kinds, c.detail = []string{"missing"}, []string{"not in the registrar account (transferred away or deleted?)"}
		return c
	}
	next := &c.row
	if !info.Expires.IsZero() && !info.Expires.Equal(r.expires) {
		next.expires = info.Expires
		if !r.expires.IsZero() {
			c.flag("expiry", "expiry %s, registrar %s", dateOf(r.expires), dateOf(info.Expires))
		}
	}
	next.status = syncStatus(r.status, info, next.expires, now)
	if next.status != r.status && (r.status != StatusActive || next.status != StatusExpired) {
		c.flag("status", "status %s, registrar %s (%s)", r.status, next.status, strings.Join(info.Status, " "))
	}
	if info.LockSupported && info.Locked != r.locked {
		next.locked = info.Locked
		c.flag("lock", "lock %s, registrar %s", onOff(r.locked), onOff(info.Locked))
	}
	if ns := joinNS(info.Nameservers); ns != "" && ns != r.nameservers {
		next.nameservers = ns
		if r.nameservers != "" {
			c.flag("nameservers", "nameservers %s, registrar %s", r.nameservers, ns)
		}
	}
	switch {
	case r.protection && !info.IDProtection:
		c.protect = true
	case !r.protection && info.IDProtection:
		c.flag("id_protection", "ID protection on at the registrar but not ordered in regbox")
	}
	c.changed = c.row != r
	return c
}

func (c *syncChange) flag(kind, format string, args ...any) {
	c.kinds = append(c.kinds, kind)
	c.detail = append(c.detail, fmt.Sprintf(format, args...))
}

// syncStatus is a domain's state after the sync: the registrar's deletion
// phases mean redemption; an expiry in the past expires an active domain; one
// in the future makes an expired, suspended or redeemed domain active again.
func syncStatus(cur Status, info *regbox.DomainInfo, expires, now time.Time) Status {
	for _, st := range info.Status {
		if strings.EqualFold(st, "PENDINGDELETE") || strings.EqualFold(st, "redemptionPeriod") {
			return StatusRedemption
		}
	}
	if !expires.IsZero() && now.After(expires) {
		if cur == StatusActive {
			return StatusExpired
		}
		return cur
	}
	if cur != StatusActive && !expires.IsZero() {
		return StatusActive
	}
	return cur
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// joinNS is a nameserver list as the nameservers column keeps it: sorted, lower case.
func joinNS(ns []string) string {
	clean := make([]string, 0, len(ns))
	for _, n := range ns {
		if n = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), ".")); n != "" {
			clean = append(clean, n)
		}
	}
	slices.Sort(clean)
	return strings.Join(slices.Compact(clean), " ")
}

// writeSync writes one batch of the sync's results.
func writeSync(ctx context.Context, tx *store.Tx, batch []syncChange, now time.Time) error {
	d := tx.Dialect()
	for _, c := range batch {
		r := c.row
		if c.changed {
			if _, err := tx.Exec(ctx, `UPDATE domains SET status = ?, expires_at = ?, locked = ?, nameservers = ?,
				updated_at = ? WHERE id = ?`, string(r.status), dbTime(d, r.expires), r.locked, r.nameservers,
				d.Time(now), r.id); err != nil {
				return err
			}
		}
		if err := setFlag(ctx, tx, r.id, r.client, r.name, c.kinds, c.detail, now); err != nil {
			return err
		}
	}
	return nil
}

// setFlag records a domain's differences (none: nothing). A flag stays until
// the admin clears it (ClearSyncFlags); a later difference replaces its
// detail, and it keeps the time it was first raised.
func setFlag(ctx context.Context, tx *store.Tx, id, client int64, name string, kinds, detail []string, now time.Time) error {
	if len(kinds) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO domain_sync_flags (domain_id, client_id, name, kinds, detail, flagged_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (domain_id) DO UPDATE SET kinds = excluded.kinds, detail = excluded.detail`,
		id, client, name, strings.Join(kinds, ","), strings.Join(detail, "; "), tx.Dialect().Time(now))
	return err
}

// recordNameservers keeps the nameservers regbox set, so that the sync sees
// changes made elsewhere.
func (s *Service) recordNameservers(ctx context.Context, id int64, ns []string) error {
	if err := s.DB.Tx(ctx, func(tx *store.Tx) error { return setNameservers(ctx, tx, id, ns) }); err != nil {
		return fmt.Errorf("domains: record nameservers: %w", err)
	}
	return nil
}

// setNameservers stores the nameservers regbox set on domain id, in tx.
func setNameservers(ctx context.Context, tx *store.Tx, id int64, ns []string) error {
	_, err := tx.Exec(ctx, `UPDATE domains SET nameservers = ?, updated_at = ? WHERE id = ?`, joinNS(ns),
		tx.Dialect().Time(tx.Now()), id)
	return err
}
