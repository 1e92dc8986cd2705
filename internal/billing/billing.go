// Package billing keeps regbox's money: currencies, a double-entry credit
// ledger per client, reservations that hold credit while an order runs, and
// invoices.
//
// Amounts are int64 minor units of their currency (cents), never floats;
// decimal text (rates, user input) is parsed with math/big at the edges.
//
// # Ledger
//
// Every mutation is one ledger transaction with two or more entries that sum to
// zero, posted to accounts: per client and currency an "available" and a "held"
// account, and the system accounts "cash" (money that came in from outside or
// went back out) and "revenue". An account's balance column caches the sum of
// its entries; Check verifies both invariants. A client's accounts never go
// below zero: the code checks first and answers ECONFLICT, and a CHECK
// constraint backs it.
//
// Every mutation carries an idempotency key, unique over all ledger
// transactions: a call with a key already used returns the first call's result
// without a second effect (or ECONFLICT when the key was used for a different
// request). Callers should make keys specific, e.g. "order:42:capture".
//
// # Locking
//
// Each mutation runs in one store transaction and first locks the client's
// "available" account row for that currency: on PostgreSQL with SELECT ... FOR
// UPDATE, on SQLite by the store's single writer (BEGIN IMMEDIATE), which
// serializes every write transaction anyway. That row is the client's mutex:
// the idempotency lookup, the balance check, the reservation's state check and
// the writes all happen under it, so two calls for one client (or a retry racing
// its original) run one after the other. Locks are always taken in the order
// client available, client held, invoice number sequence, system account, and
// each transaction touches at most one client and one system account, so
// PostgreSQL cannot deadlock between them; a serialization failure or deadlock
// would still be retried by store.DB.Tx. The system accounts' balance rows are
// shared by all clients: a hot row on PostgreSQL under heavy parallel load.
//
// # Invoices
//
// Invoices have lines, a gapless number (InvoiceNumberFormat) and a status:
// unpaid, then paid (from credit, by PayInvoice or CreateInvoice's AutoPay)
// and perhaps refunded as credit, or cancelled.
package billing

import (
	"github.com/regbox/regbox/internal/store"
)

// Service is the billing service. It is safe for concurrent use.
type Service struct {
	db *store.DB
}

// New returns the billing service on db.
func New(db *store.DB) *Service { return &Service{db: db} }

// forUpdate returns the row-locking suffix for a SELECT in dialect d: FOR UPDATE
// on PostgreSQL, nothing on SQLite (whose single writer already serializes).
func forUpdate(d store.Dialect) string {
	if d == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}
