-- The archive on PostgreSQL: the same tables as the embedded store
-- (sqlite/migrations), with PostgreSQL types. Every revision keeps the
-- whole Article as zstd-compressed JSON; the rows of the current revision
-- (entities, mentions, quotes, dates, events) serve lookups.
--
-- Writers that allocate change sequence numbers (PutArticles,
-- DeleteArticle) hold a transaction advisory lock, so seq grows in commit
-- order as ChangeSource requires.

-- +goose Up
CREATE TABLE sources (
    id        text PRIMARY KEY,
    name      text NOT NULL,
    home_url  text NOT NULL,
    language  text NOT NULL DEFAULT '',
    country   text NOT NULL DEFAULT '',
    category  text NOT NULL DEFAULT '',
    feeds     jsonb NOT NULL DEFAULT '[]',
    sitemaps  jsonb NOT NULL DEFAULT '[]',
    added     timestamptz NOT NULL
);

CREATE TABLE changes (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('put', 'delete')),
    at         timestamptz NOT NULL
);

CREATE TABLE articles (
    id            text PRIMARY KEY,
    url           text NOT NULL DEFAULT '',
    canonical_url text NOT NULL DEFAULT '',
    source        text NOT NULL DEFAULT '',
    credit        text NOT NULL DEFAULT '',
    language      text NOT NULL DEFAULT '',
    encoding      text NOT NULL DEFAULT '',
    title         text NOT NULL DEFAULT '',
    category      text NOT NULL DEFAULT '',
    published     text NOT NULL DEFAULT '',
    modified      text NOT NULL DEFAULT '',
    authors       jsonb NOT NULL DEFAULT '[]',
    image         text NOT NULL DEFAULT '',
    revision      integer NOT NULL,
    seq           bigint NOT NULL UNIQUE,
    hash          text NOT NULL,
    first_stored  timestamptz NOT NULL,
    last_stored   timestamptz NOT NULL
);
CREATE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_source_published ON articles (source, published);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE revisions (
    seq        bigint PRIMARY KEY,
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number     integer NOT NULL,
    hash       text NOT NULL,
    stored     timestamptz NOT NULL,
    doc        bytea NOT NULL,
    UNIQUE (article_id, number)
);

CREATE TABLE raw_pages (
    seq          bigint PRIMARY KEY REFERENCES revisions (seq) ON DELETE CASCADE,
    content_type text NOT NULL DEFAULT '',
    body         bytea,
    warc_file    text NOT NULL DEFAULT '',
    warc_offset  bigint NOT NULL DEFAULT 0,
    fetched      timestamptz
);

CREATE TABLE entities (
    key      text PRIMARY KEY,
    type     text NOT NULL DEFAULT '',
    name     text NOT NULL DEFAULT '',
    folded   text NOT NULL DEFAULT '',
    skeleton text NOT NULL DEFAULT '',
    added    bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX entities_folded ON entities (folded);
CREATE INDEX entities_skeleton ON entities (skeleton, type, added);

CREATE TABLE entity_aliases (
    key      text NOT NULL REFERENCES entities (key) ON DELETE CASCADE,
    alias    text NOT NULL,
    folded   text NOT NULL,
    skeleton text NOT NULL,
    count    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (key, alias)
);
CREATE INDEX entity_aliases_folded ON entity_aliases (folded);
CREATE INDEX entity_aliases_skeleton ON entity_aliases (skeleton);

CREATE TABLE entity_variants (
    variant text PRIMARY KEY,
    key     text NOT NULL REFERENCES entities (key) ON DELETE CASCADE
);
CREATE INDEX entity_variants_key ON entity_variants (key);

CREATE TABLE entity_roles (
    key    text NOT NULL REFERENCES entities (key) ON DELETE CASCADE,
    role   text NOT NULL,
    source text NOT NULL DEFAULT '',
    count  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (key, role, source)
);

CREATE TABLE article_entities (
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key        text NOT NULL REFERENCES entities (key) DEFERRABLE INITIALLY DEFERRED,
    name       text NOT NULL,
    type       text NOT NULL DEFAULT '',
    roles      jsonb NOT NULL DEFAULT '[]',
    mentions   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, key)
);
CREATE INDEX article_entities_key ON article_entities (key, article_id);

CREATE TABLE mentions (
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key        text NOT NULL,
    start      integer NOT NULL,
    "end"      integer NOT NULL,
    text       text NOT NULL,
    PRIMARY KEY (article_id, start, key)
);

CREATE TABLE quotes (
    article_id   text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n            integer NOT NULL,
    speaker      text NOT NULL DEFAULT '',
    speaker_type text NOT NULL DEFAULT '',
    text         text NOT NULL,
    kind         text NOT NULL DEFAULT '',
    start        integer NOT NULL,
    "end"        integer NOT NULL,
    PRIMARY KEY (article_id, n)
);
CREATE INDEX quotes_speaker ON quotes (speaker);

CREATE TABLE dates (
    article_id  text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n           integer NOT NULL,
    text        text NOT NULL,
    start       integer NOT NULL,
    "end"       integer NOT NULL,
    value       text NOT NULL DEFAULT '',
    granularity text NOT NULL DEFAULT '',
    until       text NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, n)
);
CREATE INDEX dates_value ON dates (value);

CREATE TABLE events (
    article_id   text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n            integer NOT NULL,
    type         text NOT NULL,
    participants jsonb NOT NULL DEFAULT '[]',
    place        text NOT NULL DEFAULT '',
    date         text NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, n)
);
CREATE INDEX events_date ON events (date);

CREATE TABLE stories (
    id    text PRIMARY KEY,
    title text NOT NULL DEFAULT '',
    first timestamptz,
    last  timestamptz
);
CREATE INDEX stories_last ON stories (last DESC NULLS LAST, id);

CREATE TABLE story_articles (
    article_id   text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id     text NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    duplicate_of text NOT NULL DEFAULT ''
);
CREATE INDEX story_articles_story ON story_articles (story_id);

CREATE TABLE ingest_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time       timestamptz NOT NULL,
    input      text NOT NULL,
    article_id text NOT NULL DEFAULT '',
    outcome    text NOT NULL DEFAULT '',
    error      text NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE ingest_log;
DROP TABLE story_articles;
DROP TABLE stories;
DROP TABLE events;
DROP TABLE dates;
DROP TABLE quotes;
DROP TABLE mentions;
DROP TABLE article_entities;
DROP TABLE entity_roles;
DROP TABLE entity_variants;
DROP TABLE entity_aliases;
DROP TABLE entities;
DROP TABLE raw_pages;
DROP TABLE revisions;
DROP TABLE articles;
DROP TABLE changes;
DROP TABLE sources;
