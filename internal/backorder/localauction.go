package backorder

// The engine's side of private auctions (auction.go): when the registrar
// catches a name several of this operator's clients back-ordered, their
// backorders go to AUCTION-PENDING and an auction opens (the earliest
// backorder's automatic opening bid = its fee); clients bid with PlaceBid; the
// tick settles an ended auction: the leader's backorder is invoiced its fee,
// the price above the opening bid and any registry auction price; the others
// lose and get their holds back.

import (
	"context"
	"fmt"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
)

// auctionRow is a stored auction.
type auctionRow struct {
	id, opening, registryPrice, leader, price int64
	extensions                                int
	reference, fqdn, currency                 string
	start, end                                time.Time
}

const auctionColumns = `id, reference, fqdn, currency, opening, registry_price, start_at, end_at, extensions, leader, price`

func scanAuction(r scanner) (*auctionRow, error) {
	a := &auctionRow{}
	err := r.Scan(&a.id, &a.reference, &a.fqdn, &a.currency, &a.opening, &a.registryPrice, store.ScanTime(&a.start), store.ScanTime(&a.end),
		&a.extensions, &a.leader, &a.price)
	return a, err
}

// openAuctions returns the unsettled auctions by reference.
func (s *Service) openAuctions(ctx context.Context) (map[string]*auctionRow, error) {
	rows, err := s.db.Query(ctx, `SELECT `+auctionColumns+` FROM backorder_auctions WHERE settled = ?`, false)
	if err != nil {
		return nil, fmt.Errorf("backorder: auctions: %w", err)
	}
	defer rows.Close()
	out := map[string]*auctionRow{}
	for rows.Next() {
		a, err := scanAuction(rows)
		if err != nil {
			return nil, fmt.Errorf("backorder: auctions: %w", err)
		}
		out[a.reference] = a
	}
	return out, rows.Err()
}

// sharing counts the open backorders on application ref.
func (s *Service) sharing(ctx context.Context, ref string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM backorders WHERE reference = ? AND status IN ('PROCESSING', 'AUCTION-PENDING')`, ref).Scan(&n)
	return n, err
}

// onReference returns the open backorders on application ref, earliest first.
func onReference(ctx context.Context, tx *store.Tx, ref string) ([]Backorder, error) {
	rows, err := tx.Query(ctx, `SELECT `+backorderColumns+` FROM backorders WHERE reference = ?
		AND status IN ('PROCESSING', 'AUCTION-PENDING') ORDER BY created_at, id`, ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Backorder
	for rows.Next() {
		b, err := scanBackorder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// startAuction opens the auction for application ref (once: a second start
// finds it open) and moves the backorders on it to AUCTION-PENDING.
func (s *Service) startAuction(ctx context.Context, ref string, app regbox.Application) error {
	// The registry's price in the auction's currency (the earliest
	// backorder's), read before the transaction.
	var cur string
	err := s.db.QueryRow(ctx, `SELECT currency FROM backorders WHERE reference = ? AND status IN ('PROCESSING', 'AUCTION-PENDING')
		ORDER BY created_at, id LIMIT 1`, ref).Scan(&cur)
	if err != nil {
		return err
	}
	regPrice, err := s.auctionPrice(ctx, &row{Backorder: Backorder{Currency: cur}}, app)
	if err != nil {
		return err
	}
	rcpts, err := s.recipientsOn(ctx, ref)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		bs, err := onReference(ctx, tx, ref)
		if err != nil || len(bs) < 2 {
			return err
		}
		d, now := tx.Dialect(), tx.Now()
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO backorder_auctions (reference, fqdn, currency, opening, registry_price, start_at, end_at, leader, price)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reference) DO NOTHING RETURNING id`, ref, bs[0].FQDN, bs[0].Currency,
			bs[0].Price, regPrice, d.Time(now), d.Time(now.Add(s.opts.AuctionRules.Duration)), bs[0].ClientID, bs[0].Price).Scan(&id)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return nil // opened meanwhile
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO backorder_bids (auction_id, client_id, max_bid, at) VALUES (?, ?, ?, ?)`,
			id, bs[0].ClientID, bs[0].Price, d.Time(now)); err != nil {
			return err
		}
		for _, b := range bs {
			if b.State == Processing {
				if err := setState(ctx, tx, b.ID, Processing, AuctionPending); err != nil {
					return err
				}
			}
			if err := logTx(ctx, tx, b.ID, "batch", "ok", "caught; private auction among the backorderers opened"); err != nil {
				return err
			}
			if to, ok := rcpts[b.ClientID]; ok {
				data := map[string]any{"Name": to.Name, "Domain": b.FQDN, "Status": string(AuctionPending), "DropDate": dropText(b.DropAt)}
				if err := s.opts.Mail(ctx, tx, to, mailKind(AuctionPending), data); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// settleAuction ends auction a for the claimed backorders of its group: the
// leader's is invoiced; the runner-up's waits (its hold kept) until the
// leader pays, and gets the name at its own maximum when the leader's invoice
// is cancelled unpaid; the others lose.
func (s *Service) settleAuction(ctx context.Context, a *auctionRow, group []*row, res *TickResult) {
	o, winnerState, err := s.outcome(ctx, a)
	if err != nil {
		res.fail(err)
		return
	}
	for _, r := range group {
		st, amount := string(AuctionLost), int64(-1)
		switch {
		case r.ClientID == o.Winner:
			st, amount = string(AuctionWon), o.Price
		case r.ClientID == o.RunnerUp && winnerState == Cancelled:
			st, amount = string(AuctionWon), o.RunnerUpPrice
		case r.ClientID == o.RunnerUp && !winnerState.Terminal():
			continue // waits for the winner's payment
		}
		var price int64
		if amount >= 0 {
			if price, err = s.convert(ctx, amount-a.opening+a.registryPrice, a.currency, r.Currency); err != nil {
				s.logError(ctx, r.ID, err, res)
				continue
			}
		}
		d := Next(r.State, Event{Kind: RegistryStatus, Reference: r.Reference, RegistryStatus: st}, s.db.Now())
		if err := s.apply(ctx, r, d, price, amount >= 0); err != nil {
			s.logError(ctx, r.ID, err, res)
			continue
		}
		res.Changed++
	}
	_, err = s.db.Exec(ctx, `UPDATE backorder_auctions SET settled = ? WHERE id = ? AND NOT EXISTS
		(SELECT 1 FROM backorders WHERE reference = ? AND status = 'AUCTION-PENDING')`, true, a.id, a.reference)
	if err != nil {
		res.fail(fmt.Errorf("backorder: settle auction %d: %w", a.id, err))
	}
}

// outcome returns auction a's result and the state of the winner's backorder
// (AUCTION-PENDING before it is settled).
func (s *Service) outcome(ctx context.Context, a *auctionRow) (Outcome, State, error) {
	var o Outcome
	var st string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		full, err := s.loadAuction(ctx, tx, a)
		if err != nil {
			return err
		}
		o, _ = full.Result(a.end)
		return tx.QueryRow(ctx, `SELECT status FROM backorders WHERE reference = ? AND client_id = ? ORDER BY id DESC LIMIT 1`,
			a.reference, o.Winner).Scan(&st)
	})
	if err != nil {
		return Outcome{}, "", fmt.Errorf("backorder: auction %d outcome: %w", a.id, err)
	}
	return o, State(st), nil
}

// PlaceBid places the client's proxy bid of at most maxBid (minor units) in
// the auction of their backorder id.
func (s *Service) PlaceBid(ctx context.Context, clientID, id, maxBid int64) (BidResult, error) {
	var res BidResult
	// Read before the transaction: who may be outbid, and the price format.
	own, err := s.Get(ctx, clientID, id)
	if err != nil {
		return BidResult{}, err
	}
	rcpts, err := s.recipientsOn(ctx, own.Reference)
	if err != nil {
		return BidResult{}, fmt.Errorf("backorder: bid on %d: %w", id, err)
	}
	cur, _ := s.billing.Currency(ctx, own.Currency) // zero: plain digits
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		b, err := scanBackorder(tx.QueryRow(ctx, `SELECT `+backorderColumns+` FROM backorders WHERE id = ? AND client_id = ?`, id, clientID))
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return regbox.Errorf(regbox.ENOTFOUND, "Backorder %d does not exist.", id)
		}
		if err != nil {
			return err
		}
		ar, err := scanAuction(tx.QueryRow(ctx, `SELECT `+auctionColumns+` FROM backorder_auctions WHERE reference = ? AND settled = ?`+
			forUpdate(tx.Dialect()), b.Reference, false))
		if b.State != AuctionPending || regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return regbox.Errorf(regbox.ECONFLICT, "The backorder for %s is not in an auction.", b.FQDN)
		}
		if err != nil {
			return err
		}
		a, err := s.loadAuction(ctx, tx, ar)
		if err != nil {
			return err
		}
		if res, err = a.Place(clientID, maxBid, tx.Now()); err != nil {
			return err
		}
		d := tx.Dialect()
		if _, err := tx.Exec(ctx, `INSERT INTO backorder_bids (auction_id, client_id, max_bid, at) VALUES (?, ?, ?, ?)`,
			ar.id, clientID, maxBid, d.Time(tx.Now())); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE backorder_auctions SET end_at = ?, extensions = ?, leader = ?, price = ? WHERE id = ?`,
			d.Time(a.End), a.Extensions, a.Leader, a.Price, ar.id)
		if err != nil {
			return err
		}
		if err := tx.Record(ctx, "backorder.bid", "backorder", store.ID(id), map[string]any{"max": maxBid, "leading": res.Leading}); err != nil {
			return err
		}
		if rcpt, ok := rcpts[res.Outbid]; ok && res.Outbid != clientID {
			price := fmt.Sprintf("%d %s", a.Price, ar.currency)
			if cur.Code == ar.currency {
				price = cur.Format(a.Price)
			}
			return s.opts.Mail(ctx, tx, rcpt, "backorder_outbid", map[string]any{"Name": rcpt.Name, "Domain": b.FQDN, "Price": price})
		}
		return nil
	})
	if err != nil {
		return BidResult{}, fmt.Errorf("backorder: bid on %d: %w", id, err)
	}
	return res, nil
}

// loadAuction rebuilds the pure auction from its rows.
func (s *Service) loadAuction(ctx context.Context, tx *store.Tx, ar *auctionRow) (*Auction, error) {
	a := &Auction{Rules: s.opts.AuctionRules, Opening: ar.opening, Start: ar.start, End: ar.end, Extensions: ar.extensions,
		Leader: ar.leader, Price: ar.price}
	bs, err := tx.Query(ctx, `SELECT client_id, created_at FROM backorders WHERE reference = ? ORDER BY created_at, id`, ar.reference)
	if err != nil {
		return nil, err
	}
	for bs.Next() {
		var b Bidder
		if err := bs.Scan(&b.ClientID, store.ScanTime(&b.Ordered)); err != nil {
			bs.Close()
			return nil, err
		}
		a.Bidders = append(a.Bidders, b)
	}
	bs.Close()
	rows, err := tx.Query(ctx, `SELECT client_id, max_bid, at FROM backorder_bids WHERE auction_id = ? ORDER BY id`, ar.id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var b Bid
		if err := rows.Scan(&b.ClientID, &b.Max, store.ScanTime(&b.At)); err != nil {
			return nil, err
		}
		a.Bids = append(a.Bids, b)
	}
	return a, rows.Err()
}

// convert converts an amount between currencies (the auction's to the
// winner's).
func (s *Service) convert(ctx context.Context, amount int64, from, to string) (int64, error) {
	if from == to || amount == 0 {
		return amount, nil
	}
	f, err := s.billing.Currency(ctx, from)
	if err != nil {
		return 0, err
	}
	t, err := s.billing.Currency(ctx, to)
	if err != nil {
		return 0, err
	}
	return billing.Convert(amount, f, t)
}

// recipientsOn returns the mail recipients of the clients with an open
// backorder on application ref (none when mail is off).
func (s *Service) recipientsOn(ctx context.Context, ref string) (map[int64]Recipient, error) {
	out := map[int64]Recipient{}
	if s.opts.Mail == nil || s.opts.Recipient == nil {
		return out, nil
	}
	rows, err := s.db.Query(ctx, `SELECT client_id FROM backorders WHERE reference = ? AND status IN ('PROCESSING', 'AUCTION-PENDING')`, ref)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		r, err := s.recipient(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = *r
	}
	return out, nil
}
