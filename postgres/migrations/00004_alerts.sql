-- Alerts (saved searches), the articles they matched (their Atom feeds)
-- and the durable outbox of webhook deliveries: the tables of the
-- embedded store (sqlite/migrations/00060_alerts.sql and
-- 00061_alerts_state.sql), with PostgreSQL types.
--
-- alerts_state is one row: version changes with every put or delete of an
-- alert, so matchers in other processes know when to reload; matched_seq
-- is the change sequence number up to which stored articles were matched
-- against the alerts (-1: never started).

-- +goose Up
CREATE TABLE alerts (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    query       jsonb NOT NULL,             -- marsad.Query
    webhook_url text NOT NULL DEFAULT '',
    secret      text NOT NULL DEFAULT '',
    created     timestamptz NOT NULL
);

CREATE TABLE alerts_state (
    id          integer PRIMARY KEY CHECK (id = 1),
    version     bigint NOT NULL,
    matched_seq bigint NOT NULL
);
INSERT INTO alerts_state (id, version, matched_seq) VALUES (1, 0, -1);

CREATE TABLE alert_matches (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id   text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    article_id text NOT NULL,
    url        text NOT NULL DEFAULT '',
    title      text NOT NULL DEFAULT '',
    source     text NOT NULL DEFAULT '',
    published  text NOT NULL DEFAULT '',
    summary    text NOT NULL DEFAULT '',
    matched    timestamptz NOT NULL,
    UNIQUE (alert_id, article_id)
);
CREATE INDEX alert_matches_feed ON alert_matches (alert_id, seq);

CREATE TABLE alert_outbox (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id     text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    article_id   text NOT NULL,
    url          text NOT NULL,
    body         bytea NOT NULL,
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts     integer NOT NULL DEFAULT 0,
    next_attempt timestamptz NOT NULL,
    last_error   text NOT NULL DEFAULT '',
    lease_owner  text NOT NULL DEFAULT '',
    lease_until  timestamptz NOT NULL DEFAULT '-infinity',
    created      timestamptz NOT NULL,
    done         timestamptz
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt, id) WHERE state = 'pending';
CREATE INDEX alert_outbox_alert ON alert_outbox (alert_id, id);

-- +goose Down
DROP TABLE alert_outbox;
DROP TABLE alert_matches;
DROP TABLE alerts_state;
DROP TABLE alerts;
