-- The first tables: the operator's settings and the two logs. SQLite twin of
-- migrations/postgres/00001_init.sql; keep the two alike (see dialect.go).
-- Tables are STRICT; times are TEXT in UTC "2006-01-02T15:04:05.000000Z".
-- A CHECK constraint named <column>_valid guards <column> (errors.go names the
-- column from it).

-- +goose Up
CREATE TABLE settings (
    key        TEXT PRIMARY KEY CONSTRAINT key_valid CHECK (key <> ''),
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Who did what: one row per action of an admin, a client, an API key or the
-- system, written in the same transaction as the change it records.
CREATE TABLE activity_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL,
    actor_kind  TEXT NOT NULL CONSTRAINT actor_kind_valid CHECK (actor_kind IN ('admin', 'client', 'system', 'api_key')),
    actor_id    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL CONSTRAINT action_valid CHECK (action <> ''),
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '{}' CONSTRAINT details_valid CHECK (json_valid(details)),
    remote_ip   TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX activity_log_created ON activity_log (created_at);
CREATE INDEX activity_log_actor ON activity_log (actor_kind, actor_id, id);
CREATE INDEX activity_log_object ON activity_log (object_type, object_id, id);

-- Every call to a registrar's API. parameters is masked text ("KEY = VALUE" lines,
-- ispapi.Command.Plain()); code 0 means no response came.
CREATE TABLE module_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL,
    registrar   TEXT NOT NULL CONSTRAINT registrar_valid CHECK (registrar <> ''),
    command     TEXT NOT NULL CONSTRAINT command_valid CHECK (command <> ''),
    parameters  TEXT NOT NULL DEFAULT '',
    code        INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    runtime_ms  INTEGER NOT NULL DEFAULT 0 CONSTRAINT runtime_ms_valid CHECK (runtime_ms >= 0),
    duration_ms INTEGER NOT NULL DEFAULT 0 CONSTRAINT duration_ms_valid CHECK (duration_ms >= 0),
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX module_log_created ON module_log (created_at);
CREATE INDEX module_log_object ON module_log (object_type, object_id, id);
CREATE INDEX module_log_command ON module_log (command, id);

-- +goose Down
DROP TABLE module_log;
DROP TABLE activity_log;
DROP TABLE settings;
