package postgres_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/postgres/pgtest"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/search/analysis"
)

// TestScaleSearch measures loading and search latency of both backends
// on one generated corpus of MARSAD_PG_SEARCH_N articles (skipped when
// unset). It is a measurement, not a gate: see docs/PERFORMANCE.md.
//
//	MARSAD_PG_SEARCH_N=20000 go test -run TestScaleSearch -v -timeout 60m ./postgres/
func TestScaleSearch(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MARSAD_PG_SEARCH_N"))
	if n <= 0 {
		t.Skip("set MARSAD_PG_SEARCH_N to the corpus size to measure search at scale")
	}
	ctx := context.Background()
	arts := generated(t, n)
	s := pgtest.Open(t)
	start := time.Now()
	for i := 0; i < len(arts); i += 200 {
		items := []marsad.PutItem{}
		for _, a := range arts[i:min(i+200, len(arts))] {
			c := *a
			items = append(items, marsad.PutItem{Article: &c})
		}
		if _, err := s.PutArticles(ctx, items); err != nil {
			t.Fatal(err)
		}
	}
	pgLoad := time.Since(start)
	if _, err := s.Pool().Exec(ctx, "VACUUM ANALYZE"); err != nil {
		t.Fatal(err)
	}
	var pgBytes int64
	if err := s.Pool().QueryRow(ctx, `SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
		JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = current_schema() AND c.relkind = 'r'`).Scan(&pgBytes); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	start = time.Now()
	for i := 0; i < len(arts); i += 500 {
		if err := ix.Put(ctx, int64(i+1), arts[i:min(i+500, len(arts))]...); err != nil {
			t.Fatal(err)
		}
	}
	bleveLoad := time.Since(start)
	t.Logf("corpus %d articles; postgres store+search load %s (%.0f articles/s, %d bytes/article all tables); bleve index %s (%.0f/s)",
		n, pgLoad.Round(time.Millisecond), float64(n)/pgLoad.Seconds(), pgBytes/int64(n), bleveLoad.Round(time.Millisecond), float64(n)/bleveLoad.Seconds())

	rare, common, phrases := queryWords(arts)
	t.Logf("query words: rare %v, common %v", rare, common)
	reps := 3
	if r, _ := strconv.Atoi(os.Getenv("MARSAD_PG_SEARCH_REPS")); r > 0 {
		reps = r
	}
	classes := []struct {
		name    string
		queries []string
	}{{"rare word", rare}, {"common word", common}, {"phrase", phrases}}
	for _, cl := range classes {
		for _, sortBy := range []string{marsad.SortRelevance, marsad.SortNew} {
			var pgT, blT []time.Duration
			var overlapSum float64
			for rep := 0; rep < reps; rep++ {
				for _, q := range cl.queries {
					query := marsad.Query{Text: q, Sort: sortBy}
					t0 := time.Now()
					pr, err := s.Search(ctx, query)
					if err != nil {
						t.Fatal(err)
					}
					pgT = append(pgT, time.Since(t0))
					t0 = time.Now()
					br, err := ix.Search(ctx, query)
					if err != nil {
						t.Fatal(err)
					}
					blT = append(blT, time.Since(t0))
					if pr.Total != br.Total {
						t.Errorf("%q: total %d (postgres) vs %d (bleve)", q, pr.Total, br.Total)
					}
					if rep == 0 {
						overlapSum += overlap(ids10(br), ids10(pr))
					}
				}
			}
			t.Logf("%-11s %-9s postgres p50 %6.1f ms p99 %6.1f ms | bleve p50 %6.1f ms p99 %6.1f ms | top-10 overlap %.2f (%d queries x%d)",
				cl.name, sortBy, ms(pct(pgT, 50)), ms(pct(pgT, 99)), ms(pct(blT, 50)), ms(pct(blT, 99)),
				overlapSum/float64(len(cl.queries)), len(cl.queries), reps)
		}
	}
}

func ids10(r *marsad.SearchResults) []string {
	var out []string
	for i, h := range r.Results {
		if i == 10 {
			break
		}
		out = append(out, h.ID)
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

// queryWords picks the 20 rarest words (in at least 2 articles), the 20 most common
// content words and 20 two-word phrases of titles from the corpus.
func queryWords(arts []*marsad.Article) (rare, common, phrases []string) {
	df := map[string]int{}
	for _, a := range arts {
		seen := map[string]bool{}
		for _, tk := range analysis.Analyze(a.Title+" "+a.Text, analysis.Plain) {
			if !seen[tk.Surface] && len([]rune(tk.Surface)) > 2 && !arabic.IsStopWord(tk.Surface) {
				seen[tk.Surface] = true
				df[tk.Surface]++
			}
		}
	}
	type wf struct {
		w string
		n int
	}
	var all []wf
	for w, n := range df {
		all = append(all, wf{w, n})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || (all[i].n == all[j].n && all[i].w < all[j].w) })
	for _, x := range all {
		if len(common) < 20 {
			common = append(common, x.w)
		}
	}
	// Rare: the least frequent words found in at least 2 articles.
	for i := len(all) - 1; i >= 0 && len(rare) < 20; i-- {
		if all[i].n >= 2 {
			rare = append(rare, all[i].w)
		}
	}
	seen := map[string]bool{}
	for _, a := range arts {
		toks := analysis.Analyze(a.Title, analysis.Plain)
		if len(toks) >= 3 {
			p := fmt.Sprintf("%q", toks[1].Surface+" "+toks[2].Surface)
			if !seen[p] {
				seen[p] = true
				phrases = append(phrases, p)
			}
		}
		if len(phrases) == 20 {
			break
		}
	}
	return rare, common, phrases
}
