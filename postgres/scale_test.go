package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/search/analysis"
)

// TestScaleSearch measures loading and search latency of both backends
// on one generated corpus of MARSAD_PG_SEARCH_N articles (skipped when
// unset). It is a measurement, not a gate: see docs/PERFORMANCE.md.
//
//	MARSAD_PG_SEARCH_N=20000 go test -run TestScaleSearch -v -timeout 60m ./postgres/
//
// With MARSAD_PG_SEARCH_DIR set it loads nothing: it measures the archive
// TestScaleLoad left there (the bleve index in DIR/index, PostgreSQL at
// MARSAD_PG_SEARCH_URL), with the query words taken from PostgreSQL's
// lexeme statistics (cached in DIR).
func TestScaleSearch(t *testing.T) {
	if os.Getenv("MARSAD_PG_SEARCH_DIR") != "" {
		scaleSearchPersistent(t)
		return
	}
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
	pgBytes := schemaBytes(t, s)
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
	measureSearch(t, s, ix, rare, common, phrases, 0)
}

func schemaBytes(t *testing.T, s *postgres.Store) int64 {
	var b int64
	if err := s.Pool().QueryRow(context.Background(), `SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
		JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = current_schema() AND c.relkind = 'r'`).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

// measureSearch times every query of each class on both backends and logs
// p50/p99 and the mean CPU per query (PostgreSQL: the server backend's CPU,
// from /proc, when pgPID is not 0, plus this process's; bleve: this
// process's).
func measureSearch(t *testing.T, s *postgres.Store, ix *search.Index, rare, common, phrases []string, pgPID int) {
	ctx := context.Background()
	t.Logf("query words: rare %v, common %v, phrases %v", rare, common, phrases)
	reps := 3
	if r, _ := strconv.Atoi(os.Getenv("MARSAD_PG_SEARCH_REPS")); r > 0 {
		reps = r
	}
	only := os.Getenv("MARSAD_PG_SEARCH_ONLY") // "postgres" or "bleve": time one backend
	classes := []struct {
		name    string
		queries []string
	}{{"rare word", rare}, {"common word", common}, {"phrase", phrases}}
	for _, cl := range classes {
		for _, sortBy := range []string{marsad.SortRelevance, marsad.SortNew} {
			var pgT, blT []time.Duration
			var pgCPU, blCPU time.Duration
			var overlapSum, totalErr float64
			estimated := 0
			for rep := 0; rep < reps; rep++ {
				for _, q := range cl.queries {
					query := marsad.Query{Text: q, Sort: sortBy}
					var pr, br *marsad.SearchResults
					var err error
					if only != "bleve" {
						c0, b0 := selfCPU(), backendCPU(pgPID)
						t0 := time.Now()
						if pr, err = s.Search(ctx, query); err != nil {
							t.Fatal(err)
						}
						pgT = append(pgT, time.Since(t0))
						if os.Getenv("MARSAD_PG_SEARCH_VERBOSE") != "" && rep == 0 {
							t.Logf("postgres %q %s: %s, total %d", q, sortBy, time.Since(t0).Round(time.Millisecond), pr.Total)
						}
						pgCPU += selfCPU() - c0 + backendCPU(pgPID) - b0
					}
					if only != "postgres" {
						c0 := selfCPU()
						t0 := time.Now()
						if br, err = ix.Search(ctx, query); err != nil {
							t.Fatal(err)
						}
						blT = append(blT, time.Since(t0))
						blCPU += selfCPU() - c0
					}
					if pr == nil || br == nil || rep > 0 {
						continue
					}
					overlapSum += overlap(ids10(br), ids10(pr))
					if pr.Total != br.Total {
						if br.Total <= postgres.ExactMatchMax {
							t.Errorf("%q: total %d (postgres) vs %d (bleve)", q, pr.Total, br.Total)
						}
						estimated++
						totalErr = max(totalErr, math.Abs(float64(pr.Total-br.Total))/float64(br.Total))
					}
				}
			}
			nq := float64(len(pgT))
			bq := float64(len(blT))
			t.Logf("%-11s %-9s postgres p50 %7.1f ms p99 %7.1f ms cpu %6.1f ms/query | bleve p50 %6.1f ms p99 %6.1f ms cpu %5.1f ms/query | top-10 overlap %.2f | estimated totals %d, largest error %.1f %% (%d queries x%d)",
				cl.name, sortBy, ms(pct(pgT, 50)), ms(pct(pgT, 99)), ms(pgCPU)/max(nq, 1), ms(pct(blT, 50)), ms(pct(blT, 99)), ms(blCPU)/max(bq, 1),
				overlapSum/float64(len(cl.queries)), estimated, 100*totalErr, len(cl.queries), reps)
		}
	}
}

// selfCPU is the CPU time (user + system) used by this process so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU is the CPU time of process pid (a PostgreSQL backend) from
// /proc, 0 when unknown.
func backendCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * (time.Second / 100) // USER_HZ
}

// TestScaleLoad loads the generated corpus of MARSAD_PG_SEARCH_N articles
// (seed 7) into PostgreSQL at MARSAD_PG_SEARCH_URL (bulk COPY of the
// tables Search reads: BulkLoadForTest) and into a bleve index in
// MARSAD_PG_SEARCH_DIR/index (Index.Put in batches), up to
// MARSAD_PG_SEARCH_UPTO articles (default all), resuming where an earlier
// run stopped. It is the load step of the 1M measurement
// (docs/PERFORMANCE.md ("PostgreSQL search at 1M articles")); skipped unless the variables are set.
func TestScaleLoad(t *testing.T) {
	dir, dbURL := os.Getenv("MARSAD_PG_SEARCH_DIR"), os.Getenv("MARSAD_PG_SEARCH_URL")
	n, _ := strconv.Atoi(os.Getenv("MARSAD_PG_SEARCH_N"))
	if dir == "" || dbURL == "" || n <= 0 {
		t.Skip("set MARSAD_PG_SEARCH_DIR, MARSAD_PG_SEARCH_URL and MARSAD_PG_SEARCH_N to load a scale corpus")
	}
	upto, _ := strconv.Atoi(os.Getenv("MARSAD_PG_SEARCH_UPTO"))
	if upto <= 0 || upto > n {
		upto = n
	}
	ctx := context.Background()
	if _, err := postgres.Migrate(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	s, ix := openScaleArchive(t, dbURL, dir, postgres.Options{})
	var pgDone int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM article_search`).Scan(&pgDone); err != nil {
		t.Fatal(err)
	}
	blDone64, err := ix.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	blDone := int(blDone64)
	skipPG, skipBleve := os.Getenv("MARSAD_PG_SEARCH_SKIP") == "postgres", os.Getenv("MARSAD_PG_SEARCH_SKIP") == "bleve"
	t.Logf("resuming: postgres has %d, bleve %d of %d (loading up to %d)", pgDone, blDone, n, upto)
	const batch = 1000
	type chunk struct {
		first int
		arts  []*marsad.Article
	}
	pgCh, blCh := make(chan chunk, 4), make(chan chunk, 4)
	errc := make(chan error, 2)
	progress := func(name string, done int, start time.Time, since int) {
		if done%20000 == 0 || done == upto {
			el := time.Since(start)
			t.Logf("%s %s: %d articles (%.0f/s since start of this run)", time.Now().UTC().Format("15:04:05"), name, done, float64(done-since)/el.Seconds())
		}
	}
	go func() {
		start := time.Now()
		for c := range pgCh {
			if _, err := postgres.BulkLoadForTest(ctx, s, c.arts); err != nil {
				errc <- err
				for range pgCh {
				}
				return
			}
			progress("postgres", c.first+len(c.arts), start, pgDone)
		}
		errc <- nil
	}()
	go func() {
		start := time.Now()
		for c := range blCh {
			if err := ix.Put(ctx, int64(c.first+len(c.arts)), c.arts...); err != nil {
				errc <- err
				for range blCh {
				}
				return
			}
			progress("bleve", c.first+len(c.arts), start, blDone)
		}
		errc <- nil
	}()
	i := 0
	var cur []*marsad.Article
	flush := func() {
		first := i - len(cur)
		if first >= pgDone && !skipPG {
			pgCh <- chunk{first, cur}
		}
		if first >= blDone && !skipBleve {
			blCh <- chunk{first, cur}
		}
		cur = nil
	}
	stop := errors.New("stop")
	err = gen.Generate(ctx, gen.Options{Count: n, Seed: 7}, func(g *gen.Article) error {
		if i >= upto {
			return stop
		}
		i++
		if i > pgDone || i > blDone {
			cur = append(cur, genArticle(g))
		} else {
			cur = append(cur, nil)
		}
		if len(cur) == batch {
			flush()
		}
		return nil
	}, nil)
	if len(cur) > 0 {
		flush()
	}
	close(pgCh)
	close(blCh)
	if err != nil && !errors.Is(err, stop) {
		t.Fatal(err)
	}
	for range 2 {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := s.Pool().Exec(ctx, "VACUUM ANALYZE"); err != nil {
		t.Fatal(err)
	}
	t.Logf("vacuum analyze %s; postgres %d bytes/article (all tables)", time.Since(start).Round(time.Second), schemaBytes(t, s)/int64(max(i, 1)))
}

// scaleSearchPersistent is TestScaleSearch on the archive TestScaleLoad
// left in MARSAD_PG_SEARCH_DIR.
func scaleSearchPersistent(t *testing.T) {
	ctx := context.Background()
	dir, dbURL := os.Getenv("MARSAD_PG_SEARCH_DIR"), os.Getenv("MARSAD_PG_SEARCH_URL")
	s, ix := openScaleArchive(t, dbURL, dir, postgres.Options{MaxConns: 1})
	var count, pid int
	if err := s.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM article_search)::int, pg_backend_pid()`).Scan(&count, &pid); err != nil {
		t.Fatal(err)
	}
	docs, err := ix.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("postgres %d articles, bleve %d", count, docs)
	if os.Getenv("MARSAD_PG_SEARCH_ONLY") == "" && uint64(count) != docs {
		t.Fatalf("the backends hold different corpora (%d vs %d articles)", count, docs)
	}
	cache := filepath.Join(dir, "words-"+strconv.Itoa(count)+".json")
	var w struct{ Rare, Common, Phrases []string }
	if b, err := os.ReadFile(cache); err == nil {
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
	} else {
		start := time.Now()
		w.Rare, w.Common, w.Phrases = storedQueryWords(t, s)
		t.Logf("query words from ts_stat in %s", time.Since(start).Round(time.Second))
		b, _ := json.Marshal(w)
		if err := os.WriteFile(cache, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	measureSearch(t, s, ix, w.Rare, w.Common, w.Phrases, pid)
	if os.Getenv("MARSAD_PG_SEARCH_ONLY") != "bleve" {
		checkEstimates(t, s, append(w.Common[:min(5, len(w.Common))], w.Phrases[:min(5, len(w.Phrases))]...))
	}
}

// checkEstimates compares the estimated totals and facets of queries
// (above postgres.ExactMatchMax matches) with exact counts computed in
// SQL over every match, and logs the largest relative error of the
// exact top-10 values of each facet and how many are missing.
func checkEstimates(t *testing.T, s *postgres.Store, queries []string) {
	ctx := context.Background()
	cols := map[string]string{marsad.FacetSource: "source", marsad.FacetCategory: "category", marsad.FacetEntity: "k"}
	worst := map[string]float64{}
	missing, checked := 0, 0
	for _, q := range queries {
		r, err := s.Search(ctx, marsad.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total <= postgres.ExactMatchMax {
			continue
		}
		clauses, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		match := postgres.MatchQueryForTest(clauses)
		var total int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM article_search WHERE tsv @@ $1::tsquery`, match).Scan(&total); err != nil {
			t.Fatal(err)
		}
		checked++
		for name, col := range cols {
			from := "article_search s"
			if col == "k" {
				from += ", unnest(s.entity_keys) AS k"
			}
			rows, err := s.Pool().Query(ctx, `SELECT `+col+`, count(*) FROM `+from+` WHERE s.tsv @@ $1::tsquery AND `+col+` <> ''
				GROUP BY 1 ORDER BY 2 DESC LIMIT 10`, match)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v string
				var n int
				if err := rows.Scan(&v, &n); err != nil {
					t.Fatal(err)
				}
				found := false
				for _, e := range r.Facets[name] {
					if e.Value == v {
						found = true
						worst[name] = max(worst[name], math.Abs(float64(e.Count-n))/float64(n))
					}
				}
				if !found {
					missing++
				}
			}
			rows.Close()
		}
		t.Logf("estimates %q: total %d estimated, %d exact (%.1f %%)", q, r.Total, total, 100*float64(r.Total-total)/float64(total))
	}
	t.Logf("facet estimates over %d queries: largest relative error of an exact top-10 value: source %.1f %%, category %.1f %%, entity %.1f %%; %d exact top-10 values not in the estimated top 10",
		checked, 100*worst[marsad.FacetSource], 100*worst[marsad.FacetCategory], 100*worst[marsad.FacetEntity], missing)
}

// storedQueryWords picks the query words of queryWords from the lexeme
// statistics of the stored tsvectors (surface forms: "s:" lexemes) and
// the titles of the first stored articles.
func storedQueryWords(t *testing.T, s *postgres.Store) (rare, common, phrases []string) {
	ctx := context.Background()
	rows, err := s.Pool().Query(ctx, `SELECT word, ndoc FROM ts_stat('SELECT tsv FROM article_search') WHERE word LIKE 's:%'`)
	if err != nil {
		t.Fatal(err)
	}
	type wf struct {
		w string
		n int
	}
	var all []wf
	for rows.Next() {
		var x wf
		if err := rows.Scan(&x.w, &x.n); err != nil {
			t.Fatal(err)
		}
		x.w = strings.TrimPrefix(x.w, "s:")
		if len([]rune(x.w)) > 2 && !arabic.IsStopWord(x.w) {
			all = append(all, x)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || (all[i].n == all[j].n && all[i].w < all[j].w) })
	for _, x := range all[:min(20, len(all))] {
		common = append(common, x.w)
	}
	for i := len(all) - 1; i >= 0 && len(rare) < 20; i-- {
		if all[i].n >= 2 {
			rare = append(rare, all[i].w)
		}
	}
	trows, err := s.Pool().Query(ctx, `SELECT title FROM articles ORDER BY seq LIMIT 200`)
	if err != nil {
		t.Fatal(err)
	}
	titles, err := pgx.CollectRows(trows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return rare, common, titlePhrases(titles)
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
	titles := make([]string, len(arts))
	for i, a := range arts {
		titles[i] = a.Title
	}
	return rare, common, titlePhrases(titles)
}

// titlePhrases returns up to 20 distinct quoted phrases, the second and
// third words of the titles, in order.
func titlePhrases(titles []string) []string {
	var phrases []string
	seen := map[string]bool{}
	for _, title := range titles {
		toks := analysis.Analyze(title, analysis.Plain)
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
	return phrases
}

// openScaleArchive opens the PostgreSQL archive at dbURL and the bleve
// index in dir/index of the scale tests; both close with the test.
func openScaleArchive(t *testing.T, dbURL, dir string, opts postgres.Options) (*postgres.Store, *search.Index) {
	t.Helper()
	s, err := postgres.Open(context.Background(), dbURL, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ix, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return s, ix
}
