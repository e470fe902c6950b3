-- The crawler's shared frontier. Leases are per host: host_leases holds
-- the one worker fetching a host until lease_until; entries of a leased
-- host are not claimed by anyone else, so a host is fetched by one worker
-- at a time across all machines. next_fetch NULL means never again.

-- +goose Up
CREATE TABLE frontier (
    url           text PRIMARY KEY,
    host          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('feed', 'sitemap', 'section', 'page')),
    source_id     text NOT NULL DEFAULT '',
    next_fetch    timestamptz,
    interval_ms   bigint NOT NULL DEFAULT 0,
    attempts      integer NOT NULL DEFAULT 0,
    fetches       integer NOT NULL DEFAULT 0,
    last_status   integer NOT NULL DEFAULT 0,
    last_error    text NOT NULL DEFAULT '',
    last_fetched  timestamptz,
    etag          text NOT NULL DEFAULT '',
    last_modified text NOT NULL DEFAULT '',
    hash          text NOT NULL DEFAULT '',
    published     timestamptz,
    lease_owner   text NOT NULL DEFAULT '',
    lease_until   timestamptz,
    added         timestamptz NOT NULL
);
CREATE INDEX frontier_due ON frontier (next_fetch) WHERE next_fetch IS NOT NULL;
CREATE INDEX frontier_host_due ON frontier (host, next_fetch) WHERE next_fetch IS NOT NULL;
CREATE INDEX frontier_source ON frontier (source_id);

CREATE TABLE host_leases (
    host        text PRIMARY KEY,
    owner       text NOT NULL,
    lease_until timestamptz NOT NULL
);

-- cluster_state: how far the (single, elected) clustering step has read
-- the change log.
CREATE TABLE cluster_state (
    id       integer PRIMARY KEY CHECK (id = 1),
    last_seq bigint NOT NULL
);
INSERT INTO cluster_state (id, last_seq) VALUES (1, 0);

-- +goose Down
DROP TABLE cluster_state;
DROP TABLE host_leases;
DROP TABLE frontier;
