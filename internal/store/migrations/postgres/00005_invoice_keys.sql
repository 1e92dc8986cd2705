-- An invoice may carry the idempotency key of the request that created it, so
-- a retried create returns the first invoice instead of a second one.

-- +goose Up
ALTER TABLE invoices ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX invoices_idempotency_key ON invoices (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- +goose Down
DROP INDEX invoices_idempotency_key;
ALTER TABLE invoices DROP COLUMN idempotency_key;
