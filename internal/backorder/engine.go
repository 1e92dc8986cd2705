package backorder

// The engine runs the state machine from the 5-minute batch job. One tick:
//
//  1. claims the backorders that may have something due (REQUESTED within the
//     activation window or past the failure limit, ACTIVE within the
//     processing window or past it, every PROCESSING, AUCTION-PENDING and
//     PENDING-PAYMENT) by stamping claimed_until; on PostgreSQL the candidate
//     rows are picked with FOR UPDATE SKIP LOCKED so that several nodes split
//     the work, on SQLite the one writer makes the claim atomic;
//  2. decides each with Next and carries out the actions: every state change
//     is committed first, and the side effects that follow are idempotent
//     (ledger keys "backorder:<id>:reserve|release", an application looked up by
//     domain before one is submitted, an invoice looked up by its line before
//     one is created), so a crash at any point is repaired by a later tick;
//  3. polls the registrar in bulk: one FindBackorders call per 1000 names;
//  4. sweeps holds left reserved on backorders that ended (a crash between a
//     state change and its release).

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// claimLease is how long a tick's claim keeps other nodes off a backorder.
const claimLease = 4 * time.Minute

// claimLimit bounds the backorders one tick claims.
const claimLimit = 200_000

// TickResult counts what a tick did.
type TickResult struct {
	Claimed     int
	Changed     int // state changes
	Submitted   int // applications sent
	Polls       int // FindBackorders calls
	Released    int // holds swept
	Errors      int
	FirstErrors []error
}

func (r *TickResult) fail(err error) {
	r.Errors++
	if len(r.FirstErrors) < 10 {
		r.FirstErrors = append(r.FirstErrors, err)
	}
}

// row is a claimed backorder with the facts the machine needs.
type row struct {
	Backorder
	submitKey  string
	paymentDue time.Time
	won        bool
	notice     *LowBalanceNotice
}

// Tick runs one batch over the due backorders at the DB clock's now.
func (s *Service) Tick(ctx context.Context) (TickResult, error) {
	var res TickResult
	now := s.db.Now()
	rows, err := s.claim(ctx, now)
	if err != nil {
		return res, err
	}
	res.Claimed = len(rows)
	defer s.unclaim(context.WithoutCancel(ctx), rows)
	funds := map[string]int64{}
	var open, toSubmit []*row
	for _, r := range rows {
		switch r.State {
		case Requested, Active:
			s.tickTime(ctx, r, now, funds, &res)
			if r.State == Processing {
				toSubmit = append(toSubmit, r)
			}
		case Processing, AuctionPending:
			if r.Reference == "" {
				toSubmit = append(toSubmit, r)
			} else {
				open = append(open, r)
			}
		case PendingPayment:
			s.tickPayment(ctx, r, now, &res)
		case Successful, AuctionWon: // a catch a crash or a failure left out of the portfolio
			s.provision(ctx, r, &res)
		}
	}
	if s.opts.Registrar != nil {
		s.submit(ctx, toSubmit, &res)
		s.poll(ctx, open, &res)
	}
	s.sweep(ctx, &res)
	return res, nil
}

// claim stamps and returns the due backorders.
func (s *Service) claim(ctx context.Context, now time.Time) ([]*row, error) {
	d := s.db.Dialect()
	t := s.opts.Timings
	lock := ""
	if d == store.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	unprovisioned := ""
	if s.opts.Portfolio != nil {
		unprovisioned = ` OR (status IN ('SUCCESSFUL', 'AUCTION-WON') AND domain_id IS NULL)`
	}
	var out []*row
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		out = out[:0]
		rs, err := tx.Query(ctx, `UPDATE backorders SET claimed_until = ? WHERE id IN (
			SELECT id FROM backorders WHERE (claimed_until IS NULL OR claimed_until < ?) AND (
				status IN ('PROCESSING', 'AUCTION-PENDING', 'PENDING-PAYMENT')
				OR (status = 'REQUESTED' AND drop_at <= ?)
				OR (status = 'ACTIVE' AND drop_at <= ?)`+unprovisioned+`)
			ORDER BY id LIMIT ?`+lock+`)
			RETURNING `+backorderColumns+`, submit_key, payment_due, won, lowbal_drop_at, lowbal_available`,
			d.Time(now.Add(claimLease)), d.Time(now), d.Time(now.Add(t.ActivateBefore)), d.Time(now.Add(t.ProcessBefore)), claimLimit)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			r, err := scanRow(rs)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rs.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("backorder: claim: %w", err)
	}
	return out, nil
}

func scanRow(rs scanner) (*row, error) {
	r := &row{}
	var lowDrop time.Time
	var lowAvail *int64
	err := rs.Scan(append(r.dest(), &r.submitKey, store.ScanTime(&r.paymentDue), &r.won, store.ScanTime(&lowDrop), &lowAvail)...)
	if lowAvail != nil {
		r.notice = &LowBalanceNotice{DropAt: lowDrop, Available: *lowAvail}
	}
	return r, err
}

// unclaim lifts the claims of a finished tick.
func (s *Service) unclaim(ctx context.Context, rows []*row) {
	const chunk = 500
	for i := 0; i < len(rows); i += chunk {
		ids := make([]any, 0, chunk)
		for _, r := range rows[i:min(i+chunk, len(rows))] {
			ids = append(ids, r.ID)
		}
		// A failure only delays these rows until the lease ends.
		_, _ = s.db.Exec(ctx, `UPDATE backorders SET claimed_until = NULL WHERE id IN (`+marks(len(ids))+`)`, ids...)
	}
}

// marks returns n comma-separated "?".
func marks(n int) string {
	b := make([]byte, 0, 2*n)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// change commits a state change of r with its log line, the client's mail and
// the extra writes, in one transaction.
func (s *Service) change(ctx context.Context, r *row, d Decision, extra func(tx *store.Tx) error) error {
	var rcpt *Recipient
	if d.Has(Notify) {
		var err error
		if rcpt, err = s.recipient(ctx, r.ClientID); err != nil {
			return err
		}
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if d.To != r.State {
			if err := setState(ctx, tx, r.ID, r.State, d.To); err != nil {
				return err
			}
		}
		if extra != nil {
			if err := extra(tx); err != nil {
				return err
			}
		}
		if rcpt != nil {
			data := map[string]any{"Name": rcpt.Name, "Domain": r.FQDN, "Status": string(d.To), "DropDate": dropText(r.DropAt)}
			if err := s.opts.Mail(ctx, tx, *rcpt, mailKind(d.To), data); err != nil {
				return err
			}
		}
		return logTx(ctx, tx, r.ID, "batch", "ok", fmt.Sprintf("%s → %s: %s", r.State, d.To, d.Reason))
	})
	if err != nil {
		return fmt.Errorf("backorder %d: %s → %s: %w", r.ID, r.State, d.To, err)
	}
	r.State = d.To
	return nil
}

// recipient returns where the client's mails go, nil when mail is off.
func (s *Service) recipient(ctx context.Context, clientID int64) (*Recipient, error) {
	if s.opts.Mail == nil || s.opts.Recipient == nil {
		return nil, nil
	}
	r, err := s.opts.Recipient(ctx, clientID)
	if err != nil {
		return nil, fmt.Errorf("backorder: recipient of client %d: %w", clientID, err)
	}
	r.ClientID = clientID
	return &r, nil
}

// MailKinds are the mail template kinds the engine sends (internal/mail
// templates); their data: Name (added by the sender), Domain, Status, DropDate,
// and for backorder_low_balance and backorder_outbid (PlaceBid) Price.
var MailKinds = []string{"backorder_low_balance", "backorder_active", "backorder_caught", "backorder_successful",
	"backorder_auction_started", "backorder_auction_won", "backorder_auction_lost", "backorder_failed", "backorder_cancelled",
	"backorder_outbid"}

// mailKind is the mail template kind for reaching state st.
func mailKind(st State) string {
	switch st {
	case PendingPayment:
		return "backorder_caught"
	case AuctionPending:
		return "backorder_auction_started"
	}
	return "backorder_" + map[State]string{Active: "active", Successful: "successful", AuctionWon: "auction_won",
		AuctionLost: "auction_lost", Failed: "failed", Cancelled: "cancelled"}[st]
}

// logError records a failed step in the backorder log and the result.
func (s *Service) logError(ctx context.Context, id int64, err error, res *TickResult) {
	res.fail(err)
	_ = s.db.Tx(ctx, func(tx *store.Tx) error { return logTx(ctx, tx, id, "batch", "error", errText(err)) })
}

func errText(err error) string {
	if m := regbox.ErrorMessage(err); m != "" && !errors.Is(err, context.Canceled) {
		return m
	}
	return err.Error()
}
