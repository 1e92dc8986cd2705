package pricing

// Order prices (domains.Prices and domains.Quoter): what an order costs a client,
// from the synced catalogue's selling prices for the client's currency and group
// (the group's own price when a rule made one, else everyone's), the term priced
// as stored (never a one-year price times the term). A held domain renews at the
// prices it kept (known issue #302, renewals.go); a premium name is priced by
// internal/lookup's premium formulas: register = the quote + (n-1) × renew,
// renew = n × renew, transfer = transfer + (n-1) × renew. A trade (owner
// change) is one term at the catalogue's trade price, 0 for a TLD whose
// registrar has no trade fee (the owner changes by an ordinary update), and is
// priced for a withdrawn TLD too: the client holds the domain.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/lookup"
)

// PremiumQuoter prices premium names (lookup.Service).
type PremiumQuoter interface {
	PremiumPrices(ctx context.Context, d regbox.DomainCheck, currency string) (*lookup.Prices, error)
}

// SetPremium sets what prices premium names in orders; without it a premium
// order is refused as not priceable.
func (s *Service) SetPremium(q PremiumQuoter) { s.premium = q }

// Price implements domains.Prices: the catalogue price of op on tld for years.
func (s *Service) Price(ctx context.Context, clientID int64, currency string, op domains.Operation, tld string, years int) (int64, error) {
	return s.Quote(ctx, domains.Quote{ClientID: clientID, Currency: currency, Op: op, TLD: tld, Years: years})
}

// Quote implements domains.Quoter.
func (s *Service) Quote(ctx context.Context, q domains.Quote) (int64, error) {
	q.Currency = strings.ToUpper(strings.TrimSpace(q.Currency))
	q.TLD = strings.ToLower(strings.Trim(strings.TrimSpace(q.TLD), "."))
	if q.Premium.PremiumClass != "" && q.Op != domains.OpRestore && q.Op != domains.OpTrade {
		return s.premiumPrice(ctx, q)
	}
	group, err := s.clientGroup(ctx, q.ClientID)
	if err != nil {
		return 0, err
	}
	switch q.Op {
	case domains.OpRegister:
		return s.catalogue(ctx, q.TLD, q.Currency, group, KindRegister, q.Years)
	case domains.OpTransfer:
		return s.catalogue(ctx, q.TLD, q.Currency, group, KindTransfer, q.Years)
	case domains.OpRenew:
		return s.renewal(ctx, q, group, q.Years)
	case domains.OpRestore: // a restore includes one year; more years are renewals
		p, err := s.catalogue(ctx, q.TLD, q.Currency, group, KindRestore, 0)
		if err != nil || q.Years <= 1 {
			return p, err
		}
		r, err := s.renewal(ctx, q, group, q.Years-1)
		return p + r, err
	case domains.OpTrade:
		return s.catalogue(ctx, q.TLD, q.Currency, group, KindTrade, 0)
	}
	return 0, regbox.Errorf(regbox.EUNAVAILABLE, "The catalogue has no %s price for .%s; the operator sets it.", q.Op, q.TLD)
}

// renewal is a renewal's price: the domain's kept price, else the catalogue's.
func (s *Service) renewal(ctx context.Context, q domains.Quote, group string, years int) (int64, error) {
	if q.DomainID != 0 {
		var amount int64
		err := s.db.QueryRow(ctx, `SELECT amount FROM domain_renewal_prices WHERE domain_id = ? AND years = ? AND currency = ?`,
			q.DomainID, years, q.Currency).Scan(&amount)
		if err == nil {
			return amount, nil
		}
		if !errors.Is(err, sql.ErrNoRows) && regbox.ErrorCode(err) != regbox.ENOTFOUND {
			return 0, fmt.Errorf("pricing: kept renewal price: %w", err)
		}
	}
	return s.catalogue(ctx, q.TLD, q.Currency, group, KindRenew, years)
}

// clientGroup returns a client's group ("" for none or an unknown client).
func (s *Service) clientGroup(ctx context.Context, id int64) (string, error) {
	var g string
	err := s.db.QueryRow(ctx, `SELECT client_group FROM clients WHERE id = ?`, id).Scan(&g)
	if err != nil && !errors.Is(err, sql.ErrNoRows) && regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return "", fmt.Errorf("pricing: client group: %w", err)
	}
	return g, nil
}

// catalogue returns the selling price of kind on tld for years in currency for
// group. A transfer for 0 years is the registry's default (shortest) term; a
// restore and a trade have one term. A TLD without a trade price trades for free.
func (s *Service) catalogue(ctx context.Context, tld, currency, group, kind string, years int) (int64, error) {
	var enabled bool
	err := s.db.QueryRow(ctx, `SELECT enabled FROM tlds WHERE tld = ?`, tld).Scan(&enabled)
	if errors.Is(err, sql.ErrNoRows) || regbox.ErrorCode(err) == regbox.ENOTFOUND || (err == nil && !enabled && kind != KindTrade) {
		return 0, regbox.Errorf(regbox.ENOTFOUND, ".%s is not offered.", tld)
	}
	if err != nil {
		return 0, fmt.Errorf("pricing: TLD %s: %w", tld, err)
	}
	rows, err := s.db.Query(ctx, `SELECT client_group, kind, years, amount FROM tld_prices
		WHERE tld = ? AND currency = ? AND client_group IN (?, '')`, tld, currency, group)
	if err != nil {
		return 0, fmt.Errorf("pricing: prices of %s: %w", tld, err)
	}
	defer rows.Close()
	terms := map[int]int64{} // of kind; the group's price wins over everyone's
	found := false
	for rows.Next() {
		var p Price
		if err := rows.Scan(&p.Group, &p.Kind, &p.Years, &p.Amount); err != nil {
			return 0, fmt.Errorf("pricing: prices of %s: %w", tld, err)
		}
		found = true
		if _, seen := terms[p.Years]; p.Kind == kind && (!seen || p.Group != "") {
			terms[p.Years] = p.Amount
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("pricing: prices of %s: %w", tld, err)
	}
	if !found {
		return 0, regbox.FieldError("currency", ".%s has no prices in %s (a currency of the shop with an exchange rate gets them at the next price sync).", tld, currency)
	}
	if len(terms) == 0 && kind == KindTrade {
		return 0, nil
	}
	if len(terms) == 0 {
		return 0, regbox.Errorf(regbox.ENOTFOUND, ".%s has no %s price.", tld, kind)
	}
	ys := make([]int, 0, len(terms))
	for y := range terms {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	if kind == KindTransfer && years == 0 || kind == KindRestore || kind == KindTrade {
		return terms[ys[0]], nil
	}
	p, ok := terms[years]
	if !ok {
		return 0, regbox.FieldError("years", ".%s: no %s price for %d years (terms: %s).", tld, kind, years, joinInts(ys))
	}
	return p, nil
}

// premiumPrice prices a premium name by its class (and, registering, its quote).
func (s *Service) premiumPrice(ctx context.Context, q domains.Quote) (int64, error) {
	if s.premium == nil {
		return 0, regbox.Errorf(regbox.EUNAVAILABLE, "Premium names cannot be priced here.")
	}
	p, err := s.premium.PremiumPrices(ctx, q.Premium, q.Currency)
	if err != nil {
		return 0, err
	}
	years := max(q.Years, 1)
	var first *int64
	switch q.Op {
	case domains.OpRegister:
		first = p.Register
	case domains.OpTransfer:
		first = p.Transfer
	case domains.OpRenew:
		first = p.Renew
	default:
		return 0, regbox.Errorf(regbox.EUNAVAILABLE, "No %s price for the premium name %s.", q.Op, q.Domain)
	}
	if first == nil {
		return 0, regbox.Errorf(regbox.EUNAVAILABLE, "No %s price for the premium name %s.", q.Op, q.Domain)
	}
	if years == 1 {
		return *first, nil
	}
	if p.Renew == nil {
		return 0, regbox.FieldError("years", "The premium name %s has no renewal price: order it for one year.", q.Domain)
	}
	return *first + int64(years-1)*(*p.Renew), nil
}
