-- The first schema of the embedded archive. Articles keep their scalar
-- fields as columns (for filters and listings) and every revision keeps the
-- whole Article as zstd-compressed JSON (the exact record the API returns).
-- Entities, mentions, quotes, dates and events of the current revision are
-- rows, so "all articles naming X" or "all quotes of Y" are index lookups.

-- +goose Up
CREATE TABLE sources (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    home_url  TEXT NOT NULL,
    language  TEXT NOT NULL DEFAULT '',
    country   TEXT NOT NULL DEFAULT '',
    category  TEXT NOT NULL DEFAULT '',
    feeds     TEXT NOT NULL DEFAULT '[]',
    sitemaps  TEXT NOT NULL DEFAULT '[]',
    added     TEXT NOT NULL
) STRICT;

-- changes is the store's change log: one row per stored revision or
-- deletion. seq never repeats (AUTOINCREMENT) and grows in commit order
-- (writers take the lock at BEGIN), so a derived index can remember the
-- last seq it applied and catch up from there.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('put', 'delete')),
    at         TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    url           TEXT NOT NULL DEFAULT '',
    canonical_url TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    credit        TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    encoding      TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    published     TEXT NOT NULL DEFAULT '',
    modified      TEXT NOT NULL DEFAULT '',
    authors       TEXT NOT NULL DEFAULT '[]',
    image         TEXT NOT NULL DEFAULT '',
    revision      INTEGER NOT NULL,
    seq           INTEGER NOT NULL UNIQUE,
    hash          TEXT NOT NULL,
    first_stored  TEXT NOT NULL,
    last_stored   TEXT NOT NULL
) STRICT;
CREATE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_source_published ON articles (source, published);
CREATE INDEX articles_published ON articles (published);

-- revisions keeps every version of an article; doc is the zstd-compressed
-- JSON of the whole Article as stored. seq is the rowid: Changes reads
-- revisions by seq.
CREATE TABLE revisions (
    seq        INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    stored     TEXT NOT NULL,
    doc        BLOB NOT NULL,
    UNIQUE (article_id, number)
) STRICT;

-- raw_pages keeps the page a revision came from: zstd-compressed body, or
-- a pointer to a WARC record (file relative to the data folder's warc/).
CREATE TABLE raw_pages (
    seq          INTEGER PRIMARY KEY REFERENCES revisions (seq) ON DELETE CASCADE,
    content_type TEXT NOT NULL DEFAULT '',
    body         BLOB,
    warc_file    TEXT NOT NULL DEFAULT '',
    warc_offset  INTEGER NOT NULL DEFAULT 0,
    fetched      TEXT NOT NULL DEFAULT ''
) STRICT;

-- The entity registry across articles. folded is the key/name folded for
-- lookups (diacritics, alef forms, ta marbuta, alef maqsura); skeleton
-- additionally drops inner long vowels so spelling variants such as
-- زاخاروفا/زخاروفا meet.
CREATE TABLE entities (
    key      TEXT PRIMARY KEY,
    type     TEXT NOT NULL DEFAULT '',
    name     TEXT NOT NULL DEFAULT '',
    folded   TEXT NOT NULL DEFAULT '',
    skeleton TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX entities_folded ON entities (folded);
CREATE INDEX entities_skeleton ON entities (skeleton);

CREATE TABLE entity_aliases (
    key      TEXT NOT NULL REFERENCES entities (key) ON DELETE CASCADE,
    alias    TEXT NOT NULL,
    folded   TEXT NOT NULL,
    skeleton TEXT NOT NULL,
    count    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, alias)
) STRICT, WITHOUT ROWID;
CREATE INDEX entity_aliases_folded ON entity_aliases (folded);
CREATE INDEX entity_aliases_skeleton ON entity_aliases (skeleton);

-- entity_variants maps the keys the analyzer gave to spelling variants of
-- one name (ماريا زاخاروفا / ماريا زخاروفا: same type, several words, same
-- consonant skeleton) to the registry key first seen for it.
CREATE TABLE entity_variants (
    variant TEXT PRIMARY KEY,
    key     TEXT NOT NULL REFERENCES entities (key) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX entity_variants_key ON entity_variants (key);

-- entity_roles: the titles seen with an entity, per outlet.
CREATE TABLE entity_roles (
    key    TEXT NOT NULL REFERENCES entities (key) ON DELETE CASCADE,
    role   TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    count  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, role, source)
) STRICT, WITHOUT ROWID;

-- article_entities: which entities the current revision of an article
-- names (the lookup "all articles naming X" uses the key index). The
-- registry rows are written at the end of each transaction, hence the
-- deferred foreign key.
CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key        TEXT NOT NULL REFERENCES entities (key) DEFERRABLE INITIALLY DEFERRED,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL DEFAULT '',
    roles      TEXT NOT NULL DEFAULT '[]',
    mentions   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_entities_key ON article_entities (key, article_id);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (article_id, start, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE quotes (
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n            INTEGER NOT NULL,
    speaker      TEXT NOT NULL DEFAULT '',
    speaker_type TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT '',
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    PRIMARY KEY (article_id, n)
) STRICT, WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes (speaker);

CREATE TABLE dates (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    value       TEXT NOT NULL DEFAULT '',
    granularity TEXT NOT NULL DEFAULT '',
    until       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, n)
) STRICT, WITHOUT ROWID;
CREATE INDEX dates_value ON dates (value);

CREATE TABLE events (
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n            INTEGER NOT NULL,
    type         TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '[]',
    place        TEXT NOT NULL DEFAULT '',
    date         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, n)
) STRICT, WITHOUT ROWID;
CREATE INDEX events_date ON events (date);

CREATE TABLE stories (
    id    TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    first TEXT NOT NULL DEFAULT '',
    last  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX stories_last ON stories (last);

-- story_articles: an article belongs to at most one story.
CREATE TABLE story_articles (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id     TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX story_articles_story ON story_articles (story_id);

CREATE TABLE ingest_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    time       TEXT NOT NULL,
    input      TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL DEFAULT '',
    error      TEXT NOT NULL DEFAULT ''
) STRICT;

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
