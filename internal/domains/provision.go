package domains

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/store"
)

// Mail kinds the service sends (templates in internal/mail/templates).
const (
	MailOrderActive = "domain_order_active"
	MailOrderFailed = "domain_order_failed"
	MailEPPCode     = "domain_epp_code"
)

// Register registers the provisioning job's handler in reg.
func (s *Service) Register(reg *jobs.Registry) error { return reg.Handle(JobKind, s.handle) }

func (s *Service) handle(ctx context.Context, r jobs.Run) error {
	var a jobArgs
	if err := json.Unmarshal(r.Args, &a); err != nil {
		return fmt.Errorf("domains: %s args: %w", JobKind, err)
	}
	return s.Provision(ctx, a.OrderID, r.Attempt >= s.Settings.MaxAttempts)
}

// Provision carries out a paid order at the registrar: on success the order is
// active and its reservation captured, on a final failure it fails and its
// reservation is released (refunded). A temporary registrar failure returns an
// error so that the job runs again, unless last is set. Running it again for a
// finished order only completes the money step, under the same keys.
func (s *Service) Provision(ctx context.Context, id int64, last bool) error {
	o, err := s.order(ctx, id)
	if err != nil {
		return err
	}
	switch o.State {
	case OrderActive:
		return s.capture(ctx, o)
	case OrderFailed:
		return s.refund(ctx, o)
	case OrderRefunded, OrderPendingPayment:
		return nil
	}
	retried := o.State == OrderProvisioning
	if !retried {
		if err := s.setOrderState(ctx, o.ID, OrderProvisioning, "", ""); err != nil {
			return err
		}
	}
	if o.Kind == OpRegister && o.data.ApplicationID != "" {
		return nil // an application: SettleApplications follows it
	}
	d, err := s.carryOut(ctx, &o, retried)
	if err != nil {
		code := regbox.ErrorCode(err)
		if (code == regbox.EUNAVAILABLE || code == regbox.EINTERNAL) && !last {
			return fmt.Errorf("domains: order %d: %w", o.ID, err)
		}
		return s.fail(ctx, o, err)
	}
	switch {
	case d.Status == StatusPendingTransfer:
		return s.awaitTransfer(ctx, o, d)
	case o.data.ApplicationID != "":
		return s.awaitApplication(ctx, o, d)
	}
	return s.succeed(ctx, o, d)
}

// awaitTransfer records an accepted transfer request: the order stays in
// provisioning with its amount held until SettleTransfer sees the outcome.
func (s *Service) awaitTransfer(ctx context.Context, o Order, d Domain) error {
	msg := fmt.Sprintf("The transfer of %s was requested; it completes when the current registrar releases it.", d.Unicode)
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := setDomain(ctx, tx, d); err != nil {
			return err
		}
		return orderState(ctx, tx, o.ID, OrderProvisioning, msg, "")
	})
	if err != nil {
		return fmt.Errorf("domains: order %d: record the transfer request: %w", o.ID, err)
	}
	return nil
}

// carryOut sends the order to the registrar and returns the domain's new state.
func (s *Service) carryOut(ctx context.Context, o *Order, retried bool) (Domain, error) {
	d, err := s.domainByID(ctx, o.data.DomainID)
	if err != nil {
		return Domain{}, err
	}
	switch o.Kind {
	case OpRegister:
		return s.register(ctx, o, d, retried)
	case OpTransfer:
		return s.transfer(ctx, *o, d, retried)
	case OpRenew:
		return s.renew(ctx, *o, d, retried)
	case OpRestore:
		return s.restore(ctx, *o, d)
	}
	return Domain{}, regbox.Errorf(regbox.EINTERNAL, "Order %d has an unknown kind %q.", o.ID, o.Kind)
}

func (s *Service) register(ctx context.Context, o *Order, d Domain, retried bool) (Domain, error) {
	res, err := s.Registrar.RegisterDomain(ctx, regbox.RegisterRequest{Domain: d.Name, Years: o.Years,
		Nameservers: s.nameservers(o.data.Nameservers), Contacts: o.data.Contacts, PremiumClass: o.data.PremiumClass,
		PremiumPrice: o.data.PremiumPrice, PremiumCurrency: o.data.PremiumCurrency, Fields: o.data.Fields,
		Lock: s.Settings.AutoLock, IDProtection: o.data.IDProtection})
	if err != nil && retried && regbox.ErrorCode(err) == regbox.ECONFLICT {
		// An earlier attempt may have registered it before the process stopped.
		if info, ierr := s.Registrar.DomainInfo(ctx, d.Name); ierr == nil {
			res, err = regbox.RegisterResult{Domain: d.Name, Expires: info.Expires}, nil
		}
	}
	if err != nil {
		return Domain{}, err
	}
	d.Status, d.Expires = StatusActive, res.Expires
	if res.Pending {
		d.Status, o.data.ApplicationID = StatusPending, cmpOr(res.ApplicationID, "pending")
	}
	d.Locked, d.IDProtection = s.Settings.AutoLock, o.data.IDProtection
	return d, nil
}

// renew renews; the known expiry guards against renewing twice, so a retry
// refused as a repeat checks whether the first attempt went through.
func (s *Service) renew(ctx context.Context, o Order, d Domain, retried bool) (Domain, error) {
	res, err := s.Registrar.RenewDomain(ctx, regbox.RenewRequest{Domain: d.Name, Years: o.Years,
		PremiumClass: d.PremiumClass, Expires: d.Expires})
	if err != nil && retried && regbox.ErrorCode(err) == regbox.ECONFLICT {
		if info, ierr := s.Registrar.DomainInfo(ctx, d.Name); ierr == nil && !info.Expires.Before(d.Expires.AddDate(o.Years, 0, 0)) {
			res, err = regbox.RenewResult{Domain: d.Name, Expires: info.Expires}, nil
		}
	}
	if err != nil {
		return Domain{}, err
	}
	d.Status, d.Expires = StatusActive, cmpTime(res.Expires, d.Expires.AddDate(o.Years, 0, 0))
	return d, nil
}

func (s *Service) transfer(ctx context.Context, o Order, d Domain, retried bool) (Domain, error) {
	if tm, ok := s.Registrar.(regbox.TransferManager); ok && retried {
		// An earlier attempt may have sent the request before the process stopped.
		if st, err := tm.TransferStatus(ctx, d.Name); err == nil && st.Pending {
			d.Status = StatusPendingTransfer
			return d, nil
		}
	}
	res, err := s.Registrar.TransferDomain(ctx, regbox.TransferRequest{Domain: d.Name, AuthCode: o.data.AuthCode,
		Years: o.Years, Nameservers: o.data.Nameservers, Contacts: o.data.Contacts, PremiumClass: o.data.PremiumClass,
		Fields: o.data.Fields, Lock: s.Settings.AutoLock})
	if err != nil {
		return Domain{}, err
	}
	d.Status = StatusPendingTransfer
	if res.Completed {
		d.Status = StatusActive
		if info, err := s.Registrar.DomainInfo(ctx, d.Name); err == nil {
			d.Expires, d.Locked = info.Expires, info.Locked
		}
	}
	return d, nil
}

// restore restores a domain, then renews the years beyond the one a restore
// includes (registrar-module.md §2.4).
func (s *Service) restore(ctx context.Context, o Order, d Domain) (Domain, error) {
	if err := s.Registrar.RestoreDomain(ctx, d.Name); err != nil {
		return Domain{}, err
	}
	info, err := s.Registrar.DomainInfo(ctx, d.Name)
	if err != nil {
		return Domain{}, err
	}
	d.Status, d.Expires = StatusActive, info.Expires
	if o.Years > 1 {
		res, err := s.Registrar.RenewDomain(ctx, regbox.RenewRequest{Domain: d.Name, Years: o.Years - 1,
			PremiumClass: d.PremiumClass, Expires: info.Expires})
		if err != nil {
			return Domain{}, err
		}
		d.Expires = cmpTime(res.Expires, d.Expires.AddDate(o.Years-1, 0, 0))
	}
	return d, nil
}

func (s *Service) nameservers(ns []string) []string {
	if len(ns) > 0 {
		return ns
	}
	return s.Settings.Nameservers
}

// succeed records the outcome, mails the client, and captures the payment. A
// domain without a renewal price (a new one) gets its one-year renewal price.
func (s *Service) succeed(ctx context.Context, o Order, d Domain) error {
	msg := fmt.Sprintf("%s of %s succeeded.", kindTitle(o.Kind), d.Unicode)
	renewal := int64(0)
	if d.RenewalPrice == 0 {
		renewal = s.provisionedRenewal(ctx, o, d)
	}
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := setDomain(ctx, tx, d); err != nil {
			return err
		}
		if renewal > 0 {
			if _, err := tx.Exec(ctx, `UPDATE domains SET renewal_price = ? WHERE id = ?`, renewal, d.ID); err != nil {
				return err
			}
		}
		if err := orderState(ctx, tx, o.ID, OrderActive, msg, ""); err != nil {
			return err
		}
		return s.mailClient(ctx, tx, o.ClientID, MailOrderActive, orderMail{Domain: d.Unicode, Kind: string(o.Kind),
			Message: msg, OrderID: o.ID, Expires: dateOf(d.Expires)})
	})
	if err != nil {
		return fmt.Errorf("domains: order %d: record success: %w", o.ID, err)
	}
	o.State = OrderActive
	return s.capture(ctx, o)
}

// provisionedRenewal is a provisioned domain's one-year renewal price in the order's
// currency (a premium name's by its class), from the same prices as orders; 0,
// logged, when it cannot be found: the next price sync of its TLD sets it.
func (s *Service) provisionedRenewal(ctx context.Context, o Order, d Domain) int64 {
	if s.Prices == nil {
		return 0
	}
	q := Quote{ClientID: o.ClientID, Currency: o.Currency, Op: OpRenew, Domain: d.Name, TLD: d.TLD, Years: 1, DomainID: d.ID}
	if d.PremiumClass != "" {
		q.Premium = regbox.DomainCheck{Domain: d.Name, Status: regbox.Premium, PremiumClass: d.PremiumClass}
	}
	p, err := s.quote(ctx, q)
	if err != nil {
		s.Logger.WarnContext(ctx, "domains: no renewal price for a provisioned domain", "domain", d.Name,
			"order", o.ID, "currency", o.Currency, "error", err)
		return 0
	}
	return p
}

// fail records a final failure, mails the client, and releases the payment.
func (s *Service) fail(ctx context.Context, o Order, cause error) error {
	msg := regbox.ErrorMessage(cause)
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		if o.Kind == OpRegister || o.Kind == OpTransfer {
			if _, err := tx.Exec(ctx, `UPDATE domains SET status = ?, updated_at = ? WHERE id = ?`, string(StatusFailed),
				tx.Dialect().Time(tx.Now()), o.data.DomainID); err != nil {
				return err
			}
		}
		if err := orderState(ctx, tx, o.ID, OrderFailed, msg, cause.Error()); err != nil {
			return err
		}
		return s.mailClient(ctx, tx, o.ClientID, MailOrderFailed, orderMail{Domain: o.data.Unicode, Kind: string(o.Kind),
			Message: msg, OrderID: o.ID})
	})
	if err != nil {
		return fmt.Errorf("domains: order %d: record failure: %w", o.ID, err)
	}
	o.State = OrderFailed
	return s.refund(ctx, o)
}

func (s *Service) capture(ctx context.Context, o Order) error {
	if _, err := s.Billing.Capture(ctx, o.ReservationID, orderKey(o.ID, "capture")); err != nil {
		return fmt.Errorf("domains: order %d: capture: %w", o.ID, err)
	}
	return nil
}

func (s *Service) refund(ctx context.Context, o Order) error {
	if _, err := s.Billing.Release(ctx, o.ReservationID, orderKey(o.ID, "release")); err != nil {
		return fmt.Errorf("domains: order %d: release: %w", o.ID, err)
	}
	return s.setOrderState(ctx, o.ID, OrderRefunded, "", "")
}

func (s *Service) setOrderState(ctx context.Context, id int64, st OrderState, msg, detail string) error {
	return s.DB.Tx(ctx, func(tx *store.Tx) error { return orderState(ctx, tx, id, st, msg, detail) })
}

// orderState sets an order's state; an empty message keeps the one stored.
func orderState(ctx context.Context, tx *store.Tx, id int64, st OrderState, msg, detail string) error {
	_, err := tx.Exec(ctx, `UPDATE orders SET state = ?, message = CASE WHEN ? = '' THEN message ELSE ? END,
		detail = CASE WHEN ? = '' THEN detail ELSE ? END, updated_at = ? WHERE id = ?`,
		string(st), msg, msg, detail, detail, tx.Dialect().Time(tx.Now()), id)
	return err
}

// orderMail is the data of the order mails.
type orderMail struct {
	Name    string
	Domain  string
	Kind    string
	Message string
	OrderID int64
	Expires string
	Code    string
}

// mailClient queues a mail to the client in tx.
func (s *Service) mailClient(ctx context.Context, tx *store.Tx, clientID int64, kind string, data orderMail) error {
	c, err := s.Clients.Client(ctx, clientID)
	if err != nil {
		return err
	}
	data.Name = c.FirstName
	_, err = s.Mailer.Queue(ctx, tx, mail.Message{To: c.Email, Kind: kind, Language: c.Language, Data: data})
	return err
}

func (s *Service) domainByID(ctx context.Context, id int64) (Domain, error) {
	d, err := scanDomain(s.DB.QueryRow(ctx, `SELECT `+domainColumns+` FROM domains WHERE id = ?`, id))
	if err != nil {
		return Domain{}, fmt.Errorf("domains: domain %d: %w", id, err)
	}
	return d, nil
}

func kindTitle(k Operation) string {
	switch k {
	case OpRegister:
		return "The registration"
	case OpTransfer:
		return "The transfer"
	case OpRenew:
		return "The renewal"
	case OpRestore:
		return "The restore"
	}
	return "The order"
}

func cmpTime(a, b time.Time) time.Time {
	if !a.IsZero() {
		return a
	}
	return b
}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}
