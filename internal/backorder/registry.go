package backorder

import (
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
)

// openApplication reports whether the registrar still works on an application.
func openApplication(status string) bool {
	switch State(status) {
	case Failed, AuctionLost, AuctionWon, Successful, Cancelled:
		return false
	}
	return true
}

// find asks the registrar about the applications of names, 1000 per call.
func (s *Service) find(ctx context.Context, names []string, res *TickResult) (map[string][]regbox.Application, error) {
	out := map[string][]regbox.Application{}
	for i := 0; i < len(names); i += regbox.MaxApplicationBatch {
		apps, err := s.opts.Registrar.FindBackorders(ctx, names[i:min(i+regbox.MaxApplicationBatch, len(names))])
		res.Polls++
		if err != nil {
			return out, fmt.Errorf("backorder: find applications: %w", err)
		}
		for _, a := range apps {
			out[a.Domain] = append(out[a.Domain], a)
		}
	}
	return out, nil
}

// uniqueNames returns the rows' names, each once.
func uniqueNames(rows []*row) []string {
	var names []string
	for _, r := range rows {
		names = append(names, r.FQDN)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// submit sends the applications of PROCESSING backorders that have none:
// after looking each name up, so that an application sent before a crash (or
// for another client's backorder of the same name) is used, never a second.
func (s *Service) submit(ctx context.Context, rows []*row, res *TickResult) {
	if len(rows) == 0 {
		return
	}
	found, err := s.find(ctx, uniqueNames(rows), res)
	if err != nil {
		res.fail(err)
		return
	}
	byName := map[string]string{} // name → application id
	for name, apps := range found {
		for _, a := range apps {
			if openApplication(a.Status) {
				byName[name] = a.ID
			}
		}
	}
	for _, r := range rows {
		ref, ok := byName[r.FQDN]
		if !ok {
			a, err := s.opts.Registrar.SubmitBackorder(ctx, r.FQDN)
			if err != nil {
				s.logError(ctx, r.ID, err, res) // retried next tick, after a look-up
				continue
			}
			ref = a.ID
			byName[r.FQDN] = ref
			res.Submitted++
		}
		d := Next(r.State, Event{Kind: Submitted, Reference: ref}, s.db.Now())
		err := s.change(ctx, r, d, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE backorders SET reference = ? WHERE id = ? AND reference = ''`, ref, r.ID)
			return err
		})
		if err != nil {
			s.logError(ctx, r.ID, err, res)
			continue
		}
		r.Reference = ref
	}
}

// poll applies the registrar's statuses to the open applications. Several of
// this operator's backorders on one name share its application; when it is
// caught, they go to a private auction (localauction.go), which the tick
// settles when it ends.
func (s *Service) poll(ctx context.Context, rows []*row, res *TickResult) {
	if len(rows) == 0 {
		return
	}
	groups := map[string][]*row{}
	for _, r := range rows {
		groups[r.Reference] = append(groups[r.Reference], r)
	}
	auctions, err := s.openAuctions(ctx)
	if err != nil {
		res.fail(err)
		return
	}
	var rest []*row
	for ref, group := range groups {
		if a, ok := auctions[ref]; ok {
			if !s.db.Now().Before(a.end) {
				s.settleAuction(ctx, a, group, res)
			}
			continue
		}
		rest = append(rest, group...)
	}
	if len(rest) == 0 {
		return
	}
	found, err := s.find(ctx, uniqueNames(rest), res)
	if err != nil {
		res.fail(err)
		return
	}
	started := map[string]bool{}
	for _, r := range rest {
		e := Event{Kind: RegistryStatus, Reference: r.Reference, NotFound: true}
		var app regbox.Application
		for _, a := range found[r.FQDN] {
			if a.ID == r.Reference {
				app, e.NotFound, e.RegistryStatus = a, false, a.Status
			}
		}
		if !e.NotFound {
			if err := s.recordRegistryAuction(ctx, r, app); err != nil {
				s.logError(ctx, r.ID, err, res)
			}
		}
		if e.RegistryStatus == string(Successful) || e.RegistryStatus == string(AuctionWon) {
			if started[r.Reference] {
				continue
			}
			n, err := s.sharing(ctx, r.Reference)
			if err != nil {
				s.logError(ctx, r.ID, err, res)
				continue
			}
			if n > 1 {
				started[r.Reference] = true
				if err := s.startAuction(ctx, r.Reference, app); err != nil {
					s.logError(ctx, r.ID, err, res)
				}
				continue
			}
		}
		d := Next(r.State, e, s.db.Now())
		if d.To == r.State {
			continue
		}
		price, err := s.auctionPrice(ctx, r, app)
		if err == nil {
			err = s.apply(ctx, r, d, price, app.Status == string(AuctionWon))
		}
		if err != nil {
			s.logError(ctx, r.ID, err, res)
			continue
		}
		res.Changed++
	}
}

// recordRegistryAuction stores the registrar's auction fields of r's
// application when they changed, for the client to see.
func (s *Service) recordRegistryAuction(ctx context.Context, r *row, app regbox.Application) error {
	next := RegistryAuction{URL: app.AuctionURL, End: app.AuctionEnd.UTC(), BestBid: app.AuctionBestBid, Currency: app.AuctionCurrency}
	if next == (RegistryAuction{}) || next == r.Registry {
		return nil
	}
	var end any
	if !next.End.IsZero() {
		end = s.db.Dialect().Time(next.End)
	}
	_, err := s.db.Exec(ctx, `UPDATE backorders SET registry_url = ?, registry_end = ?, registry_bid = ?, registry_currency = ? WHERE id = ?`,
		next.URL, end, next.BestBid, next.Currency, r.ID)
	if err != nil {
		return fmt.Errorf("backorder %d: record registry auction: %w", r.ID, err)
	}
	r.Registry = next
	return nil
}

// apply carries out a registry- or auction-driven decision; price is the
// auction price to invoice with the fee, won whether an auction was won.
func (s *Service) apply(ctx context.Context, r *row, d Decision, price int64, won bool) error {
	rid := r.ReservationID
	if !d.Has(Invoice) {
		if err := s.change(ctx, r, d, nil); err != nil {
			return err
		}
		if d.Has(Release) {
			return s.releaseHold(ctx, r.ID, rid)
		}
		return nil
	}
	r.won, r.AuctionPrice = won, price
	due := s.db.Now().Add(s.opts.PaymentWindow)
	err := s.change(ctx, r, d, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE backorders SET payment_due = ?, won = ?, auction_price = ? WHERE id = ?`,
			tx.Dialect().Time(due), r.won, price, r.ID)
		return err
	})
	if err != nil {
		return err
	}
	r.paymentDue = due
	return s.invoice(ctx, r)
}

// auctionPrice returns a won registry auction's price in the backorder's
// currency, minor units (0 when there was no auction).
func (s *Service) auctionPrice(ctx context.Context, r *row, app regbox.Application) (int64, error) {
	if app.Status != string(AuctionWon) || app.AuctionPrice == "" {
		return 0, nil
	}
	from, err := s.billing.Currency(ctx, cmpOrS(app.AuctionCurrency, r.Currency))
	if err != nil {
		return 0, fmt.Errorf("auction currency: %w", err)
	}
	to, err := s.billing.Currency(ctx, r.Currency)
	if err != nil {
		return 0, err
	}
	v, ok := new(big.Rat).SetString(app.AuctionPrice)
	if !ok || v.Sign() < 0 {
		return 0, regbox.Errorf(regbox.EREGISTRY, "The registrar reported the auction price %q.", app.AuctionPrice)
	}
	v.Mul(v, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(from.MinorUnits)), nil)))
	minor := new(big.Int).Quo(v.Num(), v.Denom()).Int64()
	return billing.Convert(minor, from, to)
}

func cmpOrS(a, b string) string {
	if a == "" {
		return b
	}
	return a
}
