-- Orders: one per register, transfer, renew or restore (internal/domains).
-- SQLite twin of migrations/postgres/00011_orders.sql; keep the two alike.
-- Depends on 00002 (reservations), 00003 (clients), 00010 (domains).
-- state: pending_payment -> paid -> provisioning -> active | failed -> refunded.
-- idem_key is the client's idempotency key: one order per client and key.
-- request holds the order's parameters as JSON (it may carry an auth code: never
-- shown). message is the user-facing outcome; detail the registrar's raw answer
-- for the admin.

-- +goose Up
CREATE TABLE orders (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id      INTEGER NOT NULL REFERENCES clients (id),
    kind           TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind IN ('register', 'transfer', 'renew', 'restore')),
    domain         TEXT NOT NULL CONSTRAINT domain_valid CHECK (domain <> ''),
    years          INTEGER NOT NULL CONSTRAINT years_valid CHECK (years >= 0 AND years <= 10),
    state          TEXT NOT NULL CONSTRAINT state_valid CHECK (state IN ('pending_payment', 'paid', 'provisioning',
                       'active', 'failed', 'refunded')),
    amount         INTEGER NOT NULL CONSTRAINT amount_valid CHECK (amount >= 0),
    currency       TEXT NOT NULL CONSTRAINT currency_valid CHECK (length(currency) = 3),
    reservation_id INTEGER REFERENCES reservations (id),
    idem_key       TEXT NOT NULL CONSTRAINT idem_key_valid CHECK (idem_key <> ''),
    request        TEXT NOT NULL,
    message        TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CONSTRAINT idem_key_unique UNIQUE (client_id, idem_key)
) STRICT;
CREATE INDEX orders_client ON orders (client_id, id);
CREATE INDEX orders_state ON orders (state, id);

-- +goose Down
DROP TABLE orders;
