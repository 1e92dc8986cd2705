package domains

// The transfer sync (registrar-module.md §5.2) in bulk: one list of the account
// (regbox.DomainLister) and one of its pending transfers (regbox.TransferLister,
// which asks per name only for a role user not allowed to list transfers)
// settle every open transfer order: in the account, it completed; still
// listed as pending, nothing changes; in neither, it failed. The seed's
// per-domain StatusDomainTransfer / QueryObjectLogList / StatusDomain walk is
// replaced by these two lists; the failure reason from the registrar's log is
// not fetched (the order says the transfer did not complete).
//
// After a completed transfer, with Settings.NSUpdateAfterTransfer the order's
// nameservers are set when they differ from the registrar's, and with
// Settings.ContactUpdateAfterTransfer the order's contacts replace empty or
// "AUTO-" handles (contacts first, then nameservers, as the seed since 17.0.0).
// A failing update does not undo the transfer: the domain is flagged
// (post_transfer) for the admin, the seed's To-Do item.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/regbox/regbox"
)

// SyncTransfers settles every open transfer order from the registrar's bulk
// lists and returns how many were settled (completed or failed). With no open
// transfer it makes no registrar call. Errors of single orders are logged and
// counted out, not returned.
func (s *Service) SyncTransfers(ctx context.Context) (int, error) {
	ids, err := s.orderIDs(ctx, OpTransfer, OrderProvisioning)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	l, err := s.lister()
	if err != nil {
		return 0, err
	}
	tl, ok := s.Registrar.(regbox.TransferLister)
	if !ok {
		return 0, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar %s cannot list pending transfers.", s.Registrar.Name())
	}
	infos, err := l.ListDomains(ctx)
	if err != nil {
		return 0, err
	}
	held := make(map[string]regbox.DomainInfo, len(infos))
	for _, info := range infos {
		held[info.Domain] = info
	}
	names, err := s.transferNames(ctx, ids)
	if err != nil {
		return 0, err
	}
	var ask []string
	for _, n := range names {
		if _, ok := held[n]; !ok {
			ask = append(ask, n)
		}
	}
	pending, err := tl.PendingTransfers(ctx, ask)
	if err != nil {
		return 0, err
	}
	settled := 0
	for _, id := range ids {
		done, err := s.settleFromLists(ctx, id, held, pending)
		if err != nil {
			s.Logger.WarnContext(ctx, "domains: settle transfer", "order", id, "err", err)
			continue
		}
		settled += b2i(done)
	}
	return settled, nil
}

// transferNames are the domains of open transfer orders.
func (s *Service) transferNames(ctx context.Context, ids []int64) ([]string, error) {
	rows, err := s.DB.Query(ctx, `SELECT domain FROM orders WHERE kind = ? AND state = ?`, string(OpTransfer),
		string(OrderProvisioning))
	if err != nil {
		return nil, fmt.Errorf("domains: transfer orders: %w", err)
	}
	defer rows.Close()
	names := make([]string, 0, len(ids))
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("domains: transfer orders: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// settleFromLists settles one transfer order; done tells whether it did.
func (s *Service) settleFromLists(ctx context.Context, id int64, held map[string]regbox.DomainInfo, pending []string) (bool, error) {
	o, err := s.order(ctx, id)
	if err != nil || o.State != OrderProvisioning {
		return false, err
	}
	d, err := s.domainByID(ctx, o.data.DomainID)
	if err != nil {
		return false, err
	}
	if info, ok := held[d.Name]; ok {
		return true, s.completeTransfer(ctx, o, d, info)
	}
	if slices.Contains(pending, d.Name) {
		return false, nil
	}
	return true, s.failTransfer(ctx, o, d)
}

// completeTransfer makes a transferred domain active, captures the order's
// amount and runs the post-transfer updates the settings ask for.
func (s *Service) completeTransfer(ctx context.Context, o Order, d Domain, info regbox.DomainInfo) error {
	d.Status, d.Expires, d.Locked = StatusActive, info.Expires, info.Locked
	if err := s.succeed(ctx, o, d); err != nil {
		return err
	}
	ns := info.Nameservers
	var problems []string
	if s.Settings.ContactUpdateAfterTransfer {
		if err := s.postTransferContacts(ctx, o, info); err != nil {
			problems = append(problems, "contact update failed: "+regbox.ErrorMessage(err))
		}
	}
	if s.Settings.NSUpdateAfterTransfer && len(o.data.Nameservers) > 0 && joinNS(o.data.Nameservers) != joinNS(ns) {
		if err := s.Registrar.SetNameservers(ctx, d.Name, o.data.Nameservers); err != nil {
			problems = append(problems, "nameserver update failed: "+regbox.ErrorMessage(err))
		} else {
			ns = o.data.Nameservers
		}
	}
	if err := s.recordNameservers(ctx, d.ID, ns); err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.flagDomain(ctx, d, "post_transfer", strings.Join(problems, "; "))
	}
	return nil
}

// postTransferContacts replaces the empty and "AUTO-" handles of a
// transferred domain with the order's contacts (§5.2 step 4).
func (s *Service) postTransferContacts(ctx context.Context, o Order, info regbox.DomainInfo) error {
	set := regbox.DomainContacts{}
	for _, role := range []regbox.ContactRole{regbox.RoleOwner, regbox.RoleAdmin, regbox.RoleTech, regbox.RoleBilling} {
		h := info.Handles[role]
		c, ok := o.data.Contacts[role]
		if ok && (h == "" || strings.HasPrefix(strings.ToUpper(h), "AUTO-")) {
			set[role] = c
		}
	}
	if len(set) == 0 {
		return nil
	}
	_, err := s.Registrar.UpdateContacts(ctx, regbox.ContactUpdate{Domain: info.Domain, Contacts: set,
		DesignatedAgent: s.Settings.DesignatedAgent, OptOutTransferLock: s.Settings.IRTPOptOut})
	if err != nil {
		return fmt.Errorf("domains: post-transfer contacts of %s: %w", info.Domain, err)
	}
	return nil
}
