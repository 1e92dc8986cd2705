-- Billing: currencies, the double-entry credit ledger, reservations and
-- invoices. SQLite twin of migrations/postgres/00002_billing.sql; keep the two
-- alike. Money is integer minor units (cents), never floating point; rates are
-- decimal text.

-- +goose Up
CREATE TABLE currencies (
    code        TEXT PRIMARY KEY CONSTRAINT code_valid CHECK (length(code) = 3 AND code = upper(code)),
    prefix      TEXT NOT NULL DEFAULT '',
    suffix      TEXT NOT NULL DEFAULT '',
    rate        TEXT NOT NULL CONSTRAINT rate_valid CHECK (rate <> ''),
    minor_units INTEGER NOT NULL CONSTRAINT minor_units_valid CHECK (minor_units BETWEEN 0 AND 4),
    rounding    TEXT NOT NULL CONSTRAINT rounding_valid CHECK (rounding IN ('half_up', 'half_even', 'down', 'up')),
    is_default  INTEGER NOT NULL DEFAULT 0 CONSTRAINT is_default_valid CHECK (is_default IN (0, 1)),
    updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX currencies_one_default ON currencies (is_default) WHERE is_default = 1;

-- One account per (kind, client, currency); system accounts have client_id ''.
-- balance caches the sum of the account's entries (Ledger.Check verifies it);
-- a client's accounts never go below zero.
CREATE TABLE ledger_accounts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind IN ('available', 'held', 'cash', 'revenue')),
    client_id  TEXT NOT NULL DEFAULT '',
    currency   TEXT NOT NULL REFERENCES currencies (code),
    balance    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    CONSTRAINT balance_valid CHECK (kind NOT IN ('available', 'held') OR balance >= 0),
    UNIQUE (kind, client_id, currency)
) STRICT;

-- One row per ledger mutation; its entries sum to zero. idempotency_key makes a
-- retried call return the first result; (reservation_id, kind) allows one
-- reserve, one capture and one release per reservation, (invoice_id, kind) one
-- payment and one refund per invoice.
CREATE TABLE ledger_transactions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE CONSTRAINT idempotency_key_valid CHECK (idempotency_key <> ''),
    kind            TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind IN ('topup', 'refund', 'reserve', 'capture', 'release', 'payment', 'invoice_refund')),
    client_id       TEXT NOT NULL,
    currency        TEXT NOT NULL REFERENCES currencies (code),
    amount          INTEGER NOT NULL CONSTRAINT amount_valid CHECK (amount > 0),
    reservation_id  INTEGER,
    invoice_id      INTEGER,
    memo            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    UNIQUE (reservation_id, kind),
    UNIQUE (invoice_id, kind)
) STRICT;
CREATE INDEX ledger_transactions_client ON ledger_transactions (client_id, id);

CREATE TABLE ledger_entries (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id INTEGER NOT NULL REFERENCES ledger_transactions (id),
    account_id     INTEGER NOT NULL REFERENCES ledger_accounts (id),
    amount         INTEGER NOT NULL CONSTRAINT amount_valid CHECK (amount <> 0)
) STRICT;
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id);

CREATE TABLE reservations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id  TEXT NOT NULL,
    currency   TEXT NOT NULL REFERENCES currencies (code),
    amount     INTEGER NOT NULL CONSTRAINT amount_valid CHECK (amount > 0),
    state      TEXT NOT NULL CONSTRAINT state_valid CHECK (state IN ('reserved', 'captured', 'released')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX reservations_client ON reservations (client_id, id);

-- Invoices are numbered from invoice_sequences without gaps (the counter moves
-- in the invoice's own transaction). total is the sum of the lines' amounts.
CREATE TABLE invoice_sequences (
    name TEXT PRIMARY KEY,
    next INTEGER NOT NULL CONSTRAINT next_valid CHECK (next > 0)
) STRICT;

CREATE TABLE invoices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    number     TEXT NOT NULL UNIQUE CONSTRAINT number_valid CHECK (number <> ''),
    client_id  TEXT NOT NULL,
    currency   TEXT NOT NULL REFERENCES currencies (code),
    status     TEXT NOT NULL CONSTRAINT status_valid CHECK (status IN ('unpaid', 'paid', 'cancelled', 'refunded')),
    total      INTEGER NOT NULL CONSTRAINT total_valid CHECK (total > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX invoices_client ON invoices (client_id, id);

CREATE TABLE invoice_lines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    position    INTEGER NOT NULL,
    description TEXT NOT NULL CONSTRAINT description_valid CHECK (description <> ''),
    quantity    INTEGER NOT NULL CONSTRAINT quantity_valid CHECK (quantity > 0),
    unit_amount INTEGER NOT NULL CONSTRAINT unit_amount_valid CHECK (unit_amount >= 0),
    amount      INTEGER NOT NULL,
    UNIQUE (invoice_id, position)
) STRICT;

-- +goose Down
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TABLE invoice_sequences;
DROP TABLE reservations;
DROP TABLE ledger_entries;
DROP TABLE ledger_transactions;
DROP TABLE ledger_accounts;
DROP TABLE currencies;
