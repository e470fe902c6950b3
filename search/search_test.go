package search

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	marsad "github.com/marsad-news/marsad"
)

// testArticles is a small archive covering the examples of the issue.
func testArticles() []*marsad.Article {
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

func openTest(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), 7, testArticles()...); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(r *marsad.SearchResults) []string {
	var out []string
	for _, h := range r.Results {
		out = append(out, h.ID)
	}
	return out
}

func search(t *testing.T, ix *Index, q marsad.Query) *marsad.SearchResults {
	t.Helper()
	r, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return r
}

func TestSearchExamples(t *testing.T) {
	ix := openTest(t)
	tests := []struct {
		name  string
		q     marsad.Query
		want  []string // must all be present
		not   []string // must be absent
		first string   // must rank first, when set
	}{
		{name: "diacritics", q: marsad.Query{Text: "وزير الدفاع"}, want: []string{"a1", "a3"}, first: "a1"},
		{name: "definite article", q: marsad.Query{Text: "وزير"}, want: []string{"a1", "a2", "a3", "a7"}},
		{name: "proclitic lam", q: marsad.Query{Text: "وزير الدفاع"}, want: []string{"a3"}},
		{name: "words apart still match", q: marsad.Query{Text: "وزير الدفاع"}, want: []string{"a7"}},
		{name: "exact phrase beats scattered words", q: marsad.Query{Text: "وزير الدفاع"}, first: "a1"},
		{name: "split word: surface forms adjacent, or all stems anywhere", q: marsad.Query{Text: "وزير-الدفاع"}, want: []string{"a1", "a3", "a7"}, not: []string{"a4", "a5"}, first: "a1"},
		{name: "name", q: marsad.Query{Text: "سانا"}, want: []string{"a4"}, not: []string{"a1", "a2", "a3", "a5", "a6", "a7"}},
		{name: "quoted phrase", q: marsad.Query{Text: `"وزير الدفاع"`}, want: []string{"a1"}, not: []string{"a7", "a2"}},
		{name: "quoted phrase order", q: marsad.Query{Text: `"الدفاع وزير"`}, not: []string{"a1", "a3", "a7"}},
		{name: "guillemets phrase", q: marsad.Query{Text: `«وزير المالية»`}, want: []string{"a7"}, not: []string{"a1"}},
		{name: "negation", q: marsad.Query{Text: "وزير -المالية"}, want: []string{"a1", "a3"}, not: []string{"a7"}},
		{name: "english", q: marsad.Query{Text: "defense minister"}, want: []string{"a5"}, not: []string{"a6"}},
		{name: "english case", q: marsad.Query{Text: "DAMASCUS"}, want: []string{"a5"}},
		{name: "french accents", q: marsad.Query{Text: "elysee"}, want: []string{"a6"}},
		{name: "french exact", q: marsad.Query{Text: "Élysée"}, want: []string{"a6"}},
		{name: "hamza and ta marbuta", q: marsad.Query{Text: "ابو قصرة"}, not: []string{"a2"}},
		{name: "source filter", q: marsad.Query{Text: "الدفاع", Sources: []string{"الوطن"}}, want: []string{"a1", "a3", "a7"}, not: []string{"a2"}},
		{name: "category filter folded", q: marsad.Query{Categories: []string{"اخبار سوريه"}}, want: []string{"a1"}, not: []string{"a2", "a3"}},
		{name: "language filter", q: marsad.Query{Languages: []string{"EN", "fr"}}, want: []string{"a5", "a6"}, not: []string{"a1"}},
		{name: "entity by key", q: marsad.Query{Entities: []string{"putin"}}, want: []string{"a5"}, not: []string{"a1"}},
		{name: "entity by name", q: marsad.Query{Entities: []string{"مرهف أبو قصرة"}}, want: []string{"a1"}, not: []string{"a5"}},
		{name: "date range", q: marsad.Query{From: "2025-11-14", To: "2025-11-16"}, want: []string{"a2", "a3", "a4"}, not: []string{"a1", "a5", "a7"}},
		{name: "month date is its first day", q: marsad.Query{From: "2025-11-01", To: "2025-11-01"}, want: []string{"a6"}},
		{name: "empty query lists all", q: marsad.Query{}, want: []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7"}},
		{name: "only negation", q: marsad.Query{Text: "-الدفاع"}, want: []string{"a4", "a6"}, not: []string{"a1", "a3", "a7"}},
		{name: "stop word optional", q: marsad.Query{Text: "الوزير في الصين"}, want: []string{"a7"}},
		{name: "stop word alone", q: marsad.Query{Text: "عن"}, want: []string{"a7"}, not: []string{"a1"}},
		{name: "quoted stop word required", q: marsad.Query{Text: `وزير "من"`}, not: []string{"a1", "a7"}},
		{name: "punctuation only", q: marsad.Query{Text: "؟ ، !"}, want: []string{"a1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := search(t, ix, tt.q)
			got := ids(r)
			for _, id := range tt.want {
				if !slices.Contains(got, id) {
					t.Errorf("%q: %s missing from %v", tt.q.Text, id, got)
				}
			}
			for _, id := range tt.not {
				if slices.Contains(got, id) {
					t.Errorf("%q: %s should not match, got %v", tt.q.Text, id, got)
				}
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("%q: first = %v, want %s", tt.q.Text, got, tt.first)
			}
			if r.Total != len(got) {
				t.Errorf("Total = %d, results %d", r.Total, len(got))
			}
		})
	}
}

// TestSurfaceRanksAboveStem checks that the exact written form of a word
// ranks above articles matching only its stem.
func TestSurfaceRanksAboveStem(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := []*marsad.Article{
		{ID: "stem1", Language: "ar", Title: "خبر", Text: "اجتمع الوزراء مع الوزير في القصر الكبير اليوم."},
		{ID: "exact", Language: "ar", Title: "خبر", Text: "اجتمع الوزراء مع وزير في القصر الكبير اليوم."},
		{ID: "stem2", Language: "ar", Title: "خبر", Text: "اجتمع الوزراء مع لوزير في القصر الكبير اليوم."},
	}
	if err := ix.Put(context.Background(), 1, arts...); err != nil {
		t.Fatal(err)
	}
	r := search(t, ix, marsad.Query{Text: "وزير"})
	if got := ids(r); len(got) != 3 || got[0] != "exact" {
		t.Fatalf("got %v, want exact first of 3", got)
	}
}

func TestSortNewAndPagination(t *testing.T) {
	ix := openTest(t)
	var all []string
	cur := ""
	for page := 0; page < 10; page++ {
		r := search(t, ix, marsad.Query{Sort: marsad.SortNew, Limit: 2, Cursor: cur})
		all = append(all, ids(r)...)
		if r.Total != 7 {
			t.Fatalf("Total = %d, want 7", r.Total)
		}
		cur = r.NextCursor
		if cur == "" {
			break
		}
	}
	want := []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7"}
	if !slices.Equal(all, want) {
		t.Fatalf("newest first pages = %v, want %v", all, want)
	}

	// Relevance pages: all hits once, scores non-increasing.
	var rel []string
	var scores []float64
	cur = ""
	for page := 0; page < 10; page++ {
		r := search(t, ix, marsad.Query{Text: "الدفاع وزير", Limit: 1, Cursor: cur})
		for _, h := range r.Results {
			rel = append(rel, h.ID)
			scores = append(scores, h.Score)
		}
		if cur = r.NextCursor; cur == "" {
			break
		}
	}
	full := ids(search(t, ix, marsad.Query{Text: "الدفاع وزير", Limit: 50}))
	if !slices.Equal(rel, full) {
		t.Fatalf("relevance pages %v, single page %v", rel, full)
	}
	if !slices.IsSortedFunc(scores, func(a, b float64) int { return -cmpFloat(a, b) }) {
		t.Fatalf("scores not descending: %v", scores)
	}

	// A cursor of another query is refused.
	r := search(t, ix, marsad.Query{Text: "الدفاع", Limit: 1})
	if r.NextCursor == "" {
		t.Fatal("no cursor")
	}
	for _, q := range []marsad.Query{
		{Text: "وزير", Limit: 1, Cursor: r.NextCursor},
		{Text: "الدفاع", Sort: marsad.SortNew, Cursor: r.NextCursor},
		{Text: "الدفاع", Cursor: "not a cursor!"},
		{Text: "الدفاع", Cursor: "e30"},
	} {
		if _, err := ix.Search(context.Background(), q); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("cursor %q with %+v: err = %v, want ErrInvalidQuery", q.Cursor, q, err)
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestFacets(t *testing.T) {
	ix := openTest(t)
	r := search(t, ix, marsad.Query{Text: "الدفاع"})
	if len(r.Facets) != 3 {
		t.Fatalf("facets %v", r.Facets)
	}
	src := r.Facets[marsad.FacetSource]
	if len(src) == 0 || src[0] != (marsad.FacetValue{Value: "الوطن", Count: 3}) {
		t.Fatalf("source facet = %v, want الوطن:3 first", src)
	}
	total := 0
	for _, v := range src {
		total += v.Count
	}
	if total != r.Total {
		t.Errorf("source facet counts %d, total %d", total, r.Total)
	}
	ent := search(t, ix, marsad.Query{}).Facets[marsad.FacetEntity]
	if !slices.Contains(ent, marsad.FacetValue{Value: "putin", Count: 1}) {
		t.Errorf("entity facet = %v", ent)
	}
}

func TestSnippetEscaped(t *testing.T) {
	ix := openTest(t)
	r := search(t, ix, marsad.Query{Text: "delegation"})
	if len(r.Results) != 1 {
		t.Fatalf("got %v", ids(r))
	}
	s := r.Results[0].Snippet
	if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;") {
		t.Errorf("snippet not escaped: %s", s)
	}
	if !strings.Contains(s, "<mark>delegation</mark>") {
		t.Errorf("snippet not marked: %s", s)
	}
	stripped := strings.NewReplacer(MarkOpen, "", MarkClose, "").Replace(s)
	if strings.ContainsAny(stripped, "<>") {
		t.Errorf("snippet has markup besides marks: %s", s)
	}

	r = search(t, ix, marsad.Query{Text: "وزير الدفاع"})
	if got := r.Results[0].Snippet; !strings.Contains(got, "<mark>وَزِيرُ</mark> <mark>الدِّفَاعِ</mark>") {
		t.Errorf("snippet = %s", got)
	}
}

func TestBadQueries(t *testing.T) {
	ix := openTest(t)
	for _, q := range []marsad.Query{
		{Text: strings.Repeat("وزير ", 1000)},
		{Text: strings.Repeat("a ", 40)},
		{From: "17/11/2025"},
		{From: "2025-11-18", To: "2025-11-01"},
		{Sort: "oldest"},
		{Limit: -1},
		{Text: "\xff\xfe"},
	} {
		if _, err := ix.Search(context.Background(), q); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%+v: err = %v, want ErrInvalidQuery", q, err)
		}
	}
}

func TestUpsertAndDelete(t *testing.T) {
	ix := openTest(t)
	ctx := context.Background()
	rev := *testArticles()[3]
	rev.Text = "ذكرت الوكالة أن المطر قادم."
	if err := ix.Put(ctx, 9, &rev); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, ix, marsad.Query{Text: "الطقس"})); len(got) != 0 {
		t.Errorf("old revision still found: %v", got)
	}
	if got := ids(search(t, ix, marsad.Query{Text: "المطر"})); !slices.Equal(got, []string{"a4"}) {
		t.Errorf("new revision: %v", got)
	}
	if n, _ := ix.DocCount(); n != 7 {
		t.Errorf("DocCount = %d after upsert, want 7", n)
	}
	if err := ix.Delete(ctx, "a4", "unknown"); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, ix, marsad.Query{Text: "المطر"})); len(got) != 0 {
		t.Errorf("deleted article found: %v", got)
	}
	if seq, _ := ix.LastSeq(); seq != 9 {
		t.Errorf("LastSeq = %d, want 9", seq)
	}
	// A lower seq does not move LastSeq back.
	if err := ix.Put(ctx, 3, &rev); err != nil {
		t.Fatal(err)
	}
	if seq, _ := ix.LastSeq(); seq != 9 {
		t.Errorf("LastSeq = %d after lower put, want 9", seq)
	}
	if err := ix.Put(ctx, 10, &marsad.Article{Title: "no id"}); err == nil {
		t.Error("article without ID accepted")
	}
}

func TestSnippetFunc(t *testing.T) {
	clauses, err := ParseQuery(`وزير "روسي"`)
	if err != nil {
		t.Fatal(err)
	}
	got := Snippet(clauses, "<p>التقى الوزير & وفد روسي</p>")
	want := "&lt;p&gt;التقى <mark>الوزير</mark> &amp; وفد <mark>روسي</mark>&lt;/p&gt;"
	if got != want {
		t.Errorf("Snippet = %q, want %q", got, want)
	}
}
