package postgres

import (
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/json"
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

// lexeme prefixes: surface forms, stems and sampling levels are distinct
// lexemes (query words are always prefixed "s:" or "t:", so no word
// matches a sampling lexeme).
const (
	lexSurface = "s:"
	lexStem    = "t:"
	lexSample  = "z:"
)

// maxSampleLevel is the deepest sampling level: the sample of level k
// holds about 1 article in 4^k.
const maxSampleLevel = 8

// sampleLevelOf is the deepest sampling level whose sample holds the
// article with this ID: the sample of level k is the articles whose
// sampleHash is a multiple of 4^k, so the sample of level k+1 is a subset
// of that of level k. Migration 00005 computes the same in SQL.
func sampleLevelOf(id string) int {
	h := sampleHash(id)
	k := 0
	for k < maxSampleLevel && h&(1<<(2*(k+1))-1) == 0 {
		k++
	}
	return k
}

// sampleHash is the first 4 bytes of the MD5 of an article ID, big-endian
// (SQL: ('x' || substr(md5(id), 1, 8))::bit(32)::int).
func sampleHash(id string) uint32 {
	sum := md5.Sum([]byte(id))
	return binary.BigEndian.Uint32(sum[:4])
}

// sampleLexeme is the lexeme of the articles in the sample of level k.
func sampleLexeme(k int) string { return lexSample + strconv.Itoa(k) }

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
	for k := 1; k <= sampleLevelOf(a.ID); k++ {
		stems[sampleLexeme(k)] = true
	}
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

// Bounds of the work of one search. Matching is always exact: every
// matching article is found and none other; what the bounds limit is how
// many matches are counted, read for facets and ranked.
const (
	// ExactMatchMax is the largest number of matching articles whose total
	// and facets are exact. Above it, Total and the facet counts are
	// estimates, as the embedded index's facets are (search.ExactFacetMax,
	// the same bound): the counts among the matching articles of a fixed
	// sample of 1 in 4^k (by the MD5 of the ID; k chosen from the
	// planner's estimate so that the sample holds at most ExactMatchMax
	// matches, usually 3/16 to 3/4 of it), times 4^k;
	// facet counts are capped at the total and Total is at least
	// ExactMatchMax+1. The sample depends on the IDs only, so a query gives
	// the same estimates every time on the same archive. An estimate is off
	// by about 100/sqrt(count/4^k) percent; facet values too rare to be in
	// the sample are missing.
	ExactMatchMax = 5000
	// RankWindow bounds relevance ranking. When more articles match, they
	// are ranked in windows of publication time: the RankWindow most recent
	// matches (about that many above ExactMatchMax: the window's start is
	// taken from the sample) come first, ranked by relevance, then the next
	// window, and so on; within a window the order is ts_rank's. Up to
	// RankWindow matches, every match is ranked against every other.
	RankWindow = 1000
)

// walkShare is the estimated share of the archive matching above which
// a newest-first page walks the publication-time index, testing each
// article in turn (about limit/walkShare tested), rather than finding the
// matches through the GIN index.
const walkShare = 0.01

// bounds are the limits of one search (the constants above; tests use
// smaller ones).
type bounds struct {
	exact, window int
}

// Search implements marsad.Searcher with the syntax, filters, facets,
// limits and cursors of the embedded index (package search); matching is
// identical, ranking is PostgreSQL's ts_rank (title words weigh more,
// surface matches count twice), so the order of equally relevant articles
// may differ. Facets are computed for the first page only.
//
// Large result sets: Total and facets are exact up to ExactMatchMax
// matches and estimated from a sample above it; relevance order ranks
// windows of RankWindow recent matches (see RankWindow); newest-first
// pages walk the publication-time index when the matches are a large
// share of the archive, and otherwise read the matches of a recent
// window (its start taken from the sample). Up to ExactMatchMax matches,
// the pages look the matches up by ID rather than testing the query again.
// The number of matches read is therefore bounded by these constants, not
// by the number of matches: about ExactMatchMax read for counting and
// RankWindow ranked per window reached (pages deeper than the first
// window rank one more window each). Phrases cost more: the GIN index
// finds the articles holding all the words of a phrase, and adjacency is
// checked by reading each of their tsvectors (within the sample or the
// window read).
func (s *Store) Search(ctx context.Context, q marsad.Query) (*marsad.SearchResults, error) {
	return s.search(ctx, q, bounds{exact: ExactMatchMax, window: RankWindow})
}

func (s *Store) search(ctx context.Context, q marsad.Query, bd bounds) (*marsad.SearchResults, error) {
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
	fail := func(err error) error { return fmt.Errorf("search %q: %w", clip.Bytes(q.Text, 100), err) }
	if match != "" {
		// Testing a text query row by row reads every tsvector: always
		// find the matches through the GIN index.
		if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return nil, fail(err)
		}
	}

	sm, err := sampleMatches(ctx, tx, cond, args, bd.exact)
	if err != nil {
		return nil, fail(err)
	}
	out.Total = sm.total()
	if q.Cursor == "" {
		sm.facets(out)
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
	base := len(pageArgs)
	walk := false // newest first through the publication-time index
	// page runs the page query; window is the oldest publication key
	// read ("": all) and tiers the start of each ranking window, newest
	// first (relevance order with many matches).
	page := func(window string, tiers []string) ([]hit, error) {
		pageArgs = pageArgs[:base]
		var order, after string
		offset := 0
		if sortNew {
			order = `s.pub DESC, s.article_id COLLATE "C" DESC`
			if cur.After != "" {
				pub, id, _ := strings.Cut(cur.After, "\x00")
				p := parg(pub)
				after = " AND s.pub <= " + p + " AND (s.pub, s.article_id COLLATE \"C\") < (" + p + ", " + parg(id) + " COLLATE \"C\")"
			}
		} else {
			order = `score DESC, s.article_id COLLATE "C"`
			if len(tiers) > 0 {
				var b strings.Builder
				b.WriteString("CASE")
				for i, t := range tiers {
					fmt.Fprintf(&b, " WHEN s.pub >= %s THEN %d", parg(t), i)
				}
				fmt.Fprintf(&b, " ELSE %d END, ", len(tiers))
				order = b.String() + order
			}
			offset = cur.Offset
		}
		c := cond
		if sm.level == 0 && match != "" {
			// Every match is known: look them up by ID rather than
			// test the query again (a phrase rereads every tsvector
			// holding its words).
			c = "s.article_id = ANY(" + parg(sm.ids()) + "::text[])" + typed(args)
		}
		if window != "" {
			c += " AND s.pub >= " + parg(window)
		}
		from, pageCond := "article_search s", c+after
		if sortNew && match != "" && !walk {
			// Find the matches through the GIN index (and the window
			// through the date index) first: walking the date index and
			// testing every article is what the planner would otherwise
			// pick for a rare word, at the cost of the whole table.
			from, pageCond = "(SELECT * FROM article_search s WHERE "+c+" OFFSET 0) s", "TRUE"+after
		}
		sql := `SELECT s.article_id, a.url, a.title, s.source, a.published, s.pub, ` + score + ` AS score, r.doc
			FROM ` + from + ` JOIN articles a ON a.id = s.article_id JOIN revisions r ON r.seq = a.seq
			WHERE ` + pageCond + ` ORDER BY ` + order + ` LIMIT ` + parg(limit+1) + ` OFFSET ` + parg(offset)
		rows, err := tx.Query(ctx, sql, pageArgs...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(row pgx.CollectableRow) (hit, error) {
			var h hit
			err := row.Scan(&h.ID, &h.URL, &h.Title, &h.Source, &h.Published, &h.pub, &h.Score, &h.doc)
			return h, err
		})
	}
	var hits []hit
	switch {
	case sortNew && match != "" && sm.share() >= walkShare:
		// Newest first among many matches: walk the publication-time
		// index, testing each article, until the page is full (about
		// limit/share articles tested).
		if _, err = tx.Exec(ctx, "SET LOCAL enable_bitmapscan = off"); err == nil {
			walk = true
			hits, err = page("", nil)
		}
	case sortNew && match != "":
		// Newest first: read only a recent window holding about twice
		// the page (from the sample); read everything if it fell short.
		window := sm.newestWindow(cur.After, 2*(limit+1))
		if hits, err = page(window, nil); err == nil && len(hits) <= limit && window != "" {
			hits, err = page("", nil)
		}
	case score != "0::float8" && sm.total() > bd.window:
		// Relevance over many matches: rank window by window.
		tiers := sm.tiers(bd.window)
		need := (cur.Offset + limit + 1 + bd.window - 1) / bd.window
		for n := max(1, need); ; n++ {
			window := "" // n windows: those starting at tiers[:n]
			if n <= len(tiers) {
				window = tiers[n-1]
			}
			hits, err = page(window, tiers)
			if err != nil || len(hits) > limit || window == "" {
				break
			}
		}
	default:
		hits, err = page("", nil)
	}
	if err != nil {
		return nil, fail(err)
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
		if a, err := s.doc.DecodeArticle(h.doc); err == nil {
			text = a.Text
		}
		h.Title = clip.Bytes(h.Title, search.MaxTitleBytes)
		h.Snippet = search.Snippet(clauses, clip.Bytes(text, search.MaxTextBytes))
		out.Results = append(out.Results, h.SearchHit)
	}
	return out, nil
}

// typed is a condition, always true, naming the parameters args (the
// first ones of a query; strings or string slices, never nil), so that a
// query not otherwise using them still gives them a type.
func typed(args []any) string {
	var b strings.Builder
	for i, a := range args {
		t := "text"
		if _, ok := a.([]string); ok {
			t = "text[]"
		}
		fmt.Fprintf(&b, " AND $%d::%s IS NOT NULL", i+1, t)
	}
	return b.String()
}

// hit is one row of a result page.
type hit struct {
	marsad.SearchHit
	pub string
	doc []byte
}

// matchSample is the matches of a query (level 0, when there are at most
// ExactMatchMax) or those of the sample of a level (see ExactMatchMax):
// their publication keys and facet values.
type matchSample struct {
	level   int
	exact   int // the bound used
	rows    []sampleRow
	archive int // estimated articles in the archive (level > 0)
}

type sampleRow struct {
	id, pub, source, category string
	entities                  []string
}

// ids are the IDs of the rows.
func (m *matchSample) ids() []string {
	out := make([]string, len(m.rows))
	for i, r := range m.rows {
		out[i] = r.id
	}
	return out
}

// scale is 4^level: the matches one sampled match stands for.
func (m *matchSample) scale() int { return 1 << (2 * m.level) }

// total is the number of matches (exact at level 0, estimated above).
func (m *matchSample) total() int {
	if m.level == 0 {
		return len(m.rows)
	}
	return max(len(m.rows)*m.scale(), m.exact+1)
}

// sampleMatches reads the matches of cond when there are at most exact of
// them; otherwise it reads those in the sample of a level holding at most
// exact of them (ideally 3/16 to 3/4 of exact: few rows to visit, enough
// for the estimates). The level is first chosen from the planner's
// estimate of the number of matches, then corrected from what the read
// finds; each read is one GIN lookup and at most exact+1 rows visited.
func sampleMatches(ctx context.Context, tx pgx.Tx, cond string, args []any, exact int) (*matchSample, error) {
	read := func(level int) ([]sampleRow, error) {
		a := append([]any(nil), args...)
		c := cond
		if level > 0 {
			a = append(a, quoteLexeme(sampleLexeme(level)))
			c += " AND s.tsv @@ $" + strconv.Itoa(len(a)) + "::tsquery"
		}
		a = append(a, exact+1)
		rows, err := tx.Query(ctx, `SELECT s.article_id, s.pub, s.source, s.category, s.entity_keys FROM article_search s
			WHERE `+c+` LIMIT $`+strconv.Itoa(len(a)), a...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(row pgx.CollectableRow) (sampleRow, error) {
			var r sampleRow
			err := row.Scan(&r.id, &r.pub, &r.source, &r.category, &r.entities)
			return r, err
		})
	}
	est, err := planRows(ctx, tx, cond, args)
	if err != nil {
		return nil, err
	}
	tried := map[int]bool{}
	if est <= 2*exact {
		tried[0] = true
		rows, err := read(0)
		if err != nil {
			return nil, err
		}
		if len(rows) <= exact {
			return &matchSample{exact: exact, rows: rows}, nil
		}
		est = max(est, 2*exact)
	}
	// The smallest level whose sample is expected to hold at most 3/4
	// of exact.
	level := 1
	for level < maxSampleLevel && est>>(2*level) > exact*3/4 {
		level++
	}
	var best *matchSample // the last sample read at a level > 0 holding at most exact
	for {
		tried[level] = true
		rows, err := read(level)
		if err != nil {
			return nil, err
		}
		if len(rows) <= exact {
			if level == 0 {
				return &matchSample{exact: exact, rows: rows}, nil
			}
			best = &matchSample{level: level, exact: exact, rows: rows}
		}
		switch {
		case len(rows) > exact && level < maxSampleLevel && !tried[level+1]:
			level++ // more matches than estimated
		case len(rows) <= exact && len(rows)<<(2*level) <= exact && !tried[0]:
			level = 0 // few enough to count them all
		case len(rows) <= exact && len(rows) < exact/16 && !tried[level-1]:
			level-- // fewer than estimated: a larger sample
		case best != nil:
			return best, best.withArchive(ctx, tx)
		default: // more than exact at the deepest level: a lower bound
			m := &matchSample{level: level, exact: exact, rows: rows[:exact]}
			return m, m.withArchive(ctx, tx)
		}
	}
}

// withArchive records the (estimated) number of articles in the archive.
func (m *matchSample) withArchive(ctx context.Context, tx pgx.Tx) error {
	var n float64
	if err := tx.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'article_search'::regclass`).Scan(&n); err != nil {
		return fmt.Errorf("archive size: %w", err)
	}
	m.archive = int(max(n, 0))
	return nil
}

// share is the estimated share of the archive matching (0 when unknown
// or exact).
func (m *matchSample) share() float64 {
	if m.level == 0 || m.archive <= 0 {
		return 0
	}
	return float64(m.total()) / float64(m.archive)
}

// planRows is the planner's estimate of the number of rows matching cond.
func planRows(ctx context.Context, tx pgx.Tx, cond string, args []any) (int, error) {
	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	var js []byte
	if err := tx.QueryRow(ctx, `EXPLAIN (FORMAT JSON) SELECT FROM article_search s WHERE `+cond, args...).Scan(&js); err != nil {
		return 0, fmt.Errorf("plan: %w", err)
	}
	if err := json.Unmarshal(js, &plan); err != nil || len(plan) == 0 {
		return 0, fmt.Errorf("plan: %q: %v", clip.Bytes(string(js), 200), err)
	}
	return int(min(plan[0].Plan.Rows, 1<<40)), nil
}

// facets sets out.Facets from the sample: by source, category and entity
// key, the search.FacetSize most frequent values of each (counts scaled
// to the whole and capped at the total above level 0).
func (m *matchSample) facets(out *marsad.SearchResults) {
	counts := map[string]map[string]int{marsad.FacetSource: {}, marsad.FacetCategory: {}, marsad.FacetEntity: {}}
	for _, r := range m.rows {
		if r.source != "" {
			counts[marsad.FacetSource][r.source]++
		}
		if r.category != "" {
			counts[marsad.FacetCategory][r.category]++
		}
		for _, k := range r.entities {
			counts[marsad.FacetEntity][k]++
		}
	}
	total := m.total()
	for name, c := range counts {
		vals := make([]marsad.FacetValue, 0, len(c))
		for v, n := range c {
			vals = append(vals, marsad.FacetValue{Value: v, Count: min(n*m.scale(), total)})
		}
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
		out.Facets[name] = vals[:min(len(vals), search.FacetSize)]
	}
}

// pubsDesc are the sample's publication keys, most recent first.
func (m *matchSample) pubsDesc() []string {
	pubs := make([]string, len(m.rows))
	for i, r := range m.rows {
		pubs[i] = r.pub
	}
	sort.Sort(sort.Reverse(sort.StringSlice(pubs)))
	return pubs
}

// tiers are the starts (oldest publication key) of the ranking windows of
// about size matches each, most recent first; matches older than the last
// start form one more window.
func (m *matchSample) tiers(size int) []string {
	pubs := m.pubsDesc()
	per := max(1, (size+m.scale()-1)/m.scale()) // sampled matches per window
	var out []string
	for i := per - 1; i < len(pubs)-1; i += per {
		if len(out) > 0 && out[len(out)-1] == pubs[i] {
			continue // ties: one window holds them all
		}
		out = append(out, pubs[i])
	}
	return out
}

// newestWindow is the oldest publication key of a window expected to hold
// at least n matches published before after's ("": from the newest), or
// "" when the window would be all of them.
func (m *matchSample) newestWindow(after string, n int) string {
	if m.level == 0 && len(m.rows) <= n {
		return ""
	}
	afterPub, _, _ := strings.Cut(after, "\x00")
	per := max(1, (n+m.scale()-1)/m.scale())
	seen := 0
	for _, p := range m.pubsDesc() {
		if after != "" && p > afterPub {
			continue
		}
		if seen++; seen == per {
			return p
		}
	}
	return ""
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
