package postgres_test

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
	"github.com/marsad-news/marsad/search"
)

// issueArticles are the articles of the archive issue's search examples
// (the same as package search's tests).
func issueArticles() []*marsad.Article {
	return []*marsad.Article{
		{ID: "a1", URL: "https://example.sy/a1", Source: "الوطن", Language: "ar", Category: "أخبار سورية",
			Published: "2025-11-17", Title: "مباحثات عسكرية في دمشق",
			Text:     "بحث وَزِيرُ الدِّفَاعِ السوري مع وفد روسي التعاون العسكري.",
			Entities: []marsad.Entity{{Name: "مرهف أبو قصرة", Key: "مرهف ابو قصره", Type: marsad.EntityPerson}}},
		{ID: "a2", Source: "عنب بلدي", Language: "ar", Category: "سياسة", Published: "2025-11-16T10:00:00+03:00",
			Title: "لقاء في موسكو", Text: "التقى الوزير نظيره الروسي وناقشا ملفات الدفاع المشترك."},
		{ID: "a3", Source: "الوطن", Language: "ar", Category: "سياسة", Published: "2025-11-15",
			Title: "رسالة", Text: "وجه الرئيس رسالة لوزير الدفاع حول الخطة."},
		{ID: "a4", Source: "سانا", Language: "ar", Category: "محليات", Published: "2025-11-14",
			Title: "خبر محلي", Text: "ذكرت سانا أن الطقس سيكون معتدلا."},
		{ID: "a5", Source: "Reuters", Language: "en", Category: "World", Published: "2025-11-13",
			Title: "Russian delegation in Damascus", Text: "The Syrian defense minister met a Russian delegation; <script>alert(1)</script> was not executed.",
			Entities: []marsad.Entity{{Name: "Vladimir Putin", Key: "putin", Type: marsad.EntityPerson}}},
		{ID: "a6", Source: "Le Monde", Language: "fr", Category: "International", Published: "2025-11",
			Title: "Réunion à l'Élysée", Text: "Le président a reçu le ministre de la Défense à l'Élysée."},
		{ID: "a7", Source: "الوطن", Language: "ar", Category: "اقتصاد", Published: "2025-10-01",
			Title: "الدفاع عن الليرة", Text: "قال وزير المالية إن الدفاع عن الليرة أولوية، وأضاف أن الوزير سيزور الصين."},
	}
}

// generated returns n articles of the generated corpus (package gen) with
// their truth as analysis.
func generated(t testing.TB, n int) []*marsad.Article {
	var out []*marsad.Article
	err := gen.Generate(context.Background(), gen.Options{Count: n, Seed: 7}, func(g *gen.Article) error {
		out = append(out, genArticle(g))
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// genArticle is a generated article with its truth as analysis.
func genArticle(g *gen.Article) *marsad.Article {
	a := &marsad.Article{ID: g.Truth.ID, URL: g.Truth.URL, Source: g.Truth.Source, Language: "ar",
		Title: g.Truth.Title, Category: g.Truth.Category, Published: g.Truth.Published, Text: g.Page.Text}
	if a.Text == "" {
		a.Text = g.Page.HTML
	}
	for _, e := range g.Truth.Entities {
		a.Entities = append(a.Entities, marsad.Entity{Name: e.Name, Key: e.Key, Type: e.Type, Roles: e.Roles})
	}
	return a
}

// comparisonQueries are the archive issue's search examples plus queries
// on the generated corpus: words, phrases, negations, stop words, split
// words, filters and facets' fields.
var comparisonQueries = []marsad.Query{
	{Text: "وزير الدفاع"}, {Text: "وزير"}, {Text: "سانا"}, {Text: `"وزير الدفاع"`}, {Text: `"الدفاع وزير"`},
	{Text: `«وزير المالية»`}, {Text: "وزير -المالية"}, {Text: "defense minister"}, {Text: "DAMASCUS"},
	{Text: "elysee"}, {Text: "Élysée"}, {Text: "ابو قصرة"},
	{Text: "الدفاع", Sources: []string{"الوطن"}}, {Categories: []string{"اخبار سوريه"}},
	{Languages: []string{"EN", "fr"}}, {Entities: []string{"putin"}}, {Entities: []string{"مرهف أبو قصرة"}},
	{From: "2025-11-14", To: "2025-11-16"}, {From: "2025-11-01", To: "2025-11-01"}, {}, {Text: "-الدفاع"},
	{Text: "الوزير في الصين"}, {Text: "عن"}, {Text: `وزير "من"`}, {Text: "؟ ، !"},
	{Text: "وَزِيرُ الدِّفَاعِ"}, {Text: "لوزير الدفاع"}, {Text: "الوزير"},
	// The generated corpus.
	{Text: "زاخاروفا"}, {Text: "زخاروفا"}, {Text: "وزير الخارجية"}, {Text: `"وزير الخارجية"`}, {Text: "دمشق"},
	{Text: "بدمشق"}, {Text: "الرئيس -دمشق"}, {Text: `"المتحدثة باسم الخارجية"`}, {Text: "مباحثات"}, {Text: "اجتماع عسكري"},
	{Text: "قال"}, {Text: "في"}, {Text: "وزير-الخارجية"}, {Text: "الأمم المتحدة"}, {Text: `"الأمم المتحدة" -مجلس`},
	{Text: "وكالات"}, {Text: "شارك"}, {Text: "اقرأ أيضا"}, {Text: "٢٠٢٥"}, {Text: "2025"},
	{Text: "وزير", From: "2025-03-01", To: "2025-06-30"}, {Text: "الرئيس", Sort: marsad.SortNew},
}

// TestSearchMatchesEmbedded: on one corpus, for every query, the
// PostgreSQL backend returns the same set of articles as the embedded
// bleve index, the same total and the same facet counts; the top-10
// overlap is logged.
func TestSearchMatchesEmbedded(t *testing.T) {
	ctx := context.Background()
	arts := append(issueArticles(), generated(t, 400)...)
	s := pgtest.Open(t)
	items := make([]marsad.PutItem, len(arts))
	for i, a := range arts {
		c := *a
		items[i] = marsad.PutItem{Article: &c}
	}
	if _, err := s.PutArticles(ctx, items); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(ctx, 1, arts...); err != nil {
		t.Fatal(err)
	}
	var overlapSum float64
	var overlapN int
	for _, q := range comparisonQueries {
		name := q.Text + "|" + q.From + q.To + strings.Join(append(append(append(q.Sources, q.Categories...), q.Languages...), q.Entities...), ",")
		bl, bleveTop := all(t, ix, q)
		pg, pgTop := all(t, s, q)
		if !slices.Equal(bl, pg) {
			t.Errorf("%q: embedded %d articles, postgres %d; only embedded: %v; only postgres: %v",
				name, len(bl), len(pg), minus(bl, pg), minus(pg, bl))
			continue
		}
		if len(bl) == 0 && q.Text != "؟ ، !" && q.Text != `"الدفاع وزير"` && q.Text != `وزير "من"` {
			t.Logf("%q: no match on either backend", name)
		}
		if len(bleveTop) > 0 {
			o := overlap(bleveTop, pgTop)
			overlapSum += o
			overlapN++
			if q.Sort == marsad.SortNew || q.Text == "" {
				if o != 1 {
					t.Errorf("%q: newest-first top 10 differ: %v vs %v", name, bleveTop, pgTop)
				}
			}
		}
		// Facets count the same articles.
		br, _ := ix.Search(ctx, q)
		pr, _ := s.Search(ctx, q)
		if br.Total != pr.Total {
			t.Errorf("%q: total %d vs %d", name, br.Total, pr.Total)
		}
		for _, f := range []string{marsad.FacetSource, marsad.FacetCategory, marsad.FacetEntity} {
			if !sameCounts(br.Facets[f], pr.Facets[f]) {
				t.Errorf("%q: facet %s: embedded %v, postgres %v", name, f, br.Facets[f], pr.Facets[f])
			}
		}
	}
	t.Logf("%d queries, %d articles: same matching sets; mean top-10 overlap %.3f over %d queries with hits",
		len(comparisonQueries), len(arts), overlapSum/float64(overlapN), overlapN)
}

// all pages through every result of q; it returns the sorted IDs and the
// first ten in rank order.
func all(t *testing.T, s marsad.Searcher, q marsad.Query) (ids, top []string) {
	t.Helper()
	q.Limit = 100
	for page := 0; page < 100; page++ {
		r, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		for _, h := range r.Results {
			ids = append(ids, h.ID)
			if len(top) < 10 {
				top = append(top, h.ID)
			}
		}
		if q.Cursor = r.NextCursor; q.Cursor == "" {
			break
		}
	}
	sort.Strings(ids)
	return ids, top
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
		if len(out) == 5 {
			break
		}
	}
	return out
}

func overlap(a, b []string) float64 {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return float64(n) / float64(max(len(a), len(b)))
}

// sameCounts compares facet values by count, ignoring the order of ties
// and which of several tied values made the cut at the last place.
func sameCounts(a, b []marsad.FacetValue) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	minA := 1 << 30
	for _, v := range a {
		m[v.Value] = v.Count
		minA = min(minA, v.Count)
	}
	for _, v := range b {
		c, ok := m[v.Value]
		if ok && c != v.Count {
			return false
		}
		if !ok && v.Count != minA {
			return false
		}
	}
	return true
}

func TestSearchBasics(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	for _, a := range issueArticles() {
		if _, err := s.PutArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Search(ctx, marsad.Query{Text: "وزير الدفاع"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) == 0 || r.Results[0].ID != "a1" {
		t.Errorf("first of وزير الدفاع = %+v, want a1 (the exact phrase)", r.Results)
	}
	if !strings.Contains(r.Results[0].Snippet, "<mark>") {
		t.Errorf("snippet without marks: %q", r.Results[0].Snippet)
	}
	r, _ = s.Search(ctx, marsad.Query{Text: "Damascus"})
	for _, h := range r.Results {
		if strings.Contains(h.Snippet, "<script>") {
			t.Errorf("snippet carries markup: %q", h.Snippet)
		}
	}
	// Newest first, paged.
	var got []string
	q := marsad.Query{Sort: marsad.SortNew, Limit: 2}
	for {
		r, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range r.Results {
			got = append(got, h.ID)
		}
		if q.Cursor = r.NextCursor; q.Cursor == "" {
			break
		}
	}
	if want := []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7"}; !slices.Equal(got, want) {
		t.Errorf("newest first = %v, want %v", got, want)
	}
	// Bad input is refused as an invalid query.
	for _, q := range []marsad.Query{{From: "yesterday"}, {Sort: "best"}, {Limit: -1}, {Cursor: "!!"}, {Text: strings.Repeat("و ", 2000)}} {
		if _, err := s.Search(ctx, q); !errors.Is(err, search.ErrInvalidQuery) {
			t.Errorf("Search(%+v): err = %v, want ErrInvalidQuery", q, err)
		}
	}
	// Deleting an article removes it from search.
	if err := s.DeleteArticle(ctx, "a4"); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Search(ctx, marsad.Query{Text: "سانا"}); r.Total != 0 {
		t.Errorf("deleted article still found: %+v", r.Results)
	}
	var _ marsad.Searcher = (*postgres.Store)(nil)
}

// TestSearchOddText: quotes, backslashes, control characters and huge
// texts are stored and found.
func TestSearchOddText(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	odd := []*marsad.Article{
		{ID: "q1", Language: "en", Title: `it's "quoted" \ back\slash`, Text: `O'Brien said: 'no' \n \\ :1A & | ! <-> ()`},
		{ID: "q2", Language: "ar", Title: "طويل", Text: strings.Repeat("كلمة أخرى ", 20000) + "النهاية"},
	}
	for _, a := range odd {
		if _, err := s.PutArticle(ctx, a, nil); err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
	}
	for q, want := range map[string]string{`O'Brien`: "q1", `"back\slash"`: "q1", `<->`: "", "النهاية": "q2", `"كلمة أخرى"`: "q2"} {
		r, err := s.Search(ctx, marsad.Query{Text: q})
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if want != "" && (r.Total != 1 || r.Results[0].ID != want) {
			t.Errorf("%q: %+v, want %s", q, r.Results, want)
		}
	}
}

// boundedSearcher is a store searching with small bounds.
type boundedSearcher struct {
	s             *postgres.Store
	exact, window int
}

func (b boundedSearcher) Search(ctx context.Context, q marsad.Query) (*marsad.SearchResults, error) {
	return postgres.SearchWithBoundsForTest(ctx, b.s, q, b.exact, b.window)
}

// TestSearchLargeResults forces the estimated paths (ExactMatchMax and
// RankWindow made small): matching stays exact — paging through every
// result gives each matching article once, in order for newest-first —
// and totals and facets are estimates close to the exact counts.
func TestSearchLargeResults(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	arts := generated(t, 1200)
	for i := 0; i < len(arts); i += 300 {
		items := []marsad.PutItem{}
		for _, a := range arts[i : i+300] {
			items = append(items, marsad.PutItem{Article: a})
		}
		if _, err := s.PutArticles(ctx, items); err != nil {
			t.Fatal(err)
		}
	}
	small := boundedSearcher{s, 400, 40}
	// Before ANALYZE the archive size is unknown: newest-first pages use a
	// window from the sample; after it, they walk the date index.
	checkLarge(t, s, small)
	if _, err := s.Pool().Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	checkLarge(t, s, small)
}

func checkLarge(t *testing.T, s *postgres.Store, small boundedSearcher) {
	ctx := context.Background()
	for _, q := range []marsad.Query{
		{Text: "وزير"}, {Text: "وزير", Sort: marsad.SortNew}, {}, {Text: "قال", Sort: marsad.SortRelevance},
		{Text: `"وزير الخارجية"`}, {Text: "الرئيس -وزير"}, {Text: "وزير", From: "2025-03-01"},
	} {
		exactIDs, _ := all(t, s, q)
		got, _ := all(t, small, q)
		if !slices.Equal(exactIDs, got) {
			t.Errorf("%+v: bounded search pages give %d articles (want %d); missing %v, extra %v",
				q, len(got), len(exactIDs), minus(exactIDs, got), minus(got, exactIDs))
		}
		if dup := slices.Compact(slices.Clone(got)); len(dup) != len(got) {
			t.Errorf("%+v: %d articles repeated across pages", q, len(got)-len(dup))
		}
		ex, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		est, err := small.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if ex.Total != len(exactIDs) {
			t.Errorf("%+v: exact total %d, %d matches", q, ex.Total, len(exactIDs))
		}
		if ex.Total <= small.exact && est.Total != ex.Total {
			t.Errorf("%+v: total %d below the bound, want exact %d", q, est.Total, ex.Total)
		}
		if ex.Total > small.exact && (est.Total < ex.Total/2 || est.Total > ex.Total*2 || est.Total <= small.exact) {
			t.Errorf("%+v: estimated total %d, exact %d", q, est.Total, ex.Total)
		}
		// The largest source is estimated within x0.5-x2.
		if len(ex.Facets[marsad.FacetSource]) > 0 && ex.Total > small.exact {
			top := ex.Facets[marsad.FacetSource][0]
			found := false
			for _, v := range est.Facets[marsad.FacetSource] {
				if v.Value == top.Value {
					found = true
					if v.Count < top.Count/2 || v.Count > top.Count*2 {
						t.Errorf("%+v: source %s estimated %d, exact %d", q, v.Value, v.Count, top.Count)
					}
				}
			}
			if !found {
				t.Errorf("%+v: largest source %s missing from the estimate %v", q, top.Value, est.Facets[marsad.FacetSource])
			}
		}
		t.Logf("%+v: %d matches, estimated total %d", q, ex.Total, est.Total)
	}
	// Newest first stays in order across pages with the window.
	q := marsad.Query{Text: "وزير", Sort: marsad.SortNew, Limit: 7}
	var last string
	for page := 0; page < 200; page++ {
		r, err := small.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range r.Results {
			key := h.Published
			if last != "" && key > last {
				t.Fatalf("page %d: %s after %s", page, key, last)
			}
			last = key
		}
		if q.Cursor = r.NextCursor; q.Cursor == "" {
			break
		}
	}
}

// TestSampleLexemes: the sampling lexemes written from Go are those
// migration 00005 computes in SQL, and the migration adds them to an
// archive stored without them.
func TestSampleLexemes(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	arts := generated(t, 300)
	items := []marsad.PutItem{}
	for _, a := range arts {
		items = append(items, marsad.PutItem{Article: a})
	}
	if _, err := s.PutArticles(ctx, items); err != nil {
		t.Fatal(err)
	}
	levels := func() map[string]int {
		rows, err := s.Pool().Query(ctx, `SELECT article_id, (SELECT count(*) FROM unnest(tsv) u WHERE u.lexeme LIKE 'z:%')::int FROM article_search`)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				t.Fatal(err)
			}
			out[id] = n
		}
		return out
	}
	fromGo := levels()
	sampled := 0
	for _, n := range fromGo {
		if n > 0 {
			sampled++
		}
	}
	if sampled < len(arts)/8 || sampled > len(arts)/2 {
		t.Errorf("%d of %d articles in the level-1 sample, want about 1 in 4", sampled, len(arts))
	}
	up, err := os.ReadFile("migrations/00005_search_sample.sql")
	if err != nil {
		t.Fatal(err)
	}
	sql := string(up)
	sql = sql[strings.Index(sql, "-- +goose Up"):strings.Index(sql, "-- +goose Down")]
	if _, err := s.Pool().Exec(ctx, `UPDATE article_search SET tsv = ts_delete(tsv, ARRAY['z:1','z:2','z:3','z:4','z:5','z:6','z:7','z:8'])`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
	if fromSQL := levels(); !maps.Equal(fromGo, fromSQL) {
		for id, n := range fromGo {
			if fromSQL[id] != n {
				t.Errorf("article %s: level %d from Go, %d from the migration", id, n, fromSQL[id])
			}
		}
	}
}
