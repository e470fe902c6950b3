package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	marsad "github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/search/analysis"
)

// Benchmarks run over articles made by package gen (deterministic, seed
// 1). The corpus size is MARSAD_SEARCH_BENCH_N (default 10000). The
// search benchmarks build the index once and keep it in
// $TMPDIR/marsad-search-bench-N-<schema> for later runs; delete it to
// rebuild. See docs/PERFORMANCE.md for the figures.

func benchN(b *testing.B) int {
	n := 10000
	if s := os.Getenv("MARSAD_SEARCH_BENCH_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("MARSAD_SEARCH_BENCH_N=%q", s)
		}
		n = v
	}
	return n
}

// rareWords are made-up words: rareWords[k] is appended to the text of
// article i when i%1000 == k, so each is in 0.1% of the corpus (100
// articles of 100k). The generated vocabulary has no word that rare.
var rareWords = func() []string {
	letters := []rune("بتثجحخدذرزسشصضطظعغفقكلمنهي")
	var out []string
	for k := range 50 {
		out = append(out, "نادر"+string(letters[k%len(letters)])+string(letters[(k*7+3)%len(letters)])+"ة")
	}
	return out
}()

// genArticles calls fn with n generated articles as the store would hold
// them (the page text stands in for the extracted text).
func genArticles(ctx context.Context, n int, fn func(*marsad.Article) error) error {
	i := 0
	return gen.Generate(ctx, gen.Options{Count: n, Seed: 1}, func(g *gen.Article) error {
		a := &marsad.Article{
			ID: g.Truth.ID, URL: g.Truth.URL, Source: g.Truth.Source, Language: "ar",
			Title: g.Truth.Title, Category: g.Truth.Category, Published: g.Truth.Published,
			Text: g.Page.Text,
		}
		if a.Text == "" {
			a.Text = g.Page.HTML
		}
		if k := i % 1000; k < len(rareWords) {
			a.Text += "\n\nكلمة " + rareWords[k] + " للقياس."
		}
		i++
		for _, e := range g.Truth.Entities {
			a.Entities = append(a.Entities, marsad.Entity{Name: e.Name, Key: e.Key, Type: e.Type})
		}
		return fn(a)
	}, nil)
}

// indexArticles indexes n generated articles into ix in batches of
// CatchUpBatch, as CatchUp does, and returns the bytes of text indexed.
func indexArticles(ctx context.Context, ix *Index, n int) (int64, error) {
	var batch []*marsad.Article
	var seq, bytes int64
	flush := func() error {
		err := ix.Put(ctx, seq, batch...)
		batch = batch[:0]
		return err
	}
	err := genArticles(ctx, n, func(a *marsad.Article) error {
		seq++
		bytes += int64(len(a.Text) + len(a.Title))
		batch = append(batch, a)
		if len(batch) == CatchUpBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	return bytes, err
}

func BenchmarkIndexing(b *testing.B) {
	n := benchN(b)
	ctx := context.Background()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		bytes, err := indexArticles(ctx, ix, n)
		if err != nil {
			b.Fatal(err)
		}
		st, _ := ix.Stats()
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start) // includes waiting for the last batch on disk
		docs := st.Docs
		ix, err = Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		st, _ = ix.Stats()
		ix.Close()
		b.ReportMetric(float64(n)/took.Seconds(), "articles/s")
		b.ReportMetric(float64(bytes)/float64(n), "text-bytes/article")
		b.ReportMetric(float64(st.DiskBytes)/float64(n), "disk-bytes/article")
		if docs != uint64(n) || st.Docs != uint64(n) {
			b.Fatalf("indexed %d, reopened %d, want %d", docs, st.Docs, n)
		}
	}
}

// benchQueries are query texts by class, chosen from the corpus.
type benchQueries map[string][]string

var benchOnce sync.Map // n -> *benchSetup

type benchSetup struct {
	once    sync.Once
	ix      *Index
	queries benchQueries
	err     error
}

func benchIndex(b *testing.B) (*Index, benchQueries) {
	n := benchN(b)
	v, _ := benchOnce.LoadOrStore(n, &benchSetup{})
	s := v.(*benchSetup)
	s.once.Do(func() {
		ctx := context.Background()
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("marsad-search-bench-c2-%d-%x", n, schema))
		ix, err := Open(dir)
		if err == nil {
			if c, _ := ix.DocCount(); c != uint64(n) {
				ix.Close()
				ix, err = Recreate(dir)
				if err == nil {
					start := time.Now()
					_, err = indexArticles(ctx, ix, n)
					b.Logf("indexed %d articles in %v", n, time.Since(start))
				}
			}
		}
		if err == nil {
			// Time a fully merged index, as one that has been up for a
			// while: wait for the last batches, then merge the segments.
			ix.pending.Wait()
			start := time.Now()
			err = ix.forceMerge(ctx)
			b.Logf("merged in %v", time.Since(start))
		}
		if err != nil {
			s.err = err
			return
		}
		s.ix = ix
		s.queries, s.err = pickQueries(ctx, n)
	})
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s.ix, s.queries
}

// pickQueries samples every 10th article and picks query texts: the
// "rare" words (in 0.1% of the articles, see rareWords), the most "common" words, the most frequent adjacent word
// pairs as quoted "phrase"s and as loose "words".
func pickQueries(ctx context.Context, n int) (benchQueries, error) {
	df := map[string]int{}
	bigrams := map[[2]string]int{}
	i := 0
	err := genArticles(ctx, n, func(a *marsad.Article) error {
		i++
		if i%10 != 0 {
			return nil
		}
		seen := map[string]bool{}
		toks := analysis.Terms(a.Text)
		for j, t := range toks {
			if !seen[t.Surface] {
				seen[t.Surface] = true
				df[t.Surface]++
			}
			if j > 0 && len(toks[j-1].Surface) > 2 && len(t.Surface) > 2 {
				bigrams[[2]string{toks[j-1].Surface, t.Surface}]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	type kv struct {
		k string
		n int
	}
	var words []kv
	for k, v := range df {
		words = append(words, kv{k, v})
	}
	slices.SortFunc(words, func(a, b kv) int { return cmp.Or(b.n-a.n, cmp.Compare(a.k, b.k)) })
	var pairs []kv
	for k, v := range bigrams {
		pairs = append(pairs, kv{k[0] + " " + k[1], v})
	}
	slices.SortFunc(pairs, func(a, b kv) int { return cmp.Or(b.n-a.n, cmp.Compare(a.k, b.k)) })

	q := benchQueries{}
	for _, w := range words[:min(20, len(words))] {
		q["common"] = append(q["common"], w.k)
	}
	q["rare"] = rareWords
	for _, p := range pairs[:min(50, len(pairs))] {
		q["phrase"] = append(q["phrase"], `"`+p.k+`"`)
		q["words"] = append(q["words"], p.k)
	}
	return q, nil
}

func BenchmarkSearch(b *testing.B) {
	ix, queries := benchIndex(b)
	ctx := context.Background()
	for _, class := range []string{"rare", "common", "phrase", "words"} {
		for _, sort := range []string{marsad.SortRelevance, marsad.SortNew} {
			b.Run(class+"/"+sort, func(b *testing.B) {
				qs := queries[class]
				if len(qs) == 0 {
					b.Skip("no queries of this class")
				}
				var lat []time.Duration
				total, i := 0, 0
				cpu0 := cpuTime()
				for b.Loop() {
					start := time.Now()
					r, err := ix.Search(ctx, marsad.Query{Text: qs[i%len(qs)], Sort: sort})
					if err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
					total += r.Total
					i++
				}
				b.ReportMetric(ms(cpuTime()-cpu0)/float64(len(lat)), "cpu-ms/query")
				slices.Sort(lat)
				b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
				b.ReportMetric(ms(lat[min(len(lat)-1, len(lat)*99/100)]), "p99-ms")
				b.ReportMetric(float64(total)/float64(len(lat)), "hits/query")
			})
		}
	}
	// How far the facet estimates of large result sets are from the exact
	// counts (see ExactFacetMax): the largest relative error among the
	// shown values of each facet, over the common and words queries.
	b.Run("facet-estimates", func(b *testing.B) {
		worst := map[string]float64{}
		missing := 0
		for b.Loop() {
			for _, text := range append(queries["common"][:5:5], queries["words"][:5]...) {
				q := marsad.Query{Text: text}
				est, err := ix.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				if est.Total <= ExactFacetMax {
					continue
				}
				ix.tune.exactFacetMax = 1 << 62
				exact, err := ix.Search(ctx, q)
				ix.tune = tuning{}
				if err != nil {
					b.Fatal(err)
				}
				for name, vals := range exact.Facets {
					got := map[string]int{}
					for _, v := range est.Facets[name] {
						got[v.Value] = v.Count
					}
					for _, v := range vals {
						c, ok := got[v.Value]
						if !ok {
							missing++
							continue
						}
						worst[name] = max(worst[name], math.Abs(float64(c-v.Count))/float64(v.Count))
					}
				}
			}
		}
		for name, w := range worst {
			b.ReportMetric(100*w, "max-err-%-"+name)
		}
		b.ReportMetric(float64(missing), "exact-top-values-missing")
	})
	// A deep page through the cursor costs like the first.
	b.Run("common/relevance/page5", func(b *testing.B) {
		q := marsad.Query{Text: queries["common"][0]}
		for range 4 {
			r, err := ix.Search(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			q.Cursor = r.NextCursor
		}
		var lat []time.Duration
		for b.Loop() {
			start := time.Now()
			if _, err := ix.Search(ctx, q); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
		slices.Sort(lat)
		b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
		b.ReportMetric(ms(lat[min(len(lat)-1, len(lat)*99/100)]), "p99-ms")
	})
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
