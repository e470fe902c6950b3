package alert

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/search/analysis"
)

// corpus returns n generated articles as they would be stored.
func corpus(t testing.TB, n int, seed uint64) []*marsad.Article {
	t.Helper()
	var out []*marsad.Article
	err := gen.Generate(context.Background(), gen.Options{Count: n, Seed: seed}, func(g *gen.Article) error {
		a := &marsad.Article{
			ID: g.Truth.ID, URL: g.Truth.URL, Source: g.Truth.Source, Language: "ar",
			Title: g.Truth.Title, Category: g.Truth.Category, Published: g.Truth.Published,
			Text: g.Page.Text,
		}
		for _, e := range g.Truth.Entities {
			a.Entities = append(a.Entities, marsad.Entity{Name: e.Name, Key: e.Key, Type: e.Type})
		}
		out = append(out, a)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMatchTable(t *testing.T) {
	art := &marsad.Article{
		ID: "a1", Language: "ar", Source: "سانا", Category: "سياسة", Published: "2025-11-17",
		Title: "وزير الدفاع يستقبل وفداً روسياً في دمشق",
		Text:  "التقى وزير الدفاع السوري مرهف أبو قصرة بالوفد الروسي. وقال الوزير إن المباحثات إيجابية.\n\nوزير-الخارجية غائب.",
		Entities: []marsad.Entity{
			{Name: "مرهف أبو قصرة", Key: "مرهف ابو قصره", Type: marsad.EntityPerson},
		},
	}
	tests := []struct {
		name string
		q    marsad.Query
		want bool
	}{
		{"word", marsad.Query{Text: "دمشق"}, true},
		{"word by stem", marsad.Query{Text: "الوزير"}, true},
		{"absent word", marsad.Query{Text: "بيروت"}, false},
		{"two words anywhere", marsad.Query{Text: "الروسي المباحثات"}, true},
		{"one word absent", marsad.Query{Text: "الروسي بيروت"}, false},
		{"phrase", marsad.Query{Text: `"وزير الدفاع السوري"`}, true},
		{"phrase out of order", marsad.Query{Text: `"الدفاع وزير"`}, false},
		{"phrase across title and text", marsad.Query{Text: `"دمشق التقى"`}, false},
		{"guillemets", marsad.Query{Text: "«وزير الدفاع»"}, true},
		{"excluded", marsad.Query{Text: "دمشق -موسكو"}, true},
		{"excluded present", marsad.Query{Text: "دمشق -الروسي"}, false},
		{"only exclusion", marsad.Query{Text: "-بيروت"}, true},
		{"stop word optional", marsad.Query{Text: "في بيروت"}, false},
		{"stop word optional present", marsad.Query{Text: "في دمشق"}, true},
		{"only stop word", marsad.Query{Text: "في"}, true},
		{"split word", marsad.Query{Text: "وزير-الخارجية"}, true},
		{"diacritics", marsad.Query{Text: "دِمَشْق"}, true},
		{"source", marsad.Query{Text: "دمشق", Sources: []string{"سانا"}}, true},
		{"other source", marsad.Query{Text: "دمشق", Sources: []string{"الجزيرة"}}, false},
		{"any source", marsad.Query{Sources: []string{"الجزيرة", "سانا"}}, true},
		{"category", marsad.Query{Categories: []string{"سياسة"}}, true},
		{"entity by key", marsad.Query{Entities: []string{"مرهف ابو قصره"}}, true},
		{"entity by name", marsad.Query{Entities: []string{"مرهف أبو قصرة"}}, true},
		{"other entity", marsad.Query{Entities: []string{"زاخاروفا"}}, false},
		{"in range", marsad.Query{From: "2025-11-01", To: "2025-11-17"}, true},
		{"before range", marsad.Query{From: "2025-11-18"}, false},
		{"language", marsad.Query{Languages: []string{"ar"}}, true},
		{"other language", marsad.Query{Languages: []string{"en"}}, false},
	}
	var alerts []marsad.Alert
	for i, tt := range tests {
		alerts = append(alerts, marsad.Alert{ID: fmt.Sprint(i), Query: tt.q})
	}
	m, err := NewMatcher(alerts)
	if err != nil {
		t.Fatal(err)
	}
	got := m.Match(art)
	for i, tt := range tests {
		if slices.Contains(got, fmt.Sprint(i)) != tt.want {
			t.Errorf("%s (%+v): matched %v, want %v", tt.name, tt.q, !tt.want, tt.want)
		}
	}
}

func TestInvalidAlertLeftOut(t *testing.T) {
	m, err := NewMatcher([]marsad.Alert{
		{ID: "bad", Query: marsad.Query{Text: "x", From: "17/11/2025"}},
		{ID: "good", Query: marsad.Query{Text: "دمشق"}},
	})
	if err == nil || !strings.Contains(err.Error(), "bad") {
		t.Errorf("error = %v, want one naming the bad alert", err)
	}
	if got := m.Match(&marsad.Article{ID: "x", Title: "دمشق"}); !slices.Equal(got, []string{"good"}) {
		t.Errorf("Match = %v, want [good]", got)
	}
}

// queriesFrom builds queries from the corpus's own words: words, phrases
// of 2 and 3 words, exclusions, filters of every kind.
func queriesFrom(arts []*marsad.Article, n int, seed uint64) []marsad.Query {
	r := rand.New(rand.NewPCG(seed, 7))
	words := func(a *marsad.Article) []string { return strings.Fields(a.Title + " " + a.Text) }
	pick := func() *marsad.Article { return arts[r.IntN(len(arts))] }
	clean := func(w string) string { return strings.Trim(w, `"«»“”():.,،؛-`) }
	var out []marsad.Query
	for len(out) < n {
		a := pick()
		ws := words(a)
		if len(ws) < 4 {
			continue
		}
		i := r.IntN(len(ws) - 3)
		var q marsad.Query
		switch r.IntN(9) {
		case 0, 1:
			q.Text = clean(ws[i])
		case 2:
			q.Text = clean(ws[i]) + " " + clean(words(pick())[0])
		case 3:
			q.Text = `"` + clean(ws[i]) + " " + clean(ws[i+1]) + `"`
		case 4:
			q.Text = `"` + strings.Join(ws[i:i+3], " ") + `"`
		case 5:
			q.Text = clean(ws[i]) + " -" + clean(words(pick())[r.IntN(3)])
		case 6:
			q.Text = clean(ws[i])
			q.Sources = []string{pick().Source}
		case 7:
			q.Text = clean(ws[i])
			if len(a.Entities) > 0 {
				e := a.Entities[r.IntN(len(a.Entities))]
				q.Entities = []string{e.Name}
			}
			q.Categories = []string{a.Category}
		case 8:
			q.From = a.Published
			q.To = time.Date(2025, 1, 5+r.IntN(400), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			if q.To < q.From {
				q.From, q.To = q.To, q.From
			}
			if r.IntN(2) == 0 {
				q.Text = clean(ws[i])
			}
		}
		out = append(out, q)
	}
	out = append(out,
		marsad.Query{Text: "وزير الدفاع"},
		marsad.Query{Text: `"وزير الدفاع"`},
		marsad.Query{Text: "في"},
		marsad.Query{Text: "في دمشق -موسكو"},
		marsad.Query{Text: "الوزير"},
		marsad.Query{Text: "لوزير"},
		marsad.Query{Text: "وزير-الدفاع"},
		marsad.Query{Text: "-دمشق"},
	)
	return out
}

// searchAll runs q on the index and returns every matching ID, sorted.
func searchAll(t *testing.T, ix *search.Index, q marsad.Query) []string {
	t.Helper()
	q.Sort, q.Limit = marsad.SortNew, search.MaxLimit
	var ids []string
	for {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		for _, h := range res.Results {
			ids = append(ids, h.ID)
		}
		if res.NextCursor == "" {
			break
		}
		q.Cursor = res.NextCursor
	}
	slices.Sort(ids)
	return ids
}

// TestMatchEqualsSearch checks the point of the matcher: for every saved
// query, the articles it matches at ingestion are exactly those a search
// of the embedded index finds.
func TestMatchEqualsSearch(t *testing.T) {
	arts := corpus(t, 400, 3)
	ix, err := search.Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(context.Background(), 1, arts...); err != nil {
		t.Fatal(err)
	}
	queries := queriesFrom(arts, 150, 11)
	alerts := make([]marsad.Alert, len(queries))
	for i, q := range queries {
		alerts[i] = marsad.Alert{ID: fmt.Sprintf("q%03d", i), Query: q}
	}
	m, err := NewMatcher(alerts)
	if err != nil {
		t.Fatal(err)
	}
	matched := map[string][]string{}
	for _, a := range arts {
		for _, id := range m.Match(a) {
			matched[id] = append(matched[id], a.ID)
		}
	}
	nonEmpty, total := 0, 0
	for i, q := range queries {
		want := searchAll(t, ix, q)
		got := matched[alerts[i].ID]
		slices.Sort(got)
		if len(want) > 0 {
			nonEmpty++
		}
		total += len(want)
		if !slices.Equal(got, want) {
			extra, missing := diff(got, want), diff(want, got)
			t.Errorf("query %+v: matcher %d articles, search %d; extra %v, missing %v", q, len(got), len(want), head(extra), head(missing))
		}
	}
	t.Logf("%d queries (%d with results, %d matches in all) over %d articles: matcher = search", len(queries), nonEmpty, total, len(arts))
	if nonEmpty < len(queries)/2 {
		t.Errorf("only %d of %d queries find anything: the test is too weak", nonEmpty, len(queries))
	}
}

func diff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func head(xs []string) []string { return xs[:min(len(xs), 5)] }

// TestMatcherSelective checks that matching evaluates few alerts: with
// many alerts on words an article lacks, none is evaluated.
func TestMatcherSelective(t *testing.T) {
	var alerts []marsad.Alert
	for i := range 5000 {
		alerts = append(alerts, marsad.Alert{ID: fmt.Sprint(i), Query: marsad.Query{Text: fmt.Sprintf("كلمة%dغائبة", i)}})
	}
	alerts = append(alerts, marsad.Alert{ID: "hit", Query: marsad.Query{Text: "دمشق"}})
	m, err := NewMatcher(alerts)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.scan) != 0 {
		t.Errorf("%d alerts scanned for every article, want 0", len(m.scan))
	}
	a := &marsad.Article{ID: "x", Title: "خبر من دمشق"}
	if got := m.Match(a); !slices.Equal(got, []string{"hit"}) {
		t.Errorf("Match = %v", got)
	}
	// The key of a query is one of its required words.
	c, _ := compile("k", marsad.Query{Text: "في اجتماع وزراء الخارجية"})
	ks := c.clauseKeys()
	if len(ks) == 0 || !strings.Contains(ks[0], analysis.Stem("الخارجية")[:4]) {
		t.Errorf("keys = %q, want the most selective word", ks)
	}
}

func BenchmarkMatch(b *testing.B) {
	arts := corpus(b, 200, 5)
	queries := queriesFrom(arts, 1000, 13)
	alerts := make([]marsad.Alert, len(queries))
	for i, q := range queries {
		alerts[i] = marsad.Alert{ID: fmt.Sprint(i), Query: q}
	}
	m, err := NewMatcher(alerts)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Match(arts[i%len(arts)])
	}
}

// BenchmarkMatchNaive evaluates every alert against every article, what
// the index of required terms avoids.
func BenchmarkMatchNaive(b *testing.B) {
	arts := corpus(b, 200, 5)
	queries := queriesFrom(arts, 1000, 13)
	var cs []*compiled
	for i, q := range queries {
		c, err := compile(fmt.Sprint(i), q)
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, c)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := newDoc(arts[i%len(arts)])
		for _, c := range cs {
			c.matches(d)
		}
	}
}

// rareAlerts are n alerts as users write them: mostly names and words an
// article rarely holds (random Arabic words here), one in a hundred on a
// word of the corpus.
func rareAlerts(arts []*marsad.Article, n int) []marsad.Alert {
	r := rand.New(rand.NewPCG(21, 1))
	letters := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	common := queriesFrom(arts, n/100+1, 17)
	out := make([]marsad.Alert, n)
	for i := range out {
		if i%100 == 0 {
			out[i] = marsad.Alert{ID: fmt.Sprint(i), Query: common[i/100]}
			continue
		}
		w := make([]rune, 4+r.IntN(4))
		for j := range w {
			w[j] = letters[r.IntN(len(letters))]
		}
		out[i] = marsad.Alert{ID: fmt.Sprint(i), Query: marsad.Query{Text: string(w)}}
	}
	return out
}

// BenchmarkMatchRare: 10,000 alerts, most on words the article lacks.
func BenchmarkMatchRare(b *testing.B) {
	arts := corpus(b, 200, 5)
	m, err := NewMatcher(rareAlerts(arts, 10000))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Match(arts[i%len(arts)])
	}
}

// BenchmarkMatchRareNaive evaluates the same 10,000 alerts one by one.
func BenchmarkMatchRareNaive(b *testing.B) {
	arts := corpus(b, 200, 5)
	var cs []*compiled
	for _, a := range rareAlerts(arts, 10000) {
		c, err := compile(a.ID, a.Query)
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, c)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := newDoc(arts[i%len(arts)])
		for _, c := range cs {
			c.matches(d)
		}
	}
}

// BenchmarkAnalyzeArticle is the fixed cost of matching an article: its
// analysis, shared by all alerts.
func BenchmarkAnalyzeArticle(b *testing.B) {
	arts := corpus(b, 200, 5)
	for i := 0; b.Loop(); i++ {
		newDoc(arts[i%len(arts)])
	}
}
