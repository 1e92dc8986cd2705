-- Backorders (internal/backorder): the portfolio link of a catch and the
-- registry auction's fields shown to the client. PostgreSQL twin of
-- migrations/sqlite/00032_backorder_portfolio.sql; keep the two alike.
-- domain_id: NULL until the caught domain is in the client's portfolio
-- (domains.id), 0 when it could not be put there (logged). The registry_*
-- columns are the registrar's auction (URL, end, best bid as decimal text in
-- registry_currency), refreshed by every poll.

-- +goose Up
ALTER TABLE backorders ADD COLUMN domain_id BIGINT;
ALTER TABLE backorders ADD COLUMN registry_url TEXT NOT NULL DEFAULT '';
ALTER TABLE backorders ADD COLUMN registry_end TIMESTAMPTZ;
ALTER TABLE backorders ADD COLUMN registry_bid TEXT NOT NULL DEFAULT '';
ALTER TABLE backorders ADD COLUMN registry_currency TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE backorders DROP COLUMN registry_currency;
ALTER TABLE backorders DROP COLUMN registry_bid;
ALTER TABLE backorders DROP COLUMN registry_end;
ALTER TABLE backorders DROP COLUMN registry_url;
ALTER TABLE backorders DROP COLUMN domain_id;
