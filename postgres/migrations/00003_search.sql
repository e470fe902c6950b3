-- Search on PostgreSQL. tsv is built in Go from the tokens of
-- search/analysis (the analyzer of the embedded index) and cast directly
-- to tsvector, lexemes taken verbatim as the `simple` configuration would
-- keep them: "s:" + surface form at the word's position and "t:" + light
-- stem (and alternative stems); title words (weight A) before the text
-- (weight D) with a gap of 64 positions, so phrases never span both;
-- stems carry no positions (they are never matched as phrases).
-- The filter columns hold the folded values (search.FoldKeyword).

-- +goose Up
CREATE TABLE article_search (
    article_id  text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    tsv         tsvector NOT NULL,
    day         text COLLATE "C",
    pub         text COLLATE "C" NOT NULL,
    source      text NOT NULL DEFAULT '',
    source_k    text NOT NULL DEFAULT '',
    category    text NOT NULL DEFAULT '',
    category_k  text NOT NULL DEFAULT '',
    lang        text NOT NULL DEFAULT '',
    entity_keys text[] NOT NULL DEFAULT '{}',
    entity_k    text[] NOT NULL DEFAULT '{}'
);
-- tsv is read whole by every ranked match: keep it uncompressed (out of
-- line when large) so reading it costs no decompression.
ALTER TABLE article_search ALTER COLUMN tsv SET STORAGE EXTERNAL;
CREATE INDEX article_search_tsv ON article_search USING gin (tsv);
CREATE INDEX article_search_entity_k ON article_search USING gin (entity_k);
CREATE INDEX article_search_pub ON article_search (pub DESC, article_id DESC);
CREATE INDEX article_search_day ON article_search (day);
CREATE INDEX article_search_source_k ON article_search (source_k);

-- +goose Down
DROP TABLE article_search;
