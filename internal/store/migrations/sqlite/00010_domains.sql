-- Domains: each client's portfolio (internal/domains).
-- SQLite twin of migrations/postgres/00010_domains.sql; keep the two alike.
-- Depends on 00003 (clients). name is the ACE form, lower case; unicode the
-- display form. A name is held by at most one live row: rows of failed or
-- cancelled orders and of domains that left stay for history. renewal_price is
-- in minor units of currency. registrar names the adapter ("ispapi").

-- +goose Up
CREATE TABLE domains (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id     INTEGER NOT NULL REFERENCES clients (id),
    name          TEXT NOT NULL CONSTRAINT name_valid CHECK (name <> '' AND name = lower(name)),
    unicode       TEXT NOT NULL,
    tld           TEXT NOT NULL,
    status        TEXT NOT NULL CONSTRAINT status_valid CHECK (status IN ('pending', 'pending_transfer', 'active',
                      'expired', 'suspended', 'redemption', 'deleted', 'transferred_away', 'failed')),
    expires_at    TEXT,
    registrar     TEXT NOT NULL,
    renewal_price INTEGER NOT NULL DEFAULT 0 CONSTRAINT renewal_price_valid CHECK (renewal_price >= 0),
    currency      TEXT NOT NULL CONSTRAINT currency_valid CHECK (length(currency) = 3),
    locked        INTEGER NOT NULL DEFAULT 0,
    id_protection INTEGER NOT NULL DEFAULT 0,
    premium_class TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX domains_live_name ON domains (name) WHERE status NOT IN ('failed', 'deleted', 'transferred_away');
CREATE INDEX domains_client ON domains (client_id, name);
CREATE INDEX domains_expiry ON domains (status, expires_at);

-- +goose Down
DROP TABLE domains;
