package domains

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Adoption is a domain the client came to hold without an order of this
// service: a backorder's catch (internal/backorder).
type Adoption struct {
	ClientID int64
	Name     string // ACE or Unicode
	Currency string
	// RenewalPrice is used when the price catalogue has no renewal price for
	// the TLD (minor units of Currency).
	RenewalPrice int64
	Expires      time.Time // zero when not known yet (the domain sync fills it)
}

// AdoptDomain puts a domain the client now holds at the registrar into the
// client's portfolio as active, with the catalogue's one-year renewal price
// (a.RenewalPrice when the catalogue has none). It is idempotent: a live row of
// the same client is returned as it is; a live row of another client is
// ECONFLICT.
func (s *Service) AdoptDomain(ctx context.Context, a Adoption) (Domain, error) {
	ace, err := profile.ToASCII(strings.TrimSuffix(strings.TrimSpace(a.Name), "."))
	_, tld, ok := strings.Cut(ace, ".")
	if err != nil || !ok || tld == "" {
		return Domain{}, regbox.FieldError("domain", "%q is not a domain name", a.Name)
	}
	ace, tld = toLower(ace), toLower(tld)
	uni, err := profile.ToUnicode(ace)
	if err != nil {
		uni = ace
	}
	price := a.RenewalPrice
	if s.Prices != nil {
		if p, perr := s.Prices.Price(ctx, a.ClientID, a.Currency, OpRenew, tld, 1); perr == nil && p > 0 {
			price = p
		}
	}
	var d Domain
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		var err error
		d, err = scanDomain(tx.QueryRow(ctx, `SELECT `+domainColumns+` FROM domains
			WHERE name = ? AND status NOT IN ('failed', 'deleted', 'transferred_away')`, ace))
		switch {
		case err == nil && d.ClientID == a.ClientID:
			return nil
		case err == nil:
			return regbox.Errorf(regbox.ECONFLICT, "%s is held by another client here.", uni)
		case !errors.Is(err, sql.ErrNoRows) && regbox.ErrorCode(err) != regbox.ENOTFOUND:
			return err
		}
		now := tx.Dialect().Time(tx.Now())
		return scanDomainInto(&d, tx.QueryRow(ctx, `INSERT INTO domains (client_id, name, unicode, tld, status, expires_at,
			registrar, renewal_price, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING `+domainColumns, a.ClientID, ace, uni, tld, string(StatusActive), dbTime(tx.Dialect(), a.Expires),
			s.Registrar.Name(), price, strings.ToUpper(a.Currency), now, now))
	})
	if err != nil {
		if regbox.ErrorCode(err) != "" && regbox.ErrorCode(err) != regbox.EINTERNAL {
			return Domain{}, err
		}
		return Domain{}, fmt.Errorf("domains: adopt %s: %w", ace, err)
	}
	return d, nil
}

func scanDomainInto(d *Domain, row scanner) error {
	var err error
	*d, err = scanDomain(row)
	return err
}
