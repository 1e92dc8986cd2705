-- A user whose password was generated (the first admin, `regbox admin
-- reset-password`) must choose a new one before doing anything else.
-- SQLite twin of migrations/postgres/00006_must_change_password.sql.

-- +goose Up
ALTER TABLE admins ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CONSTRAINT must_change_password_valid CHECK (must_change_password IN (0, 1));
ALTER TABLE clients ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CONSTRAINT must_change_password_valid CHECK (must_change_password IN (0, 1));

-- +goose Down
ALTER TABLE clients DROP COLUMN must_change_password;
ALTER TABLE admins DROP COLUMN must_change_password;
