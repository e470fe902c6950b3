-- Alerts (saved searches), the articles they matched (their Atom feeds)
-- and the durable outbox of webhook deliveries. Times are Unix
-- milliseconds.

-- +goose Up
CREATE TABLE alerts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,              -- marsad.Query as JSON
    webhook_url TEXT NOT NULL DEFAULT '',
    secret      TEXT NOT NULL DEFAULT '',
    created     INTEGER NOT NULL
) STRICT;

-- alerts_version changes with every put or delete of an alert, so
-- matchers in other processes know when to reload.
CREATE TABLE alerts_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO alerts_version (id, version) VALUES (1, 0);

CREATE TABLE alert_matches (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id   TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    published  TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    matched    INTEGER NOT NULL,
    UNIQUE (alert_id, article_id)
) STRICT;
CREATE INDEX alert_matches_feed ON alert_matches (alert_id, seq);

CREATE TABLE alert_outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id     TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    article_id   TEXT NOT NULL,
    url          TEXT NOT NULL,
    body         BLOB NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    last_error   TEXT NOT NULL DEFAULT '',
    lease_owner  TEXT NOT NULL DEFAULT '',
    lease_until  INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL,
    done         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt) WHERE state = 'pending';
CREATE INDEX alert_outbox_alert ON alert_outbox (alert_id, id);

-- +goose Down
DROP TABLE alert_outbox;
DROP TABLE alert_matches;
DROP TABLE alerts_version;
DROP TABLE alerts;
