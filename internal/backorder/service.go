package backorder

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
)

// Backorder is a client's order to catch a name when it drops.
type Backorder struct {
	ID            int64
	ClientID      int64
	FQDN          string
	State         State
	DropAt        time.Time // zero when the name is not on the drop list (yet)
	Currency      string
	Price         int64 // the fee, minor units, fixed at creation
	ReservationID int64
	Reference     string // the registrar's application id
	InvoiceID     int64
	AuctionPrice  int64
	Created       time.Time
	Updated       time.Time
	// DomainID is the caught domain's row in the client's portfolio
	// (internal/domains; 0 while it is not there).
	DomainID int64
	// Registry is the registrar's own auction of the name, when it runs one.
	Registry RegistryAuction
}

// RegistryAuction is the registrar's auction of a name among its applicants,
// as its last poll reported it.
type RegistryAuction struct {
	URL      string
	End      time.Time
	BestBid  string // decimal text in Currency
	Currency string
}

// Options configure the Service.
type Options struct {
	Timings Timings
	// PaymentWindow is how long a catch's invoice may stay unpaid before the
	// backorder is cancelled (default 10 days, the module's due date).
	PaymentWindow time.Duration
	// Registrar catches names; nil leaves the engine's registry steps out.
	Registrar regbox.Backorders
	// Recipient tells where a client's mails go; it is called before the
	// transaction that sends one. Nil sends no mail.
	Recipient func(ctx context.Context, clientID int64) (Recipient, error)
	// Mail queues a mail of kind (MailKinds) to rcpt in tx, with data for its
	// template (Name included); it must write through tx only. Nil sends none.
	Mail func(ctx context.Context, tx *store.Tx, rcpt Recipient, kind string, data map[string]any) error
	// HTTP downloads drop lists (default http.DefaultClient).
	HTTP *http.Client
	// AuctionRules run the private auctions (default DefaultAuctionRules).
	AuctionRules AuctionRules
	// Portfolio puts a caught domain (ACE) into the client's portfolio and
	// returns its row id (internal/domains' AdoptDomain); fee is the
	// backorder's, the renewal price when the catalogue has none. It must be
	// idempotent. Nil leaves caught domains out of the portfolio.
	Portfolio func(ctx context.Context, clientID int64, fqdn, currency string, fee int64) (int64, error)
	// PendingDeletes reads the registrar's drop list through its API: the
	// import source RegistrySource. Nil: only files and URLs.
	PendingDeletes PendingDeletes
	// LogRetention is how long backorder log lines are kept (default 90 days);
	// the drop-date sync job prunes older ones.
	LogRetention time.Duration
}

// Recipient is where a client's mails go.
type Recipient struct {
	ClientID int64
	To       string // a mail address
	Language string // en, de, fr or ar
	Name     string // for the greeting
}

// Service is the backorder service. It is safe for concurrent use.
type Service struct {
	db      *store.DB
	billing *billing.Service
	List    *DropList
	opts    Options
}

// New returns the service on db, holding money through bill.
func New(db *store.DB, bill *billing.Service, opts Options) *Service {
	if opts.Timings == (Timings{}) {
		opts.Timings = DefaultTimings
	}
	if opts.PaymentWindow == 0 {
		opts.PaymentWindow = 10 * 24 * time.Hour
	}
	if opts.AuctionRules == (AuctionRules{}) {
		opts.AuctionRules = DefaultAuctionRules
	}
	if opts.LogRetention == 0 {
		opts.LogRetention = 90 * 24 * time.Hour
	}
	if opts.HTTP == nil {
		opts.HTTP = http.DefaultClient
	}
	return &Service{db: db, billing: bill, List: NewDropList(db), opts: opts}
}

// Price is the fee for backordering a name in a zone, in one currency.
type Price struct {
	Zone     string
	Currency string
	Amount   int64 // minor units; 0 = not offered
}

// SetPrice sets the fee for zone in currency; 0 takes the zone off offer.
func (s *Service) SetPrice(ctx context.Context, p Price) error { return s.SetPrices(ctx, []Price{p}) }

// SetPrices sets several cells of the price grid at once: all are checked
// first, then written in one transaction.
func (s *Service) SetPrices(ctx context.Context, ps []Price) error {
	ps = slices.Clone(ps)
	for i := range ps {
		p := &ps[i]
		p.Zone = strings.ToLower(strings.Trim(strings.TrimSpace(p.Zone), "."))
		p.Currency = strings.ToUpper(strings.TrimSpace(p.Currency))
		if p.Zone == "" || strings.ContainsAny(p.Zone, " ;/") {
			return regbox.FieldError("zone", "%q is not a TLD", p.Zone)
		}
		if p.Amount < 0 {
			return regbox.FieldError("amount", "must not be negative")
		}
		if _, err := s.billing.Currency(ctx, p.Currency); err != nil {
			if regbox.ErrorCode(err) == regbox.ENOTFOUND {
				return regbox.FieldError("currency", "%q is not set up", p.Currency)
			}
			return err
		}
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, p := range ps {
			_, err := tx.Exec(ctx, `INSERT INTO backorder_prices (zone, currency, price) VALUES (?, ?, ?)
				ON CONFLICT (zone, currency) DO UPDATE SET price = excluded.price`, p.Zone, p.Currency, p.Amount)
			if err != nil {
				return err
			}
		}
		return tx.Record(ctx, "backorder.prices", "backorder_prices", "", pricesDetails(ps))
	})
	if err != nil {
		return fmt.Errorf("backorder: set prices: %w", err)
	}
	return nil
}

// pricesDetails is the activity log's record of prices set: {"prices": the
// cells as the API takes them}. Details are a JSON object of at most 64 KiB,
// so a large grid is cut short: "count" says how many were set and
// "truncated" that the list is not all of them.
func pricesDetails(ps []Price) map[string]any {
	const room = 60 << 10
	cells, size := []json.RawMessage{}, 0
	for _, p := range ps {
		b, err := json.Marshal(map[string]any{"tld": p.Zone, "currency": p.Currency, "amount": p.Amount})
		if err != nil || size+len(b)+1 > room {
			break
		}
		cells, size = append(cells, b), size+len(b)+1
	}
	d := map[string]any{"prices": cells, "count": len(ps)}
	if len(cells) < len(ps) {
		d["truncated"] = true
	}
	return d
}

// Prices returns the offered fees in currency (all currencies when ""),
// ordered by zone.
func (s *Service) Prices(ctx context.Context, currency string) ([]Price, error) {
	rows, err := s.db.Query(ctx, `SELECT zone, currency, price FROM backorder_prices
		WHERE price > 0 AND (? = '' OR currency = ?) ORDER BY zone, currency`, strings.ToUpper(currency), strings.ToUpper(currency))
	if err != nil {
		return nil, fmt.Errorf("backorder: prices: %w", err)
	}
	defer rows.Close()
	var ps []Price
	for rows.Next() {
		var p Price
		if err := rows.Scan(&p.Zone, &p.Currency, &p.Amount); err != nil {
			return nil, fmt.Errorf("backorder: prices: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// OfferedZones returns the zones offered in currency: the search's "all TLDs".
func (s *Service) OfferedZones(ctx context.Context, currency string) ([]string, error) {
	ps, err := s.Prices(ctx, currency)
	zones := make([]string, 0, len(ps))
	for _, p := range ps {
		zones = append(zones, p.Zone)
	}
	return zones, err
}

// Create places a backorder for fqdn for the client, free: the fee is that of
// the name's zone in the client's currency, which must be offered. The drop
// date comes from the drop list only (never from the client).
func (s *Service) Create(ctx context.Context, clientID int64, currency, fqdn string) (Backorder, error) {
	label, zone, err := SplitName(fqdn)
	if err != nil {
		return Backorder{}, err
	}
	currency = strings.ToUpper(currency)
	var price int64
	err = s.db.QueryRow(ctx, `SELECT price FROM backorder_prices WHERE zone = ? AND currency = ?`, zone, currency).Scan(&price)
	if err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return Backorder{}, fmt.Errorf("backorder: create: %w", err)
	}
	if price <= 0 {
		return Backorder{}, regbox.FieldError("domain", "backorders for .%s are not offered in %s", zone, currency)
	}
	b := Backorder{ClientID: clientID, FQDN: label + "." + zone, State: Requested, Currency: currency, Price: price}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		d, now := tx.Dialect(), tx.Now()
		var drop time.Time
		err := tx.QueryRow(ctx, `SELECT drop_at FROM backorder_droplist WHERE label = ? AND zone = ?`, label, zone).Scan(store.ScanTime(&drop))
		if err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
			return err
		}
		var dropArg any
		if !drop.IsZero() {
			dropArg, b.DropAt = d.Time(drop), drop
		}
		b.Created, b.Updated = now, now
		err = tx.QueryRow(ctx, `INSERT INTO backorders (client_id, fqdn, label, zone, status, drop_at, currency, price, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, clientID, b.FQDN, label, zone, string(Requested), dropArg,
			currency, price, d.Time(now), d.Time(now)).Scan(&b.ID)
		if regbox.ErrorCode(err) == regbox.ECONFLICT {
			return regbox.Errorf(regbox.ECONFLICT, "You already have a backorder for %s.", b.FQDN)
		}
		if err != nil {
			return err
		}
		if err := logTx(ctx, tx, b.ID, "create", "ok", "created, drop "+dropText(drop)); err != nil {
			return err
		}
		return tx.Record(ctx, "backorder.create", "backorder", store.ID(b.ID),
			map[string]any{"domain": b.FQDN, "client_id": b.ClientID, "fee": b.Price})
	})
	if err != nil {
		return Backorder{}, fmt.Errorf("backorder: create: %w", err)
	}
	return b, nil
}

func dropText(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.Format("2006-01-02 15:04:05")
}

// logTx appends a line to the backorder log.
func logTx(ctx context.Context, tx *store.Tx, id int64, source, status, msg string) error {
	var bid any
	if id > 0 {
		bid = id
	}
	_, err := tx.Exec(ctx, `INSERT INTO backorder_logs (at, backorder_id, source, status, message) VALUES (?, ?, ?, ?, ?)`,
		tx.Dialect().Time(tx.Now()), bid, source, status, msg)
	return err
}
