package domains

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/regbox/regbox"
)

// TransferStatus returns the state and log of a pending transfer of one of the
// client's domains.
func (s *Service) TransferStatus(ctx context.Context, clientID int64, name string) (regbox.TransferStatus, error) {
	d, tm, err := s.pendingTransfer(ctx, clientID, name)
	if err != nil {
		return regbox.TransferStatus{}, err
	}
	return tm.TransferStatus(ctx, d.Name)
}

// ResendTransferConfirmation sends the approval mail of a pending transfer again.
func (s *Service) ResendTransferConfirmation(ctx context.Context, clientID int64, name string) error {
	d, tm, err := s.pendingTransfer(ctx, clientID, name)
	if err != nil {
		return err
	}
	return tm.ResendTransferConfirmation(ctx, d.Name)
}

// CancelTransfer withdraws a pending transfer: its order fails and the amount
// held for it is released.
func (s *Service) CancelTransfer(ctx context.Context, clientID int64, name string) error {
	d, tm, err := s.pendingTransfer(ctx, clientID, name)
	if err != nil {
		return err
	}
	o, err := s.transferOrder(ctx, d)
	if err != nil {
		return err
	}
	if err := tm.CancelTransfer(ctx, d.Name); err != nil {
		return err
	}
	return s.fail(ctx, o, regbox.Errorf(regbox.ECONFLICT, "The transfer of %s was cancelled.", d.Unicode))
}

// SettleTransfer looks at the outcome of a requested transfer (order in
// provisioning) with one registrar look: completed, the order becomes active
// and its amount is captured; gone without completing, the order fails and the
// amount is released; still pending, nothing changes. SyncTransfers does the
// same for every open transfer from the bulk lists.
func (s *Service) SettleTransfer(ctx context.Context, orderID int64) error {
	o, err := s.order(ctx, orderID)
	if err != nil {
		return err
	}
	if o.Kind != OpTransfer || o.State != OrderProvisioning {
		return regbox.Errorf(regbox.ECONFLICT, "Order %d is not a transfer in progress.", o.ID)
	}
	d, err := s.domainByID(ctx, o.data.DomainID)
	if err != nil {
		return err
	}
	info, err := s.Registrar.DomainInfo(ctx, d.Name)
	if err == nil {
		return s.completeTransfer(ctx, o, d, info)
	}
	if regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return err
	}
	if tm, ok := s.Registrar.(regbox.TransferManager); ok {
		_, err := tm.TransferStatus(ctx, d.Name)
		if err == nil {
			return nil // still pending
		}
		if regbox.ErrorCode(err) != regbox.ENOTFOUND {
			return err
		}
	}
	return s.failTransfer(ctx, o, d)
}

func (s *Service) failTransfer(ctx context.Context, o Order, d Domain) error {
	return s.fail(ctx, o, regbox.Errorf(regbox.EREGISTRY, "The transfer of %s did not complete.", d.Unicode))
}

// ResendVerification resends the registrant verification mail of one of the
// client's domains.
func (s *Service) ResendVerification(ctx context.Context, clientID int64, name string) error {
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return err
	}
	rv, ok := s.Registrar.(regbox.RegistrantVerifier)
	if !ok {
		return regbox.Errorf(regbox.EUNAVAILABLE, "The registrar cannot resend the verification mail.")
	}
	return rv.ResendVerification(ctx, d.Name)
}

func (s *Service) pendingTransfer(ctx context.Context, clientID int64, name string) (Domain, regbox.TransferManager, error) {
	d, err := s.Domain(ctx, clientID, name)
	if err != nil {
		return Domain{}, nil, err
	}
	if d.Status != StatusPendingTransfer {
		return Domain{}, nil, regbox.Errorf(regbox.ECONFLICT, "No transfer of %s is pending.", d.Unicode)
	}
	tm, ok := s.Registrar.(regbox.TransferManager)
	if !ok {
		return Domain{}, nil, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar cannot manage transfers.")
	}
	return d, tm, nil
}

// transferOrder is the transfer order in progress for a domain.
func (s *Service) transferOrder(ctx context.Context, d Domain) (Order, error) {
	o, err := scanOrder(s.DB.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE client_id = ? AND kind = ? AND domain = ?
		AND state = ? ORDER BY id DESC LIMIT 1`, d.ClientID, string(OpTransfer), d.Name, string(OrderProvisioning)))
	if errors.Is(err, sql.ErrNoRows) || regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Order{}, regbox.Errorf(regbox.ECONFLICT, "No transfer order of %s is open.", d.Unicode)
	}
	if err != nil {
		return Order{}, fmt.Errorf("domains: transfer order of %s: %w", d.Name, err)
	}
	return o, nil
}
