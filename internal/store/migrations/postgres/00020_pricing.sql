-- TLD catalogue and prices (internal/pricing). PostgreSQL twin of
-- migrations/sqlite/00020_pricing.sql; keep the two alike. Costs are what the
-- registrar charges, in its currency's minor units; prices are what clients pay,
-- per currency and client group ('' = everyone), in that currency's minor units.
-- years is the term of a registration, renewal or transfer: a multi-year price is
-- stored as it is, never derived by multiplying a one-year price. A restore and a
-- trade (owner change) have one term, years 0.

-- +goose Up
CREATE TABLE tlds (
    tld              TEXT PRIMARY KEY CONSTRAINT tld_valid CHECK (tld <> '' AND tld = lower(tld)),
    class            TEXT NOT NULL,
    enabled          BOOLEAN NOT NULL DEFAULT TRUE,
    cost_currency    TEXT NOT NULL,
    register_periods TEXT NOT NULL,
    renew_periods    TEXT NOT NULL,
    transfer_periods TEXT NOT NULL,
    auth_required    BOOLEAN NOT NULL,
    id_protection    BOOLEAN NOT NULL,
    redemption_days  INTEGER NOT NULL,
    repository       TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE tld_costs (
    tld    TEXT NOT NULL REFERENCES tlds (tld) ON DELETE CASCADE,
    kind   TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind IN ('register', 'renew', 'transfer', 'restore', 'trade')),
    years  INTEGER NOT NULL CONSTRAINT years_valid CHECK (years BETWEEN 0 AND 10),
    amount BIGINT NOT NULL CONSTRAINT amount_valid CHECK (amount >= 0),
    PRIMARY KEY (tld, kind, years)
);

CREATE TABLE tld_prices (
    tld          TEXT NOT NULL REFERENCES tlds (tld) ON DELETE CASCADE,
    currency     TEXT NOT NULL,
    client_group TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind IN ('register', 'renew', 'transfer', 'restore', 'trade')),
    years        INTEGER NOT NULL CONSTRAINT years_valid CHECK (years BETWEEN 0 AND 10),
    amount       BIGINT NOT NULL CONSTRAINT amount_valid CHECK (amount >= 0),
    PRIMARY KEY (tld, currency, client_group, kind, years)
);

-- Markup rules: the most specific rule for a (tld, client group) wins; '' is any.
-- percent is decimal text; fixed is in minor units of the default currency, per year.
CREATE TABLE price_markups (
    tld          TEXT NOT NULL DEFAULT '',
    client_group TEXT NOT NULL DEFAULT '',
    percent      TEXT NOT NULL DEFAULT '0',
    fixed        BIGINT NOT NULL DEFAULT 0 CONSTRAINT fixed_valid CHECK (fixed >= 0),
    rounding     TEXT NOT NULL DEFAULT '' CONSTRAINT rounding_valid CHECK (rounding IN ('', 'whole', '.99', '.95', '.49')),
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tld, client_group)
);

-- One row per sync run: what it found, whether it applied, the operator's choice
-- about existing domains' renewal prices.
CREATE TABLE price_syncs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    applied     BOOLEAN NOT NULL,
    renewals    TEXT NOT NULL CONSTRAINT renewals_valid CHECK (renewals IN ('', 'keep', 'update')),
    status      TEXT NOT NULL CONSTRAINT status_valid CHECK (status IN ('ok', 'failed')),
    summary     TEXT NOT NULL,
    error       TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE price_syncs;
DROP TABLE price_markups;
DROP TABLE tld_prices;
DROP TABLE tld_costs;
DROP TABLE tlds;
