package domains

import (
	"context"

	"github.com/regbox/regbox"
)

// Quote is an order to price, with what a plain Prices does not see: the name,
// the domain held (its kept renewal price) and a premium name's class and quote.
type Quote struct {
	ClientID int64
	Currency string
	Op       Operation
	Domain   string // ACE
	TLD      string
	Years    int   // 0 for a transfer: the registry's default term
	DomainID int64 // renew, restore: the domain held
	// Premium is a premium name's check: its class and, for a registration, the
	// registry's quoted price; zero for a standard name.
	Premium regbox.DomainCheck
}

// Quoter is a Prices that prices premium names and held domains' renewals too
// (internal/pricing). The service uses it when its Prices is one.
type Quoter interface {
	Quote(ctx context.Context, q Quote) (int64, error)
}

// quote prices an order: through Quoter when Prices is one, else by the TLD's price.
func (s *Service) quote(ctx context.Context, q Quote) (int64, error) {
	if qt, ok := s.Prices.(Quoter); ok {
		return qt.Quote(ctx, q)
	}
	return s.Prices.Price(ctx, q.ClientID, q.Currency, q.Op, q.TLD, q.Years)
}
