-- Backorders (internal/backorder): the pending-delete (drop) list, the prices
-- per TLD and currency, the backorders and their log. SQLite twin of
-- migrations/postgres/00030_backorder.sql; keep the two alike.
--
-- backorder_droplist: one row per name on the registrar's pending-delete list,
-- split at the first dot into label and zone (zone may hold dots: co.uk); the
-- label statistics feed the search filters; gen is the import that last saw the
-- row (rows an import did not see are removed by it).
-- backorder_droplist_meta: one row; gen changes with every import, so nodes
-- that cache the list for search know to reload it.
-- backorder_prices: price NULL or 0 = not offered in that currency.
-- backorders: money in minor units; reservation_id is the billing hold taken
-- at ACTIVE; submit_key is stored before AddDomainApplication is sent (the
-- intent), reference after; lowbal_* are the facts of the last low-balance
-- mail; claimed_until is a batch node's claim. One open backorder per client
-- and name; terminal ones stay as history.

-- +goose Up
CREATE TABLE backorder_droplist (
    label   TEXT NOT NULL,
    zone    TEXT NOT NULL,
    drop_at TEXT NOT NULL,
    length  INTEGER NOT NULL,
    letters INTEGER NOT NULL,
    digits  INTEGER NOT NULL,
    hyphens INTEGER NOT NULL,
    idn     INTEGER NOT NULL CONSTRAINT idn_valid CHECK (idn IN (0, 1)),
    gen     INTEGER NOT NULL,
    PRIMARY KEY (label, zone)
) STRICT, WITHOUT ROWID;

CREATE TABLE backorder_droplist_meta (
    id          INTEGER PRIMARY KEY CONSTRAINT one_row CHECK (id = 1),
    gen         INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    source      TEXT NOT NULL,
    row_count   INTEGER NOT NULL
) STRICT;

CREATE TABLE backorder_prices (
    zone     TEXT NOT NULL CONSTRAINT zone_valid CHECK (zone <> '' AND zone = lower(zone)),
    currency TEXT NOT NULL,
    price    INTEGER CONSTRAINT price_valid CHECK (price IS NULL OR price >= 0),
    PRIMARY KEY (zone, currency)
) STRICT;

CREATE TABLE backorders (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id        INTEGER NOT NULL,
    fqdn             TEXT NOT NULL,
    label            TEXT NOT NULL,
    zone             TEXT NOT NULL,
    status           TEXT NOT NULL CONSTRAINT status_valid CHECK (status IN ('REQUESTED', 'ACTIVE', 'PROCESSING', 'FAILED', 'AUCTION-PENDING', 'AUCTION-WON', 'AUCTION-LOST', 'PENDING-PAYMENT', 'SUCCESSFUL', 'CANCELLED')),
    drop_at          TEXT,
    currency         TEXT NOT NULL,
    price            INTEGER NOT NULL CONSTRAINT price_valid CHECK (price > 0),
    reservation_id   INTEGER,
    submit_key       TEXT NOT NULL DEFAULT '',
    reference        TEXT NOT NULL DEFAULT '',
    invoice_id       INTEGER,
    payment_due      TEXT,
    auction_price    INTEGER NOT NULL DEFAULT 0,
    won              INTEGER NOT NULL DEFAULT 0 CONSTRAINT won_valid CHECK (won IN (0, 1)),
    lowbal_drop_at   TEXT,
    lowbal_available INTEGER,
    claimed_until    TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX backorders_open ON backorders (client_id, fqdn)
    WHERE status NOT IN ('FAILED', 'AUCTION-WON', 'AUCTION-LOST', 'SUCCESSFUL', 'CANCELLED');
CREATE INDEX backorders_status ON backorders (status, drop_at);
CREATE INDEX backorders_client ON backorders (client_id, id);
CREATE INDEX backorders_fqdn ON backorders (fqdn);

CREATE TABLE backorder_logs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    backorder_id INTEGER,
    source       TEXT NOT NULL,
    status       TEXT NOT NULL CONSTRAINT status_valid CHECK (status IN ('ok', 'error')),
    message      TEXT NOT NULL
) STRICT;
CREATE INDEX backorder_logs_at ON backorder_logs (at);
CREATE INDEX backorder_logs_backorder ON backorder_logs (backorder_id, id);

-- +goose Down
DROP TABLE backorder_logs;
DROP TABLE backorders;
DROP TABLE backorder_prices;
DROP TABLE backorder_droplist_meta;
DROP TABLE backorder_droplist;
