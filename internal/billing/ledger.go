package billing

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

// AccountKind names a ledger account's role.
type AccountKind string

// The account kinds: two per client and currency, two for the system.
const (
	AccountAvailable AccountKind = "available" // a client's spendable credit
	AccountHeld      AccountKind = "held"      // a client's credit held by reservations
	AccountCash      AccountKind = "cash"      // system: money in from, or out to, the world
	AccountRevenue   AccountKind = "revenue"   // system: captured reservations
)

// TxKind names what a ledger transaction did.
type TxKind string

// The ledger transaction kinds.
const (
	TxTopUp         TxKind = "topup"          // cash → available
	TxRefund        TxKind = "refund"         // available → cash
	TxReserve       TxKind = "reserve"        // available → held
	TxCapture       TxKind = "capture"        // held → revenue
	TxRelease       TxKind = "release"        // held → available
	TxPayment       TxKind = "payment"        // available → revenue: an invoice paid from credit
	TxInvoiceRefund TxKind = "invoice_refund" // revenue → available: a paid invoice refunded as credit
)

// Transaction is one posted ledger transaction.
type Transaction struct {
	ID             int64
	Key            string // the idempotency key
	Kind           TxKind
	ClientID       string
	Currency       string
	Amount         int64 // minor units, > 0
	ReservationID  int64 // 0 when none
	InvoiceID      int64 // 0 when none
	Memo           string
	Replayed       bool // true when the key had been used: nothing new was posted
	AvailableAfter int64
	CreatedAt      time.Time
}

// Balance is a client's credit in one currency, in minor units.
type Balance struct {
	ClientID  string
	Currency  string
	Available int64 // spendable
	Held      int64 // reserved for orders in progress
}

// maxKey bounds idempotency keys, client ids and memos.
const maxKey = 200

func checkClient(clientID string) error {
	if strings.TrimSpace(clientID) == "" || len(clientID) > maxKey {
		return regbox.FieldError("client_id", "is required (at most %d bytes)", maxKey)
	}
	return nil
}

func checkKey(key string) error {
	if strings.TrimSpace(key) == "" || len(key) > maxKey {
		return regbox.FieldError("idempotency_key", "is required (at most %d bytes)", maxKey)
	}
	return nil
}

func checkAmount(amount int64) error {
	if amount <= 0 {
		return regbox.FieldError("amount", "must be more than zero, not %d", amount)
	}
	return nil
}

// TopUp credits amount to the client's available credit (an admin adding
// credit, or a payment received), from the system's cash account.
func (s *Service) TopUp(ctx context.Context, clientID, cur string, amount int64, key, memo string) (Transaction, error) {
	return s.simple(ctx, Transaction{Key: key, Kind: TxTopUp, ClientID: clientID, Currency: cur, Amount: amount, Memo: memo})
}

// Refund takes amount from the client's available credit and pays it out
// (to the system's cash account). It fails with ECONFLICT when the client has
// less available credit.
func (s *Service) Refund(ctx context.Context, clientID, cur string, amount int64, key, memo string) (Transaction, error) {
	return s.simple(ctx, Transaction{Key: key, Kind: TxRefund, ClientID: clientID, Currency: cur, Amount: amount, Memo: memo})
}

// simple posts a top-up or refund.
func (s *Service) simple(ctx context.Context, t Transaction) (Transaction, error) {
	if err := s.validate(ctx, &t); err != nil {
		return Transaction{}, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		l, err := lockClient(ctx, tx, t.ClientID, t.Currency)
		if err != nil {
			return err
		}
		if done, err := l.replay(ctx, &t); done || err != nil {
			return err
		}
		cash, err := l.system(ctx, AccountCash)
		if err != nil {
			return err
		}
		from, to, action := l.available, cash, "credit.refund"
		if t.Kind == TxTopUp {
			from, to, action = cash, l.available, "credit.top_up"
		}
		if err := l.post(ctx, &t, from, to); err != nil {
			return err
		}
		return tx.Record(ctx, action, "client", t.ClientID,
			map[string]any{"transaction_id": t.ID, "currency": t.Currency, "amount": t.Amount})
	})
	if err != nil {
		return Transaction{}, fmt.Errorf("billing: %s: %w", t.Kind, err)
	}
	return t, nil
}

// validate checks the fields every mutation has and that the currency exists.
func (s *Service) validate(ctx context.Context, t *Transaction) error {
	if err := checkClient(t.ClientID); err != nil {
		return err
	}
	if err := checkKey(t.Key); err != nil {
		return err
	}
	if err := checkAmount(t.Amount); err != nil {
		return err
	}
	if len(t.Memo) > maxKey {
		return regbox.FieldError("memo", "must be at most %d bytes", maxKey)
	}
	c, err := s.Currency(ctx, t.Currency)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return regbox.FieldError("currency", "%q is not set up", t.Currency)
	}
	t.Currency = c.Code
	return err
}

// Balance returns the client's credit in the currency (zero when the client
// has no account yet).
func (s *Service) Balance(ctx context.Context, clientID, cur string) (Balance, error) {
	b := Balance{ClientID: clientID, Currency: strings.ToUpper(cur)}
	rows, err := s.db.Query(ctx, `SELECT kind, balance FROM ledger_accounts WHERE client_id = ? AND currency = ?`, clientID, b.Currency)
	if err != nil {
		return Balance{}, fmt.Errorf("billing: balance: %w", err)
	}
	return scanBalance(rows, b)
}

// scanBalance fills b from rows of (kind, balance) and closes them.
func scanBalance(rows *sql.Rows, b Balance) (Balance, error) {
	defer rows.Close()
	for rows.Next() {
		var kind string
		var v int64
		if err := rows.Scan(&kind, &v); err != nil {
			return Balance{}, fmt.Errorf("billing: balance: %w", err)
		}
		switch AccountKind(kind) {
		case AccountAvailable:
			b.Available = v
		case AccountHeld:
			b.Held = v
		}
	}
	if err := rows.Err(); err != nil {
		return Balance{}, fmt.Errorf("billing: balance: %w", err)
	}
	return b, nil
}

// locked is a client's ledger inside a transaction that holds its lock.
type locked struct {
	tx        *store.Tx
	clientID  string
	currency  string
	available int64 // account ids
	held      int64
}

// lockClient locks the client's available account in the currency (creating
// the client's accounts first when needed) and returns the client's ledger.
func lockClient(ctx context.Context, tx *store.Tx, clientID, cur string) (*locked, error) {
	l := &locked{tx: tx, clientID: clientID, currency: cur}
	var err error
	if l.available, err = account(ctx, tx, AccountAvailable, clientID, cur, true); err != nil {
		return nil, err
	}
	if l.held, err = account(ctx, tx, AccountHeld, clientID, cur, false); err != nil {
		return nil, err
	}
	return l, nil
}

// system returns the id of the system account of the kind in l's currency.
func (l *locked) system(ctx context.Context, kind AccountKind) (int64, error) {
	return account(ctx, l.tx, kind, "", l.currency, false)
}

// account returns the id of an account, creating it when missing; with lock,
// the row is locked for the rest of the transaction.
func account(ctx context.Context, tx *store.Tx, kind AccountKind, clientID, cur string, lock bool) (int64, error) {
	q := `SELECT id FROM ledger_accounts WHERE kind = ? AND client_id = ? AND currency = ?`
	if lock {
		q += forUpdate(tx.Dialect())
	}
	var id int64
	err := tx.QueryRow(ctx, q, string(kind), clientID, cur).Scan(&id)
	if regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return id, err
	}
	// ON CONFLICT DO NOTHING: a concurrent creator wins on PostgreSQL (waiting
	// for it), and the SELECT below then locks its row.
	if _, err := tx.Exec(ctx, `INSERT INTO ledger_accounts (kind, client_id, currency, balance, created_at)
		VALUES (?, ?, ?, 0, ?) ON CONFLICT (kind, client_id, currency) DO NOTHING`,
		string(kind), clientID, cur, tx.Dialect().Time(tx.Now())); err != nil {
		return 0, err
	}
	err = tx.QueryRow(ctx, q, string(kind), clientID, cur).Scan(&id)
	return id, err
}

// replay looks the transaction's key up. When it was used before, it fills t
// with the first result and reports done; a key used for another request is
// ECONFLICT.
func (l *locked) replay(ctx context.Context, t *Transaction) (done bool, err error) {
	var first Transaction
	var resv, inv *int64
	err = l.tx.QueryRow(ctx, `SELECT id, kind, client_id, currency, amount, reservation_id, invoice_id, memo, created_at
		FROM ledger_transactions WHERE idempotency_key = ?`, t.Key).
		Scan(&first.ID, &first.Kind, &first.ClientID, &first.Currency, &first.Amount, &resv, &inv, &first.Memo, store.ScanTime(&first.CreatedAt))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if resv != nil {
		first.ReservationID = *resv
	}
	if inv != nil {
		first.InvoiceID = *inv
	}
	if first.Kind != t.Kind || first.ClientID != t.ClientID || first.Currency != t.Currency ||
		first.Amount != t.Amount ||
		(t.ReservationID != 0 && first.ReservationID != t.ReservationID) || first.InvoiceID != t.InvoiceID {
		return false, &regbox.Error{Code: regbox.ECONFLICT, Field: "idempotency_key",
			Message: fmt.Sprintf("%q was already used for a different request", t.Key)}
	}
	first.Key, first.Replayed = t.Key, true
	if err := l.tx.QueryRow(ctx, `SELECT balance FROM ledger_accounts WHERE id = ?`, l.available).Scan(&first.AvailableAfter); err != nil {
		return false, err
	}
	*t = first
	return true, nil
}

// errInsufficient is the error for a debit larger than a client's balance.
var errInsufficient = errors.New("insufficient credit")

// post writes t and its two entries (-amount on from, +amount on to) and
// updates the cached balances. A client account that would go below zero is
// ECONFLICT and nothing is written (the caller's transaction rolls back).
func (l *locked) post(ctx context.Context, t *Transaction, from, to int64) error {
	if from == l.available || from == l.held {
		var bal int64
		if err := l.tx.QueryRow(ctx, `SELECT balance FROM ledger_accounts WHERE id = ?`, from).Scan(&bal); err != nil {
			return err
		}
		if bal < t.Amount {
			format := amountFormatter(ctx, l.tx, l.currency)
			return regbox.WrapError(regbox.ECONFLICT, errInsufficient,
				"The client's credit (%s) is less than the %s needed.", format(bal), format(t.Amount))
		}
	}
	t.CreatedAt = l.tx.Now().UTC().Truncate(time.Microsecond)
	err := l.tx.QueryRow(ctx, `INSERT INTO ledger_transactions
		(idempotency_key, kind, client_id, currency, amount, reservation_id, invoice_id, memo, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.Key, string(t.Kind), t.ClientID, t.Currency, t.Amount, nullID(t.ReservationID), nullID(t.InvoiceID),
		t.Memo, l.tx.Dialect().Time(t.CreatedAt)).Scan(&t.ID)
	if err != nil {
		return err
	}
	entries := [2]struct{ account, amount int64 }{{from, -t.Amount}, {to, t.Amount}}
	var sum int64
	for _, e := range entries {
		sum += e.amount
	}
	if sum != 0 { // the double-entry rule, kept here for posts with more legs
		return fmt.Errorf("billing: transaction %q does not balance: %d", t.Key, sum)
	}
	for _, e := range entries {
		if _, err := l.tx.Exec(ctx, `INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES (?, ?, ?)`,
			t.ID, e.account, e.amount); err != nil {
			return err
		}
		if _, err := l.tx.Exec(ctx, `UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?`, e.amount, e.account); err != nil {
			return err
		}
	}
	return l.tx.QueryRow(ctx, `SELECT balance FROM ledger_accounts WHERE id = ?`, l.available).Scan(&t.AvailableAfter)
}

// Check verifies the ledger's invariants over the whole database: every
// transaction's entries sum to zero, and every account's cached balance equals
// the sum of its entries. It returns an EINTERNAL error naming the first few
// violations, nil when there are none.
func (s *Service) Check(ctx context.Context) error {
	var bad []string
	collect := func(query, format string) error {
		rows, err := s.db.Query(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() && len(bad) < 10 {
			var id, v int64
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			bad = append(bad, fmt.Sprintf(format, id, v))
		}
		return rows.Err()
	}
	if err := collect(`SELECT t.id, COALESCE(SUM(e.amount), 0) FROM ledger_transactions t
		LEFT JOIN ledger_entries e ON e.transaction_id = t.id
		GROUP BY t.id HAVING COALESCE(SUM(e.amount), 0) <> 0 OR COUNT(e.id) < 2`,
		"transaction %d: entries sum to %d or fewer than two"); err != nil {
		return fmt.Errorf("billing: check: %w", err)
	}
	if err := collect(`SELECT a.id, a.balance - COALESCE(SUM(e.amount), 0) FROM ledger_accounts a
		LEFT JOIN ledger_entries e ON e.account_id = a.id
		GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(e.amount), 0)`,
		"account %d: balance differs from its entries by %d"); err != nil {
		return fmt.Errorf("billing: check: %w", err)
	}
	if len(bad) > 0 {
		return regbox.Errorf(regbox.EINTERNAL, "The ledger is inconsistent: %s.", strings.Join(bad, "; "))
	}
	return nil
}

// nullID returns id, or nil (SQL NULL) for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
