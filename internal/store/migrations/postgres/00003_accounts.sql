-- Accounts: clients, admins, login sessions and API keys (internal/accounts).
-- PostgreSQL twin of migrations/sqlite/00003_accounts.sql; keep the two alike.
-- Depends only on 00001. Secrets are never stored: password_hash is an argon2id
-- PHC string ('' = no password set, cannot log in); session tokens and API key
-- secrets are stored as hex SHA-256 (they are 256-bit random, so a fast hash is
-- enough). Emails are stored lower-cased, so UNIQUE is case-insensitive.

-- +goose Up
CREATE TABLE clients (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CONSTRAINT email_valid CHECK (email <> ''),
    first_name    TEXT NOT NULL CONSTRAINT first_name_valid CHECK (first_name <> ''),
    last_name     TEXT NOT NULL CONSTRAINT last_name_valid CHECK (last_name <> ''),
    organisation  TEXT NOT NULL DEFAULT '',
    street1       TEXT NOT NULL CONSTRAINT street1_valid CHECK (street1 <> ''),
    street2       TEXT NOT NULL DEFAULT '',
    street3       TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL CONSTRAINT city_valid CHECK (city <> ''),
    state         TEXT NOT NULL DEFAULT '',
    zip           TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL CONSTRAINT country_valid CHECK (length(country) = 2),
    phone         TEXT NOT NULL CONSTRAINT phone_valid CHECK (phone <> ''),
    language      TEXT NOT NULL CONSTRAINT language_valid CHECK (language IN ('en', 'de', 'fr', 'ar')),
    currency      TEXT NOT NULL CONSTRAINT currency_valid CHECK (length(currency) = 3),
    client_group  TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX clients_group ON clients (client_group, id);

CREATE TABLE admins (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CONSTRAINT email_valid CHECK (email <> ''),
    name          TEXT NOT NULL CONSTRAINT name_valid CHECK (name <> ''),
    role          TEXT NOT NULL CONSTRAINT role_valid CHECK (role IN ('full', 'support', 'read-only')),
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- Login sessions, in the database so that any node serves any user. A session
-- ends at expires_at (absolute) or idle_timeout after last_seen_at.
CREATE TABLE sessions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_kind    TEXT NOT NULL CONSTRAINT user_kind_valid CHECK (user_kind IN ('admin', 'client')),
    user_id      BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    remote_ip    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_kind, user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- API keys: the key is "rbx_<prefix>_<secret>"; prefix finds the row, secret_hash
-- checks the secret. scopes is a space-separated list.
CREATE TABLE api_keys (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prefix      TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    user_kind   TEXT NOT NULL CONSTRAINT user_kind_valid CHECK (user_kind IN ('admin', 'client')),
    user_id     BIGINT NOT NULL,
    name        TEXT NOT NULL CONSTRAINT name_valid CHECK (name <> ''),
    scopes      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX api_keys_user ON api_keys (user_kind, user_id, id);

-- TOTP second factor, one per user. secret is the base32 shared secret (needed
-- to check codes, so not hashed); confirmed_at is NULL until the user proves the
-- authenticator app works; last_step is the 30-second step of the last accepted
-- code, so a code cannot be used twice.
CREATE TABLE totp (
    user_kind    TEXT NOT NULL CONSTRAINT user_kind_valid CHECK (user_kind IN ('admin', 'client')),
    user_id      BIGINT NOT NULL,
    secret       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ,
    last_step    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_kind, user_id)
);

-- Login rate limiting: failed attempts per key ("email:<kind>:<email>",
-- "ip:<address>") in a fixed window, shared by all nodes.
CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    attempts     BIGINT NOT NULL
);
CREATE INDEX login_attempts_window ON login_attempts (window_start);

-- Password reset tokens, sent by email: stored hashed, used once, short-lived.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_kind  TEXT NOT NULL CONSTRAINT user_kind_valid CHECK (user_kind IN ('admin', 'client')),
    user_id    BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_kind, user_id);

-- +goose Down
DROP TABLE password_resets;
DROP TABLE login_attempts;
DROP TABLE totp;
DROP TABLE api_keys;
DROP TABLE sessions;
DROP TABLE admins;
DROP TABLE clients;
