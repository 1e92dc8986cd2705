-- Domain sync (internal/domains sync.go): the nameservers the registrar last
-- reported for a domain, and the domains that differ from the registrar or are
-- missing there, for the admin to look at (regbox domain sync-flags).
-- SQLite twin of migrations/postgres/00012_domain_sync.sql; keep the two alike.
-- Depends on 00010 (domains). nameservers is a space-separated list, '' unknown.
-- A flag row is replaced by every sync that still sees a difference and removed
-- by the first that sees none. kinds is a comma-separated list of missing,
-- expiry, status, lock, nameservers, id_protection; detail says what differed.

-- +goose Up
ALTER TABLE domains ADD COLUMN nameservers TEXT NOT NULL DEFAULT '';
CREATE TABLE domain_sync_flags (
    domain_id  INTEGER PRIMARY KEY REFERENCES domains (id),
    client_id  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kinds      TEXT NOT NULL CONSTRAINT kinds_valid CHECK (kinds <> ''),
    detail     TEXT NOT NULL,
    flagged_at TEXT NOT NULL
) STRICT;
CREATE INDEX domain_sync_flags_time ON domain_sync_flags (flagged_at);

-- +goose Down
DROP TABLE domain_sync_flags;
ALTER TABLE domains DROP COLUMN nameservers;
