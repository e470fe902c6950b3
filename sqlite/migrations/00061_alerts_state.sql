-- alerts_state replaces alerts_version: one row holding the alerts'
-- version (changed with every put or delete of an alert, so matchers in
-- other processes know when to reload) and matched_seq, the store change
-- sequence number up to which stored articles were matched against the
-- alerts (-1: never started). Idempotent, so that an archive whose
-- 00060 already made alerts_state is left as it is.

-- +goose Up
CREATE TABLE IF NOT EXISTS alerts_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     INTEGER NOT NULL,
    matched_seq INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO alerts_state (id, version, matched_seq) VALUES (1, 0, -1);
DROP TABLE IF EXISTS alerts_version;

-- +goose Down
CREATE TABLE alerts_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO alerts_version (id, version) VALUES (1, 0);
DROP TABLE alerts_state;
