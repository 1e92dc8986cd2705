package domains

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

// OrderState is where an order is: pending_payment -> paid -> provisioning ->
// active, or failed -> refunded.
type OrderState string

// The order states.
const (
	OrderPendingPayment OrderState = "pending_payment"
	OrderPaid           OrderState = "paid"
	OrderProvisioning   OrderState = "provisioning"
	OrderActive         OrderState = "active"
	OrderFailed         OrderState = "failed"
	OrderRefunded       OrderState = "refunded"
)

// JobKind is the kind of the job that provisions an order.
const JobKind = "domain_order"

// OrderRequest is what a client orders.
type OrderRequest struct {
	ClientID int64
	Kind     Operation // OpRegister, OpTransfer, OpRenew or OpRestore
	Domain   string    // ACE or Unicode
	Years    int       // for a transfer 0 means the registry's default
	// IdempotencyKey identifies the request: the same key returns the same order.
	IdempotencyKey string
	Nameservers    []string
	// Contacts override the client's profile per role (register, transfer).
	Contacts regbox.DomainContacts
	Fields   map[string]string // additional domain fields
	AuthCode string            // transfer
	// PremiumClass, PremiumPrice and PremiumCurrency confirm a premium name's
	// registry price as a check quoted it; Price is then what the client pays.
	PremiumClass    string
	PremiumPrice    string
	PremiumCurrency string
	IDProtection    bool
}

// orderData is the part of the request the provisioning job needs.
type orderData struct {
	Nameservers     []string              `json:"nameservers,omitempty"`
	Contacts        regbox.DomainContacts `json:"contacts,omitempty"`
	Fields          map[string]string     `json:"fields,omitempty"`
	AuthCode        string                `json:"auth_code,omitempty"`
	PremiumClass    string                `json:"premium_class,omitempty"`
	PremiumPrice    string                `json:"premium_price,omitempty"`
	PremiumCurrency string                `json:"premium_currency,omitempty"`
	IDProtection    bool                  `json:"id_protection,omitempty"`
	DomainID        int64                 `json:"domain_id"`
	Unicode         string                `json:"unicode,omitempty"`
	TLD             string                `json:"tld"`
	// ApplicationID is the registry application of a registration decided later.
	ApplicationID string `json:"application_id,omitempty"`
}

// Order is an order as stored.
type Order struct {
	ID            int64      `json:"id"`
	ClientID      int64      `json:"client_id"`
	Kind          Operation  `json:"kind"`
	Domain        string     `json:"domain"`
	Years         int        `json:"years"`
	State         OrderState `json:"state"`
	Amount        int64      `json:"amount"` // minor units of Currency
	Currency      string     `json:"currency"`
	ReservationID int64      `json:"reservation_id,omitempty"`
	Message       string     `json:"message,omitempty"` // the outcome, for the client
	Detail        string     `json:"-"`                 // the registrar's raw answer, for the admin
	Created       time.Time  `json:"created"`
	Updated       time.Time  `json:"updated"`
	data          orderData
}

const orderColumns = `id, client_id, kind, domain, years, state, amount, currency, reservation_id, request, message,
	detail, created_at, updated_at`

func scanOrder(row scanner) (Order, error) {
	var o Order
	var res sql.NullInt64
	var req string
	err := row.Scan(&o.ID, &o.ClientID, &o.Kind, &o.Domain, &o.Years, &o.State, &o.Amount, &o.Currency, &res, &req,
		&o.Message, &o.Detail, store.ScanTime(&o.Created), store.ScanTime(&o.Updated))
	if err != nil {
		return Order{}, err
	}
	o.ReservationID = res.Int64
	if err := json.Unmarshal([]byte(req), &o.data); err != nil {
		return Order{}, fmt.Errorf("order %d: request: %w", o.ID, err)
	}
	return o, nil
}

// Order returns one of the client's orders.
func (s *Service) Order(ctx context.Context, clientID, id int64) (Order, error) {
	o, err := s.order(ctx, id)
	if err != nil || o.ClientID != clientID {
		if err == nil || regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return Order{}, regbox.Errorf(regbox.ENOTFOUND, "You have no order %d.", id)
		}
		return Order{}, err
	}
	return o, nil
}

func (s *Service) order(ctx context.Context, id int64) (Order, error) {
	o, err := scanOrder(s.DB.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Order{}, regbox.Errorf(regbox.ENOTFOUND, "There is no order %d.", id)
	}
	if err != nil {
		return Order{}, fmt.Errorf("domains: order %d: %w", id, err)
	}
	return o, nil
}

// PlaceOrder checks an order, holds its price from the client's credit and
// enqueues its provisioning. Bad input, a domain the client does not hold (for
// renew and restore) and insufficient credit are refused before anything is
// stored or charged. A request repeated with the same idempotency key returns
// the first order.
//
// The order is recorded in the activity log ("order.place") in the transaction
// that pays it; a repeated request changes nothing and records nothing.
func (s *Service) PlaceOrder(ctx context.Context, req OrderRequest) (Order, error) {
	key := strings.TrimSpace(req.IdempotencyKey)
	if key == "" || len(key) > 100 {
		return Order{}, regbox.FieldError("idempotency_key", "is required (at most 100 characters).")
	}
	if o, err := s.orderByKey(ctx, req.ClientID, key); err == nil || regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return o, err
	}
	p, err := s.prepare(ctx, req)
	if err != nil {
		return Order{}, err
	}
	o, err := s.insertOrder(ctx, req, key, p)
	if err != nil {
		return Order{}, err
	}
	if o.State != OrderPendingPayment { // a concurrent twin with the same key won
		return o, nil
	}
	return s.pay(ctx, o, key)
}

// orderDetails are the details of an order's activity entry.
func orderDetails(o Order, key string) map[string]any {
	return map[string]any{"client_id": o.ClientID, "kind": o.Kind, "domain": o.Domain, "amount": o.Amount,
		"currency": o.Currency, "idempotency_key": key}
}

func (s *Service) orderByKey(ctx context.Context, clientID int64, key string) (Order, error) {
	o, err := scanOrder(s.DB.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE client_id = ? AND idem_key = ?`,
		clientID, key))
	if errors.Is(err, sql.ErrNoRows) || regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Order{}, regbox.Errorf(regbox.ENOTFOUND, "no order with this key")
	}
	return o, err
}

// pay holds the order's amount and hands it to the provisioning job. A refusal
// of the reservation (insufficient credit) removes the unpaid order again, so
// that nothing is left of the request.
func (s *Service) pay(ctx context.Context, o Order, key string) (Order, error) {
	res, err := s.Billing.Reserve(ctx, clientKey(o.ClientID), o.Currency, o.Amount, orderKey(o.ID, "reserve"))
	if err != nil {
		if derr := s.dropOrder(ctx, o); derr != nil {
			s.Logger.ErrorContext(ctx, "domains: cannot remove an unpaid order", "order", o.ID, "err", derr)
		}
		if regbox.ErrorCode(err) == regbox.ECONFLICT {
			return Order{}, regbox.WrapError(regbox.ECONFLICT, err, "Your credit is not enough for this order (%s %s).",
				formatAmount(o.Amount), o.Currency)
		}
		return Order{}, err
	}
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE orders SET state = ?, reservation_id = ?, updated_at = ? WHERE id = ?`,
			string(OrderPaid), res.ID, tx.Dialect().Time(tx.Now()), o.ID); err != nil {
			return err
		}
		if err := s.enqueue(ctx, tx, o.ID); err != nil {
			return err
		}
		return tx.Record(ctx, "order.place", "order", store.ID(o.ID), orderDetails(o, key))
	})
	if err != nil {
		return Order{}, fmt.Errorf("domains: pay order %d: %w", o.ID, err)
	}
	return s.order(ctx, o.ID)
}

// jobArgs are a provisioning job's args.
type jobArgs struct {
	OrderID int64 `json:"order_id"`
}

func (s *Service) enqueue(ctx context.Context, tx *store.Tx, id int64) error {
	if s.Queue == nil {
		return regbox.Errorf(regbox.EINTERNAL, "The domains service has no job queue.")
	}
	_, err := s.Queue.Enqueue(ctx, jobs.SQLTx(tx.SQLTx()), jobs.Job{Kind: JobKind, Args: jobArgs{OrderID: id},
		MaxAttempts: s.Settings.MaxAttempts, Unique: true, UniqueKey: orderKey(id, "provision")})
	return err
}

// dropOrder removes an order that was never paid, and its pending domain row.
func (s *Service) dropOrder(ctx context.Context, o Order) error {
	return s.DB.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM orders WHERE id = ? AND state = ?`, o.ID, string(OrderPendingPayment)); err != nil {
			return err
		}
		if o.Kind == OpRegister || o.Kind == OpTransfer {
			_, err := tx.Exec(ctx, `DELETE FROM domains WHERE id = ?`, o.data.DomainID)
			return err
		}
		return nil
	})
}

// orderKey is the idempotency key of one step of an order's payment.
func orderKey(id int64, step string) string { return fmt.Sprintf("order:%d:%s", id, step) }

func formatAmount(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d", sign, minor/100, minor%100)
}
