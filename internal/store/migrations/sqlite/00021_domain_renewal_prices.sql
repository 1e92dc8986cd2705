-- Renewal prices an existing domain keeps (internal/pricing, known issue #302):
-- when a price sync changes a TLD's renewal prices and the operator chooses
-- "keep", the domain's prices before the change are stored here, per term, and
-- its renewals are charged at them; "update" removes them (the catalogue's prices
-- apply). Amounts are minor units of currency. PostgreSQL twin: migrations/postgres/00021; keep the two alike.

-- +goose Up
CREATE TABLE domain_renewal_prices (
    domain_id INTEGER NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
    years     INTEGER NOT NULL CONSTRAINT years_valid CHECK (years BETWEEN 1 AND 10),
    currency  TEXT NOT NULL,
    amount    INTEGER NOT NULL CONSTRAINT amount_valid CHECK (amount >= 0),
    PRIMARY KEY (domain_id, years)
) STRICT;

-- +goose Down
DROP TABLE domain_renewal_prices;
