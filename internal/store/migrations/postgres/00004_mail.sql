-- Mail outbox (internal/mail): every mail regbox sends is rendered into a row here
-- in the transaction that asks for it, and sent by a mail_send job.
-- PostgreSQL twin of migrations/sqlite/00004_mail.sql; keep the two alike.
-- Depends on nothing. to_addr is the recipient ("to" is an SQL keyword). language
-- is the language the mail was rendered in (en when the asked one has no
-- template). attempts counts SMTP attempts; last_error is the last one's error
-- ('' after a success); sent_at is set when status becomes sent, and a sent row is
-- never sent again.

-- +goose Up
CREATE TABLE mail_outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    to_addr    TEXT NOT NULL CONSTRAINT to_addr_valid CHECK (to_addr <> ''),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    language   TEXT NOT NULL CONSTRAINT language_valid CHECK (language IN ('en', 'de', 'fr', 'ar')),
    kind       TEXT NOT NULL CONSTRAINT kind_valid CHECK (kind <> ''),
    status     TEXT NOT NULL DEFAULT 'queued' CONSTRAINT status_valid CHECK (status IN ('queued', 'sent', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0 CONSTRAINT attempts_valid CHECK (attempts >= 0),
    last_error TEXT NOT NULL DEFAULT '',
    sent_at    TIMESTAMPTZ,
    CONSTRAINT sent_at_valid CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);

-- +goose Down
DROP TABLE mail_outbox;
