-- Bulk DNS changes (internal/dnsbulk): one change applied to many domains by a
-- job, with each domain's progress. PostgreSQL twin of
-- migrations/sqlite/00045_dns_bulk.sql; keep the two alike. client_id is NULL
-- for an admin's change. change is the change as JSON. state: pending until
-- the job reaches the domain, then done (changes applied), unchanged (nothing
-- to do) or failed (message says why).

-- +goose Up
CREATE TABLE dns_bulk_changes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id  BIGINT REFERENCES clients (id),
    change     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE dns_bulk_domains (
    bulk_id    BIGINT NOT NULL REFERENCES dns_bulk_changes (id),
    position   INTEGER NOT NULL,
    domain     TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending' CONSTRAINT state_valid CHECK (state IN ('pending', 'done', 'unchanged', 'failed')),
    changes    INTEGER NOT NULL DEFAULT 0,
    message    TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ,
    PRIMARY KEY (bulk_id, position),
    UNIQUE (bulk_id, domain)
);

-- +goose Down
DROP TABLE dns_bulk_domains;
DROP TABLE dns_bulk_changes;
