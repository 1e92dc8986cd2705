-- A user whose password was generated (the first admin, `regbox admin
-- reset-password`) must choose a new one before doing anything else.
-- PostgreSQL twin of migrations/sqlite/00006_must_change_password.sql.

-- +goose Up
ALTER TABLE admins ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE clients DROP COLUMN must_change_password;
ALTER TABLE admins DROP COLUMN must_change_password;
