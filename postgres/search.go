package postgres

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/internal/clip"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/search/analysis"
)

// Limits of the PostgreSQL search, beside those of package search (query
// size, clauses, filter values, page size), which apply unchanged.
const (
	// maxPosition is the largest word position a tsvector holds
	// (PostgreSQL's limit): words after it are found as words but phrases
	// there are matched at the clamped position, i.e. only by chance.
	maxPosition = 16383
	// maxPositions is the number of positions kept per lexeme
	// (PostgreSQL keeps 256); a phrase whose words occur only past the
	// 255th occurrence of a very common word may be missed.
	maxPositions = 255
	// titleGap separates title positions from text positions, as in the
	// embedded index, so no phrase spans both.
	titleGap = 64
	// maxKeywordBytes is the longest source, category or entity value
	// indexed (as in the embedded index).
	maxKeywordBytes = 256
)

// searchDoc is the row of article_search for one article.
type searchDoc struct {
	tsv        string
	day        *string
	pub        string
	source     string
	sourceK    string
	category   string
	categoryK  string
	lang       string
	entityKeys []string
	entityK    []string
}

// lexeme prefixes: surface forms and stems are distinct lexemes.
const (
	lexSurface = "s:"
	lexStem    = "t:"
)

// newSearchDoc analyzes a with the embedded index's analyzer
// (search/analysis) and builds its tsvector and filter values.
func newSearchDoc(a *marsad.Article) searchDoc {
	mode := analysis.ModeFor(a.Language)
	tt := analysis.Analyze(clip.Bytes(a.Title, search.MaxTitleBytes), mode)
	bt := analysis.Analyze(clip.Bytes(a.Text, search.MaxTextBytes), mode)
	type posting struct{ pos []int }
	lex := map[string]*posting{}
	add := func(term string, pos int) {
		if pos > maxPosition {
			pos = maxPosition
		}
		p := lex[term]
		if p == nil {
			p = &posting{}
			lex[term] = p
		}
		if n := len(p.pos); n < maxPositions && (n == 0 || p.pos[n-1] != pos) {
			p.pos = append(p.pos, pos)
		}
	}
	titleAt := map[string]map[int]bool{}
	stems := map[string]bool{}
	emit := func(toks []analysis.Token, offset int, title bool) {
		for _, t := range toks {
			pos := t.Position + offset
			term := lexSurface + t.Surface
			add(term, pos)
			if title {
				if titleAt[term] == nil {
					titleAt[term] = map[int]bool{}
				}
				titleAt[term][min(pos, maxPosition)] = true
			}
			// Stems are never matched as phrases (as in the embedded
			// index): no positions, a smaller tsvector.
			stems[lexStem+t.Stem] = true
			for _, a := range t.Alts {
				stems[lexStem+a] = true
			}
		}
	}
	emit(tt, 0, true)
	emit(bt, len(tt)+titleGap, false)
	terms := make([]string, 0, len(lex)+len(stems))
	for t := range lex {
		terms = append(terms, t)
	}
	for t := range stems {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	var b strings.Builder
	for _, t := range terms {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(t))
		p := lex[t]
		if p == nil {
			continue
		}
		b.WriteByte(':')
		for i, p := range p.pos {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
			if titleAt[t][p] {
				b.WriteByte('A')
			}
		}
	}
	d := searchDoc{tsv: b.String()}
	day, pub := search.DateKeys(a.Published)
	if day != "" {
		d.day = &day
	}
	d.pub = pub
	d.source = strings.TrimSpace(clip.Bytes(a.Source, maxKeywordBytes))
	d.sourceK = search.FoldKeyword(d.source)
	d.category = strings.TrimSpace(clip.Bytes(a.Category, maxKeywordBytes))
	d.categoryK = search.FoldKeyword(d.category)
	d.lang = search.FoldKeyword(a.Language)
	seenKey, seenK := map[string]bool{}, map[string]bool{}
	d.entityKeys, d.entityK = []string{}, []string{}
	for _, e := range a.Entities {
		if k := strings.TrimSpace(clip.Bytes(e.Key, maxKeywordBytes)); k != "" && !seenKey[k] {
			seenKey[k] = true
			d.entityKeys = append(d.entityKeys, k)
		}
		for _, v := range []string{e.Key, e.Name} {
			if f := search.FoldKeyword(strings.TrimSpace(clip.Bytes(v, maxKeywordBytes))); f != "" && !seenK[f] {
				seenK[f] = true
				d.entityK = append(d.entityK, f)
			}
		}
	}
	return d
}

func prefixAll(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// quoteLexeme quotes a lexeme for tsvector and tsquery input.
func quoteLexeme(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func (d *searchDoc) write(ctx context.Context, tx pgx.Tx, id string) error {
	_, err := tx.Exec(ctx, `INSERT INTO article_search (article_id, tsv, day, pub, source, source_k, category, category_k, lang, entity_keys, entity_k)
		VALUES ($1, $2::tsvector, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (article_id) DO UPDATE SET tsv = excluded.tsv, day = excluded.day, pub = excluded.pub,
			source = excluded.source, source_k = excluded.source_k, category = excluded.category,
			category_k = excluded.category_k, lang = excluded.lang, entity_keys = excluded.entity_keys,
			entity_k = excluded.entity_k`,
		id, d.tsv, d.day, d.pub, d.source, d.sourceK, d.category, d.categoryK, d.lang, d.entityKeys, d.entityK)
	return err
}

// ranking holds the tsqueries whose ts_rank make up a relevance score, as
// the boosts of the embedded index do: the words (surface or stem; a
// surface match scores both), adjacent pairs of the words as written, and
// the words as written in the title.
type ranking struct {
	words, pairs, title string
}

// Rank weights (the embedded index's boosts: phrases 4, title 3).
const (
	rankPairs = 4.0
	rankTitle = 3.0
)

// tsQueries builds the matching tsquery (empty: match all) and the ranking
// tsqueries of parsed clauses, with the semantics of the embedded index: a
// word matches its surface form or its stem (alternative stems included);
// a quoted phrase matches adjacent surface forms; a word the tokenizer
// splits matches its parts adjacent by surface form, or all its parts by
// stem; "-" excludes;
// bare stop words do not filter when the query has other words.
func tsQueries(clauses []search.Clause) (match string, rank ranking) {
	content := false
	for _, c := range clauses {
		if !c.Negate && !isStopClause(c) {
			content = true
		}
	}
	surface := func(t analysis.Token) string { return t.Surface }
	var must, mustNot, words []string
	var loose []analysis.Token
	for _, c := range clauses {
		var q string
		switch {
		case c.Phrase:
			q = phrase(lexSurface, c.Words, surface, "")
		case len(c.Words) == 1:
			q = "(" + quoteLexeme(lexSurface+c.Words[0].Surface) + " | " + quoteLexeme(lexStem+c.Words[0].Stem) + ")"
		default:
			// A word the tokenizer split: its parts in order by surface
			// form, or all of them by stem.
			stems := make([]string, len(c.Words))
			for i, w := range c.Words {
				stems[i] = quoteLexeme(lexStem + w.Stem)
			}
			q = "(" + phrase(lexSurface, c.Words, surface, "") + " | (" + strings.Join(stems, " & ") + "))"
		}
		if c.Negate {
			mustNot = append(mustNot, "!"+q)
			continue
		}
		words = append(words, q)
		if !c.Phrase {
			loose = append(loose, c.Words...)
		}
		if content && isStopClause(c) {
			continue
		}
		must = append(must, q)
	}
	if len(loose) > search.MaxPhraseWords {
		loose = loose[:search.MaxPhraseWords]
	}
	match = strings.Join(append(must, mustNot...), " & ")
	rank.words = strings.Join(words, " | ")
	var pairs []string
	for i := 1; i < len(loose); i++ {
		pairs = append(pairs, phrase(lexSurface, loose[i-1:i+1], surface, ""))
	}
	rank.pairs = strings.Join(pairs, " | ")
	if len(loose) > 0 {
		rank.title = phrase(lexSurface, loose, surface, "A")
	}
	return match, rank
}

// phrase is the tsquery of words adjacent in order; weight, when not
// empty, restricts them to positions of that weight ("A": the title).
func phrase(prefix string, words []analysis.Token, form func(analysis.Token) string, weight string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = quoteLexeme(prefix + form(w))
		if weight != "" {
			parts[i] += ":" + weight
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " <-> ") + ")"
}

func isStopClause(c search.Clause) bool {
	return !c.Phrase && len(c.Words) == 1 && arabic.IsStopWord(c.Words[0].Surface)
}

// Search implements marsad.Searcher with the syntax, filters, facets,
// limits and cursors of the embedded index (package search); matching is
// identical, ranking is PostgreSQL's ts_rank (title words weigh more,
// surface matches count twice), so the order of equally relevant articles
// may differ. Facets are computed for the first page only.
func (s *Store) Search(ctx context.Context, q marsad.Query) (*marsad.SearchResults, error) {
	clauses, err := search.ParseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	hasPositive := false
	for _, c := range clauses {
		if !c.Negate {
			hasPositive = true
		}
	}
	sortNew := false
	switch strings.ToLower(strings.TrimSpace(q.Sort)) {
	case "":
		sortNew = !hasPositive
	case marsad.SortRelevance:
	case marsad.SortNew, "newest", "date":
		sortNew = true
	default:
		return nil, fmt.Errorf("%w: sort %q (want %q or %q)", search.ErrInvalidQuery, q.Sort, marsad.SortRelevance, marsad.SortNew)
	}
	limit := q.Limit
	switch {
	case limit < 0:
		return nil, fmt.Errorf("%w: negative limit %d", search.ErrInvalidQuery, limit)
	case limit == 0:
		limit = search.DefaultLimit
	case limit > search.MaxLimit:
		limit = search.MaxLimit
	}
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	match, rank := tsQueries(clauses)
	if match != "" {
		where = append(where, "s.tsv @@ "+arg(match)+"::tsquery")
	}
	if err := filters(q, &where, arg); err != nil {
		return nil, err
	}
	cond := "TRUE"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}

	fp := search.Fingerprint(q, sortNew)
	var cur search.Cursor
	if q.Cursor != "" {
		if cur, err = search.DecodeCursor(q.Cursor, fp, sortNew); err != nil {
			return nil, err
		}
	}

	out := &marsad.SearchResults{Results: []marsad.SearchHit{}, Facets: map[string][]marsad.FacetValue{}}
	for _, f := range []string{marsad.FacetSource, marsad.FacetCategory, marsad.FacetEntity} {
		out.Facets[f] = []marsad.FacetValue{}
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))

	if q.Cursor == "" {
		// First page: the total and the facets in one pass.
		if err := facets(ctx, tx, cond, args, out); err != nil {
			return nil, fmt.Errorf("search %q: %w", clip.Bytes(q.Text, 100), err)
		}
	} else if err := tx.QueryRow(ctx, `SELECT count(*) FROM article_search s WHERE `+cond, args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("search %q: %w", clip.Bytes(q.Text, 100), err)
	}

	pageArgs := append([]any(nil), args...)
	parg := func(v any) string {
		pageArgs = append(pageArgs, v)
		return "$" + strconv.Itoa(len(pageArgs))
	}
	score := "0::float8"
	if rank.words != "" && !sortNew {
		parts := []string{"ts_rank('{1,1,1,1}', s.tsv, " + parg(rank.words) + "::tsquery)"}
		if rank.pairs != "" {
			parts = append(parts, strconv.FormatFloat(rankPairs, 'f', -1, 64)+" * ts_rank('{1,1,1,1}', s.tsv, "+parg(rank.pairs)+"::tsquery)")
		}
		if rank.title != "" {
			parts = append(parts, strconv.FormatFloat(rankTitle, 'f', -1, 64)+" * ts_rank('{1,1,1,1}', s.tsv, "+parg(rank.title)+"::tsquery)")
		}
		score = "(" + strings.Join(parts, " + ") + ")::float8"
	}
	var order, after string
	offset := 0
	if sortNew {
		order = `s.pub DESC, s.article_id COLLATE "C" DESC`
		if cur.After != "" {
			pub, id, _ := strings.Cut(cur.After, "\x00")
			after = " AND (s.pub, s.article_id COLLATE \"C\") < (" + parg(pub) + ", " + parg(id) + " COLLATE \"C\")"
		}
	} else {
		order = `score DESC, s.article_id COLLATE "C"`
		offset = cur.Offset
	}
	from, pageCond := "article_search s", cond+after
	if sortNew && match != "" {
		// Find the matches through the GIN index first: walking the date
		// index and testing every article is what the planner would
		// otherwise pick for a rare word, at the cost of the whole table.
		from, pageCond = "(SELECT * FROM article_search s WHERE "+cond+" OFFSET 0) s", "TRUE"+after
	}
	rows, err := tx.Query(ctx, `SELECT s.article_id, a.url, a.title, s.source, a.published, s.pub, `+score+` AS score, r.doc
		FROM `+from+` JOIN articles a ON a.id = s.article_id JOIN revisions r ON r.seq = a.seq
		WHERE `+pageCond+` ORDER BY `+order+` LIMIT `+parg(limit+1)+` OFFSET `+parg(offset), pageArgs...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", clip.Bytes(q.Text, 100), err)
	}
	type hit struct {
		marsad.SearchHit
		pub string
		doc []byte
	}
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (hit, error) {
		var h hit
		err := row.Scan(&h.ID, &h.URL, &h.Title, &h.Source, &h.Published, &h.pub, &h.Score, &h.doc)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", clip.Bytes(q.Text, 100), err)
	}
	for i, h := range hits {
		if i == limit {
			next := search.Cursor{V: 1, Query: fp}
			if sortNew {
				last := hits[limit-1]
				next.After = last.pub + "\x00" + last.ID
			} else {
				next.Offset = cur.Offset + limit
				if next.Offset >= search.MaxOffset {
					break
				}
			}
			out.NextCursor = next.Encode()
			break
		}
		text := ""
		if a, err := s.decodeArticle(h.doc); err == nil {
			text = a.Text
		}
		h.Title = clip.Bytes(h.Title, search.MaxTitleBytes)
		h.Snippet = search.Snippet(clauses, clip.Bytes(text, search.MaxTextBytes))
		out.Results = append(out.Results, h.SearchHit)
	}
	return out, nil
}

// filters adds the non-scoring restrictions of q.
func filters(q marsad.Query, where *[]string, arg func(any) string) error {
	from, to := strings.TrimSpace(q.From), strings.TrimSpace(q.To)
	for _, d := range []string{from, to} {
		if d == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return fmt.Errorf("%w: date %q (want YYYY-MM-DD)", search.ErrInvalidQuery, d)
		}
	}
	if from != "" && to != "" && from > to {
		return fmt.Errorf("%w: from %s is after to %s", search.ErrInvalidQuery, from, to)
	}
	if from != "" || to != "" {
		*where = append(*where, "s.day IS NOT NULL")
	}
	if from != "" {
		*where = append(*where, "s.day >= "+arg(from))
	}
	if to != "" {
		*where = append(*where, "s.day <= "+arg(to))
	}
	for _, f := range []struct {
		name, column string
		values       []string
		array        bool
	}{
		{"source", "s.source_k", q.Sources, false},
		{"category", "s.category_k", q.Categories, false},
		{"language", "s.lang", q.Languages, false},
		{"entity", "s.entity_k", q.Entities, true},
	} {
		if len(f.values) > search.MaxFilterValues {
			return fmt.Errorf("%w: %d %s values (limit %d)", search.ErrInvalidQuery, len(f.values), f.name, search.MaxFilterValues)
		}
		var vals []string
		for _, v := range f.values {
			if k := search.FoldKeyword(clip.Bytes(v, maxKeywordBytes)); k != "" {
				vals = append(vals, k)
			}
		}
		if len(vals) == 0 {
			continue
		}
		if f.array {
			*where = append(*where, f.column+" && "+arg(vals)+"::text[]")
		} else {
			*where = append(*where, f.column+" = ANY("+arg(vals)+"::text[])")
		}
	}
	return nil
}

// facets counts the matching articles (out.Total) and their facets: by
// source, category and entity key, the search.FacetSize most frequent
// values of each.
func facets(ctx context.Context, tx pgx.Tx, cond string, args []any, out *marsad.SearchResults) error {
	n := strconv.Itoa(search.FacetSize)
	rows, err := tx.Query(ctx, `WITH m AS MATERIALIZED (SELECT s.source, s.category, s.entity_keys FROM article_search s WHERE `+cond+`)
		(SELECT 'total', '', count(*) FROM m)
		UNION ALL
		(SELECT 'source', source, count(*) FROM m WHERE source <> '' GROUP BY source ORDER BY count(*) DESC, source COLLATE "C" LIMIT `+n+`)
		UNION ALL
		(SELECT 'category', category, count(*) FROM m WHERE category <> '' GROUP BY category ORDER BY count(*) DESC, category COLLATE "C" LIMIT `+n+`)
		UNION ALL
		(SELECT 'entity', k, count(*) FROM m, unnest(m.entity_keys) AS k GROUP BY k ORDER BY count(*) DESC, k COLLATE "C" LIMIT `+n+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name, v string
		var c int
		if err := rows.Scan(&name, &v, &c); err != nil {
			return err
		}
		if name == "total" {
			out.Total = c
			continue
		}
		out.Facets[name] = append(out.Facets[name], marsad.FacetValue{Value: v, Count: c})
	}
	return rows.Err()
}

// collapse folds each run of white space in s into one space.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
