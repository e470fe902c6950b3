-- The crawler's durable frontier: every URL known, its schedule, the
-- validators of its last fetch and a lease so several crawlers can share
-- it. Times are Unix milliseconds; next_fetch NULL means never again.

-- +goose Up
CREATE TABLE frontier (
    url           TEXT PRIMARY KEY,
    host          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('feed', 'sitemap', 'section', 'page')),
    source_id     TEXT NOT NULL DEFAULT '',
    next_fetch    INTEGER,
    interval_ms   INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    fetches       INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    last_fetched  INTEGER NOT NULL DEFAULT 0,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    hash          TEXT NOT NULL DEFAULT '',
    published     INTEGER NOT NULL DEFAULT 0,
    lease_owner   TEXT NOT NULL DEFAULT '',
    lease_until   INTEGER NOT NULL DEFAULT 0,
    added         INTEGER NOT NULL
) STRICT;
CREATE INDEX frontier_due ON frontier (next_fetch) WHERE next_fetch IS NOT NULL;
CREATE INDEX frontier_source ON frontier (source_id);

-- +goose Down
DROP TABLE frontier;
