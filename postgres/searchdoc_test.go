package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/search"
)

func TestSearchDocLexemes(t *testing.T) {
	d := newSearchDoc(&marsad.Article{Language: "ar", Title: "وزير الدفاع", Text: "قال وزير الدفاع إن l'armée \\ 'x'"})
	for _, want := range []string{`'s:وزير':1A,68`, `'s:الدفاع':2A,69`, `'t:دفاع'`, `'s:l''armée':71`, `'t:armee'`} {
		if !strings.Contains(d.tsv, want) {
			t.Errorf("tsvector %s lacks %s", d.tsv, want)
		}
	}
	if d.pub != "0000" || d.day != nil {
		t.Errorf("undated article: day %v pub %q", d.day, d.pub)
	}
}

func FuzzSearchDoc(f *testing.F) {
	f.Add("وزير الدفاع", "نص 'مقتبس' \\ مع \x00 رموز", "ar")
	f.Add("Title", "l'Élysée syria's", "fr")
	f.Fuzz(func(t *testing.T, title, text, lang string) {
		d := newSearchDoc(&marsad.Article{Title: title, Text: text, Language: lang})
		// Every lexeme is quoted: an odd number of quotes would break the
		// tsvector input.
		if strings.Count(strings.ReplaceAll(d.tsv, "''", ""), "'")%2 != 0 {
			t.Fatalf("unbalanced quotes in %q", d.tsv)
		}
		_, _ = tsQueries(nil)
	})
}

// BulkLoadForTest stores new articles with COPY for the scale
// measurements (TestScaleLoad): the tables Search reads (articles,
// revisions, article_search) and nothing else — no change log, analysis
// rows or entity registry, which PutArticles also writes. Every article
// must be new. It returns the number of articles stored.
func BulkLoadForTest(ctx context.Context, s *Store, arts []*marsad.Article) (int, error) {
	preps := make([]*prepared, 0, len(arts))
	for _, a := range arts {
		p, err := s.prepare(marsad.PutItem{Article: a})
		if err != nil {
			return 0, err
		}
		preps = append(preps, p)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var seq int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM articles`).Scan(&seq); err != nil {
			return err
		}
		now := time.Now().UTC()
		var arows, rrows, srows [][]any
		for _, p := range preps {
			seq++
			a := p.a
			arows = append(arows, []any{a.ID, a.URL, a.CanonicalURL, a.Source, a.Language, a.Title, a.Category, a.Published, string(p.authors), 1, seq, p.hash, now, now})
			rrows = append(rrows, []any{seq, a.ID, 1, p.hash, now, p.doc})
			d := p.search
			srows = append(srows, []any{a.ID, d.tsv, d.day, d.pub, d.source, d.sourceK, d.category, d.categoryK, d.lang, d.entityKeys, d.entityK})
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"articles"}, []string{"id", "url", "canonical_url", "source", "language", "title", "category", "published", "authors", "revision", "seq", "hash", "first_stored", "last_stored"}, pgx.CopyFromRows(arows)); err != nil {
			return fmt.Errorf("copy articles: %w", err)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"revisions"}, []string{"seq", "article_id", "number", "hash", "stored", "doc"}, pgx.CopyFromRows(rrows)); err != nil {
			return fmt.Errorf("copy revisions: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS bulk_search (article_id text, tsv text, day text, pub text, source text, source_k text,
			category text, category_k text, lang text, entity_keys text[], entity_k text[]) ON COMMIT DELETE ROWS`); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bulk_search"}, []string{"article_id", "tsv", "day", "pub", "source", "source_k", "category", "category_k", "lang", "entity_keys", "entity_k"}, pgx.CopyFromRows(srows)); err != nil {
			return fmt.Errorf("copy search rows: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO article_search (article_id, tsv, day, pub, source, source_k, category, category_k, lang, entity_keys, entity_k)
			SELECT article_id, tsv::tsvector, day, pub, source, source_k, category, category_k, lang, entity_keys, entity_k FROM bulk_search`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("bulk load: %w", err)
	}
	return len(preps), nil
}

// SearchWithBoundsForTest is Search with smaller bounds (ExactMatchMax,
// RankWindow), to test the estimated paths on a small corpus.
func SearchWithBoundsForTest(ctx context.Context, s *Store, q marsad.Query, exact, window int) (*marsad.SearchResults, error) {
	return s.search(ctx, q, bounds{exact: exact, window: window})
}

func TestSampleLevel(t *testing.T) {
	counts := make([]int, maxSampleLevel+1)
	const n = 1 << 16
	for i := range n {
		counts[sampleLevelOf(fmt.Sprintf("%016x", i*7919))]++
	}
	// Level k holds about 1 in 4^k: at least level k is 4^-k of the IDs.
	atLeast := n
	for k := 0; k <= 4; k++ {
		want := n >> (2 * k)
		if atLeast < want*8/10 || atLeast > want*12/10 {
			t.Errorf("level >= %d: %d of %d IDs, want about %d", k, atLeast, n, want)
		}
		atLeast -= counts[k]
	}
}

// MatchQueryForTest is the matching tsquery of parsed clauses.
func MatchQueryForTest(clauses []search.Clause) string {
	match, _ := tsQueries(clauses)
	return match
}
