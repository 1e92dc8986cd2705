package domains

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

// awaitApplication records a registration the registry decides later (.swiss):
// the order stays in provisioning with its amount held and the application's
// id stored, until SettleApplications sees the decision.
func (s *Service) awaitApplication(ctx context.Context, o Order, d Domain) error {
	data, err := json.Marshal(o.data)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("The registry is deciding the application for %s.", d.Unicode)
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := setDomain(ctx, tx, d); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE orders SET request = ? WHERE id = ?`, string(data), o.ID); err != nil {
			return err
		}
		return orderState(ctx, tx, o.ID, OrderProvisioning, msg, "")
	})
	if err != nil {
		return fmt.Errorf("domains: order %d: record the application: %w", o.ID, err)
	}
	return nil
}

// SettleApplication looks at the registry's decision on an order's
// application: successful, the order becomes active and its amount is
// captured; failed, the order fails and the amount is released; pending,
// nothing changes.
func (s *Service) SettleApplication(ctx context.Context, orderID int64) error {
	o, err := s.order(ctx, orderID)
	if err != nil {
		return err
	}
	if o.Kind != OpRegister || o.State != OrderProvisioning || o.data.ApplicationID == "" {
		return regbox.Errorf(regbox.ECONFLICT, "Order %d is not an application in progress.", o.ID)
	}
	ac, ok := s.Registrar.(regbox.ApplicationChecker)
	if !ok {
		return regbox.Errorf(regbox.EUNAVAILABLE, "The registrar cannot report on applications.")
	}
	st, err := ac.ApplicationStatus(ctx, o.data.ApplicationID)
	if err != nil {
		return err
	}
	d, err := s.domainByID(ctx, o.data.DomainID)
	if err != nil {
		return err
	}
	switch st {
	case "successful":
		info, err := s.Registrar.DomainInfo(ctx, d.Name)
		if err != nil {
			return err
		}
		d.Status, d.Expires, d.Locked = StatusActive, info.Expires, info.Locked
		return s.succeed(ctx, o, d)
	case "failed":
		return s.fail(ctx, o, regbox.Errorf(regbox.EREGISTRY, "The registry rejected the application for %s.", d.Unicode))
	}
	return nil
}

// SettleApplications runs SettleApplication for every application in
// progress and returns how many were decided; errors of single orders are
// logged. It is the daily application_status job.
func (s *Service) SettleApplications(ctx context.Context) (int, error) {
	ids, err := s.orderIDs(ctx, OpRegister, OrderProvisioning)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if err := s.SettleApplication(ctx, id); err != nil {
			if regbox.ErrorCode(err) != regbox.ECONFLICT { // a registration still running, not an application
				s.Logger.WarnContext(ctx, "domains: settle application", "order", id, "err", err)
			}
			continue
		}
		if o, err := s.order(ctx, id); err == nil && o.State != OrderProvisioning {
			n++
		}
	}
	return n, nil
}

// RegisterApplicationStatus replaces the placeholder handler of the seed's
// daily application_status job with SettleApplications.
func (s *Service) RegisterApplicationStatus(reg *jobs.Registry) error {
	return s.schedule(reg, jobs.ApplicationStatus, func(ctx context.Context) (int, error) { return s.SettleApplications(ctx) })
}

// orderIDs lists the ids of orders of a kind in a state.
func (s *Service) orderIDs(ctx context.Context, kind Operation, state OrderState) ([]int64, error) {
	rows, err := s.DB.Query(ctx, `SELECT id FROM orders WHERE kind = ? AND state = ? ORDER BY id`, string(kind), string(state))
	if err != nil {
		return nil, fmt.Errorf("domains: orders: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("domains: orders: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
