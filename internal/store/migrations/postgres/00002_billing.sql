-- Billing: currencies, the double-entry credit ledger, reservations and
-- invoices. PostgreSQL twin of migrations/sqlite/00002_billing.sql; keep the two
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
    is_default  BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX currencies_one_default ON currencies (is_default) WHERE is_default;

-- One account per (kind, client, currency); system accounts have client_id ''.
-- balance caches the sum of the account's entries (Ledger.Check verifies it);
-- a client's accounts never go below zero.
CREATE TABLE ledger_accounts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind IN ('available', 'held', 'cash', 'revenue')),
    client_id  TEXT NOT NULL DEFAULT '',
    currency   TEXT NOT NULL REFERENCES currencies (code),
    balance    BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT balance_valid CHECK (kind NOT IN ('available', 'held') OR balance >= 0),
    UNIQUE (kind, client_id, currency)
);

-- One row per ledger mutation; its entries sum to zero. idempotency_key makes a
-- retried call return the first result; (reservation_id, kind) allows one
-- reserve, one capture and one release per reservation, (invoice_id, kind) one
-- payment and one refund per invoice.
CREATE TABLE ledger_transactions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE CONSTRAINT idempotency_key_valid CHECK (idempotency_key <> ''),
    kind            TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind IN ('topup', 'refund', 'reserve', 'capture', 'release', 'payment', 'invoice_refund')),
    client_id       TEXT NOT NULL,
    currency        TEXT NOT NULL REFERENCES currencies (code),
    amount          BIGINT NOT NULL CONSTRAINT amount_valid CHECK (amount > 0),
    reservation_id  BIGINT,
    invoice_id      BIGINT,
    memo            TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (reservation_id, kind),
    UNIQUE (invoice_id, kind)
);
CREATE INDEX ledger_transactions_client ON ledger_transactions (client_id, id);

CREATE TABLE ledger_entries (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id BIGINT NOT NULL REFERENCES ledger_transactions (id),
    account_id     BIGINT NOT NULL REFERENCES ledger_accounts (id),
    amount         BIGINT NOT NULL CONSTRAINT amount_valid CHECK (amount <> 0)
);
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id);

CREATE TABLE reservations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id  TEXT NOT NULL,
    currency   TEXT NOT NULL REFERENCES currencies (code),
    amount     BIGINT NOT NULL CONSTRAINT amount_valid CHECK (amount > 0),
    state      TEXT NOT NULL CONSTRAINT state_valid CHECK (state IN ('reserved', 'captured', 'released')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX reservations_client ON reservations (client_id, id);

-- Invoices are numbered from invoice_sequences without gaps (the counter moves
-- in the invoice's own transaction). total is the sum of the lines' amounts.
CREATE TABLE invoice_sequences (
    name TEXT PRIMARY KEY,
    next BIGINT NOT NULL CONSTRAINT next_valid CHECK (next > 0)
);

CREATE TABLE invoices (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE CONSTRAINT number_valid CHECK (number <> ''),
    client_id  TEXT NOT NULL,
    currency   TEXT NOT NULL REFERENCES currencies (code),
    status     TEXT NOT NULL CONSTRAINT status_valid CHECK (status IN ('unpaid', 'paid', 'cancelled', 'refunded')),
    total      BIGINT NOT NULL CONSTRAINT total_valid CHECK (total > 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX invoices_client ON invoices (client_id, id);

CREATE TABLE invoice_lines (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id  BIGINT NOT NULL REFERENCES invoices (id),
    position    INTEGER NOT NULL,
    description TEXT NOT NULL CONSTRAINT description_valid CHECK (description <> ''),
    quantity    BIGINT NOT NULL CONSTRAINT quantity_valid CHECK (quantity > 0),
    unit_amount BIGINT NOT NULL CONSTRAINT unit_amount_valid CHECK (unit_amount >= 0),
    amount      BIGINT NOT NULL,
    UNIQUE (invoice_id, position)
);

-- +goose Down
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TABLE invoice_sequences;
DROP TABLE reservations;
DROP TABLE ledger_entries;
DROP TABLE ledger_transactions;
DROP TABLE ledger_accounts;
DROP TABLE currencies;
