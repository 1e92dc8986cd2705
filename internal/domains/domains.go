// Package domains is the service behind a client's domains: orders to register,
// transfer, renew and restore them (paid from credit through billing
// reservations and provisioned by a job), and the operations on a domain held:
// information, nameservers, registrar lock, EPP code, contacts and owner
// changes, ID protection, private nameservers, deletion and release.
//
// Every method checks its input (TLD rules, the client's ownership, credit)
// before any money moves or any registrar call is made. A domain of another
// client is ENOTFOUND, as is one that does not exist, so that existence is not
// revealed. Registrar errors keep their user message; their raw answer goes to
// the module log (the ispapi client's hook) and, for orders, the order's detail.
package domains

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/store"
)

// Prices answers what an operation costs a client, in minor units of currency.
type Prices interface {
	Price(ctx context.Context, clientID int64, currency string, op Operation, tld string, years int) (int64, error)
}

// PriceFunc adapts a function to Prices.
type PriceFunc func(ctx context.Context, clientID int64, currency string, op Operation, tld string, years int) (int64, error)

// Price implements Prices.
func (f PriceFunc) Price(ctx context.Context, clientID int64, currency string, op Operation, tld string, years int) (int64, error) {
	return f(ctx, clientID, currency, op, tld, years)
}

// Clients finds a client's profile (internal/accounts).
type Clients interface {
	Client(ctx context.Context, id int64) (accounts.Client, error)
}

// Mailer queues a mail in a transaction (internal/mail).
type Mailer interface {
	Queue(ctx context.Context, tx *store.Tx, msg mail.Message) (int64, error)
}

// Settings are the operator's choices (the seed's module settings, §3).
type Settings struct {
	// AutoLock sets the registrar lock on registrations and transfers.
	AutoLock bool
	// DesignatedAgent: regbox confirms ICANN owner changes as designated agent
	// of both registrants (the seed's IRTP "Option 1").
	DesignatedAgent bool
	// IRTPOptOut asks to skip the 60-day transfer lock after an owner change.
	IRTPOptOut bool
	// SuspendAfterExpiry suspends a domain SuspendAfterDays after it expires
	// (0: right after it, as the seed does).
	SuspendAfterExpiry bool
	SuspendAfterDays   int
	// Nameservers are used when an order gives none.
	Nameservers []string
	// NSUpdateAfterTransfer sets the order's nameservers after a completed
	// transfer (the seed's NSUpdTransfer); ContactUpdateAfterTransfer replaces
	// empty or AUTO- handles with the order's contacts (CHUpdTransfer).
	NSUpdateAfterTransfer      bool
	ContactUpdateAfterTransfer bool
	// MaxAttempts is how often a provisioning job runs before the order fails
	// (default 5).
	MaxAttempts int
}

// Options are a Service's collaborators; all but Logger are required.
type Options struct {
	DB        *store.DB
	Registrar regbox.Registrar
	Rules     Rules
	Prices    Prices
	Billing   *billing.Service
	Clients   Clients
	Queue     jobs.Queue
	Mailer    Mailer
	Settings  Settings
	Logger    *slog.Logger
}

// Service is the domains service; safe for concurrent use.
type Service struct {
	Options
}

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.DB == nil || o.Registrar == nil || o.Rules == nil || o.Billing == nil || o.Clients == nil || o.Mailer == nil {
		return nil, errors.New("domains: New: DB, Registrar, Rules, Billing, Clients and Mailer are required")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Settings.MaxAttempts <= 0 {
		o.Settings.MaxAttempts = 5
	}
	return &Service{Options: o}, nil
}

// Status is a domain's state in regbox.
type Status string

// The domain states.
const (
	StatusPending         Status = "pending"          // its registration order runs
	StatusPendingTransfer Status = "pending_transfer" // a transfer in was requested
	StatusActive          Status = "active"
	StatusExpired         Status = "expired"
	StatusSuspended       Status = "suspended" // expired and suspended (Settings.SuspendAfterExpiry)
	StatusRedemption      Status = "redemption"
	StatusDeleted         Status = "deleted"
	StatusTransferredAway Status = "transferred_away"
	StatusFailed          Status = "failed" // its order failed
)

// Domain is a domain of a client's portfolio.
type Domain struct {
	ID           int64     `json:"id"`
	ClientID     int64     `json:"client_id"`
	Name         string    `json:"name"`    // ACE
	Unicode      string    `json:"unicode"` // display form
	TLD          string    `json:"tld"`
	Status       Status    `json:"status"`
	Expires      time.Time `json:"expires,omitzero"`
	Registrar    string    `json:"registrar"`
	RenewalPrice int64     `json:"renewal_price"` // minor units of Currency
	Currency     string    `json:"currency"`
	Locked       bool      `json:"locked"`
	IDProtection bool      `json:"id_protection"`
	PremiumClass string    `json:"premium_class,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

const domainColumns = `id, client_id, name, unicode, tld, status, expires_at, registrar, renewal_price, currency,
	locked, id_protection, premium_class, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanDomain(row scanner) (Domain, error) {
	var d Domain
	var expT time.Time
	var valid bool
	err := row.Scan(&d.ID, &d.ClientID, &d.Name, &d.Unicode, &d.TLD, &d.Status, nullTime{&expT, &valid}, &d.Registrar,
		&d.RenewalPrice, &d.Currency, &d.Locked, &d.IDProtection, &d.PremiumClass, store.ScanTime(&d.Created),
		store.ScanTime(&d.Updated))
	if valid {
		d.Expires = expT
	}
	return d, err
}

// nullTime scans a nullable time column.
type nullTime struct {
	t     *time.Time
	valid *bool
}

// Scan implements sql.Scanner.
func (n nullTime) Scan(src any) error {
	if src == nil {
		*n.valid = false
		return nil
	}
	*n.valid = true
	return store.ScanTime(n.t).Scan(src)
}

// dbTime is a time for a nullable column: nil when zero.
func dbTime(d store.Dialect, t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return d.Time(t.UTC())
}

// notFound is the answer for a domain that is not the client's, whether or
// not it exists.
func notFound(name string) error {
	return regbox.Errorf(regbox.ENOTFOUND, "You have no domain %s.", name)
}

// Domain returns one of the client's live domains by name (ACE or Unicode).
func (s *Service) Domain(ctx context.Context, clientID int64, name string) (Domain, error) {
	ace, err := profile.ToASCII(name)
	if err != nil {
		return Domain{}, notFound(name)
	}
	d, err := scanDomain(s.DB.QueryRow(ctx, `SELECT `+domainColumns+` FROM domains
		WHERE client_id = ? AND name = ? AND status NOT IN ('failed', 'deleted', 'transferred_away')`, clientID, toLower(ace)))
	if errors.Is(err, sql.ErrNoRows) || regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Domain{}, notFound(name)
	}
	if err != nil {
		return Domain{}, fmt.Errorf("domains: find %q: %w", name, err)
	}
	return d, nil
}

// List returns a client's domains by name.
func (s *Service) List(ctx context.Context, clientID int64) ([]Domain, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+domainColumns+` FROM domains
		WHERE client_id = ? AND status NOT IN ('failed', 'deleted', 'transferred_away') ORDER BY name`, clientID)
	if err != nil {
		return nil, fmt.Errorf("domains: list: %w", err)
	}
	defer rows.Close()
	var out []Domain
	for rows.Next() {
		d, err := scanDomain(rows)
		if err != nil {
			return nil, fmt.Errorf("domains: list: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// setDomain updates a domain row's status, expiry and flags in tx.
func setDomain(ctx context.Context, tx *store.Tx, d Domain) error {
	_, err := tx.Exec(ctx, `UPDATE domains SET status = ?, expires_at = ?, locked = ?, id_protection = ?,
		premium_class = ?, updated_at = ? WHERE id = ?`, string(d.Status), dbTime(tx.Dialect(), d.Expires), d.Locked,
		d.IDProtection, d.PremiumClass, tx.Dialect().Time(tx.Now()), d.ID)
	return err
}

// update applies fn to a domain row, after the registrar made the change, and
// records action with details, in one transaction.
func (s *Service) update(ctx context.Context, d Domain, fn func(*Domain), action string, details map[string]any) error {
	fn(&d)
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := setDomain(ctx, tx, d); err != nil {
			return err
		}
		return recordTx(ctx, tx, d, action, details)
	})
	if err != nil {
		return fmt.Errorf("domains: update %s: %w", d.Name, err)
	}
	return nil
}

func clientKey(id int64) string { return strconv.FormatInt(id, 10) }

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
