package accounts

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Currencies answers what accounts needs to know about a client's currency.
// Billing implements it (*billing.Service); accounts does not import billing.
type Currencies interface {
	// DefaultCurrency returns the default currency's code, "" when none is set up.
	DefaultCurrency(ctx context.Context) (string, error)
	// CheckClientCurrency checks, inside tx (which then stores it), that code
	// may become client clientID's currency: code must be set up (else EINVALID
	// naming "currency") and, when the client had the currency old ("" for a
	// new client), the client must hold no credit in old (else ECONFLICT naming
	// "currency").
	CheckClientCurrency(ctx context.Context, tx *store.Tx, clientID int64, old, code string) error
}

// WithCurrencies makes the service check clients' currencies with c: a new
// client without a currency gets the default one, a currency must be set up,
// and a client cannot leave a currency while holding credit in it. Without
// it (unit tests) any ISO 4217 code is taken and none is defaulted.
func WithCurrencies(c Currencies) Option { return func(s *Service) { s.currencies = c } }

// defaultCurrency fills a new client's blank currency with the default one.
func (s *Service) defaultCurrency(ctx context.Context, c *Client) error {
	if s.currencies == nil || strings.TrimSpace(c.Currency) != "" {
		return nil
	}
	code, err := s.currencies.DefaultCurrency(ctx)
	if err != nil {
		return err
	}
	if code == "" {
		return regbox.FieldError("currency", "is required: no currency is set up; set up currencies with regbox currencies / POST /currencies")
	}
	c.Currency = code
	return nil
}

// checkCurrency checks, in tx, that client id may change from old to code.
func (s *Service) checkCurrency(ctx context.Context, tx *store.Tx, id int64, old, code string) error {
	if s.currencies == nil || old == code {
		return nil
	}
	return s.currencies.CheckClientCurrency(ctx, tx, id, old, code)
}
