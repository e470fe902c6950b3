-- Sampling lexemes for estimated totals and facets of large result sets
-- (see postgres/search.go, ExactMatchMax). An article is in the sample of
-- level k (1..8) when the first 32 bits of the MD5 of its ID are a
-- multiple of 4^k; its tsvector then holds the lexemes 'z:1' .. 'z:k'
-- (no positions), so "matches of q in the sample of level k" is one GIN
-- lookup: tsv @@ (q & 'z:k'). New rows get them from Go (newSearchDoc);
-- this rewrites the existing rows that belong to a sample (1 in 4).

-- +goose Up
UPDATE article_search s SET tsv = s.tsv || array_to_tsvector(ARRAY(
        SELECT 'z:' || k FROM generate_series(1, 8) AS k
        WHERE (('x' || substr(md5(s.article_id), 1, 8))::bit(32)::int & ((1 << (2 * k)) - 1)) = 0))
    WHERE (('x' || substr(md5(s.article_id), 1, 8))::bit(32)::int & 3) = 0;

-- +goose Down
UPDATE article_search SET tsv = ts_delete(tsv, ARRAY['z:1', 'z:2', 'z:3', 'z:4', 'z:5', 'z:6', 'z:7', 'z:8'])
    WHERE tsv @@ '''z:1'''::tsquery;
