-- Domains: each client's portfolio (internal/domains).
-- PostgreSQL twin of migrations/sqlite/00010_domains.sql; keep the two alike.
-- Depends on 00003 (clients). name is the ACE form, lower case; unicode the
-- display form. A name is held by at most one live row: rows of failed or
-- cancelled orders and of domains that left stay for history. renewal_price is
-- in minor units of currency. registrar names the adapter ("ispapi").

-- +goose Up
CREATE TABLE domains (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id     BIGINT NOT NULL REFERENCES clients (id),
    name          TEXT NOT NULL CONSTRAINT name_valid CHECK (name <> '' AND name = lower(name)),
    unicode       TEXT NOT NULL,
    tld           TEXT NOT NULL,
    status        TEXT NOT NULL CONSTRAINT status_valid CHECK (status IN ('pending', 'pending_transfer', 'active',
                      'expired', 'suspended', 'redemption', 'deleted', 'transferred_away', 'failed')),
    expires_at    TIMESTAMPTZ,
    registrar     TEXT NOT NULL,
    renewal_price BIGINT NOT NULL DEFAULT 0 CONSTRAINT renewal_price_valid CHECK (renewal_price >= 0),
    currency      TEXT NOT NULL CONSTRAINT currency_valid CHECK (length(currency) = 3),
    locked        BOOLEAN NOT NULL DEFAULT FALSE,
    id_protection BOOLEAN NOT NULL DEFAULT FALSE,
    premium_class TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX domains_live_name ON domains (name) WHERE status NOT IN ('failed', 'deleted', 'transferred_away');
CREATE INDEX domains_client ON domains (client_id, name);
CREATE INDEX domains_expiry ON domains (status, expires_at);

-- +goose Down
DROP TABLE domains;
