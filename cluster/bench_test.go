package cluster_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/cluster/clustereval"
	"github.com/marsad-news/marsad/gen"
)

// truthArticle turns a generated page into an analyzed article without
// running extract and analyze: the text of the page and the entities,
// dates and events of its truth. The clustering cost is what is measured.
func truthArticle(a *gen.Article, seq int) *marsad.Article {
	tr := a.Truth
	text := a.Page.Text
	if text == "" {
		text = a.Page.HTML
	}
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[i+1:] // drop the title line
	}
	art := &marsad.Article{
		ID: tr.ID, URL: tr.URL, Source: tr.Source, Title: tr.Title,
		// Within a day, the generation order.
		Published: tr.Published + fmt.Sprintf("T%02d:%02d:%02dZ", seq/3600%24, seq/60%60, seq%60),
		Text:      text,
		Events:    tr.Events,
	}
	for _, e := range tr.Entities {
		ent := marsad.Entity{Name: e.Name, Key: e.Key, Type: e.Type, Roles: e.Roles}
		for _, f := range e.Forms {
			ent.Mentions = append(ent.Mentions, marsad.Mention{Text: f})
		}
		art.Entities = append(art.Entities, ent)
	}
	for _, d := range tr.Dates {
		art.Dates = append(art.Dates, marsad.DateRef{Text: d.Text, Value: d.Value, Granularity: marsad.GranularityDay})
	}
	return art
}

// perDay is the rate of the generated archives of the benchmarks: about
// what 20 to 30 outlets publish in a day.
const perDay = 300

// BenchmarkAddArchive clusters a generated archive of n articles at a
// steady perDay articles a day (gen.Options.Days = n/perDay) and reports the
// cost per article over the whole run and over its last 10%, when the
// archive holds 90% of n: flat figures mean no O(n) work per article.
// 1M runs only with MARSAD_BENCH_1M=1 (about 10 minutes).
func BenchmarkAddArchive(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if os.Getenv("MARSAD_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("archive=%d", n), func(b *testing.B) {
			for b.Loop() {
				benchArchive(b, n)
			}
		})
	}
}

func benchArchive(b *testing.B, n int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ctx := context.Background()
	c := cluster.New(cluster.Options{})
	var total, tail, cpu, cpuTail time.Duration
	i := 0
	gold, pred := make(map[string]string, n), make(map[string]string, n)
	err := gen.Generate(ctx, gen.Options{Count: n, Seed: 11, Days: max(1, n/perDay)}, func(a *gen.Article) error {
		art := truthArticle(a, i)
		start, startCPU := time.Now(), threadCPU()
		asg, err := c.Add(ctx, art)
		d, dc := time.Since(start), threadCPU()-startCPU
		total += d
		cpu += dc
		if i >= n*9/10 {
			tail += d
			cpuTail += dc
		}
		gold[art.ID], pred[art.ID] = a.Truth.Story, asg.StoryID
		i++
		return err
	}, nil)
	if err != nil {
		b.Fatal(err)
	}
	docs, stories := c.Len()
	last := float64(n - n*9/10)
	b.ReportMetric(float64(total.Microseconds())/1000/float64(n), "ms/article")
	b.ReportMetric(float64(tail.Microseconds())/1000/last, "ms/article-last10%")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/article")
	b.ReportMetric(float64(cpuTail.Microseconds())/1000/last, "cpu-ms/article-last10%")
	_, bc := clustereval.Score(gold, pred)
	b.ReportMetric(bc.F1, "bcubed-F1")
	b.ReportMetric(float64(docs), "window-articles")
	b.ReportMetric(float64(stories), "window-stories")
}

// BenchmarkAdd is the cost of one Add on a warm clusterer holding a few
// days of a generated archive.
func BenchmarkAdd(b *testing.B) {
	ctx := context.Background()
	var arts []*marsad.Article
	i := 0
	gen.Generate(ctx, gen.Options{Count: 20_000, Seed: 3, Days: 20_000 / perDay}, func(a *gen.Article) error {
		arts = append(arts, truthArticle(a, i))
		i++
		return nil
	}, nil)
	c := cluster.New(cluster.Options{})
	for _, a := range arts[:10_000] {
		c.Add(ctx, a)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	j := 10_000
	startCPU := threadCPU()
	for b.Loop() {
		if j == len(arts) {
			b.StopTimer()
			c = cluster.New(cluster.Options{})
			for _, a := range arts[:10_000] {
				c.Add(ctx, a)
			}
			j = 10_000
			b.StartTimer()
		}
		c.Add(ctx, arts[j])
		j++
	}
	b.ReportMetric(float64((threadCPU()-startCPU).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkAddCycled measures the same growth without the cost of
// generating: a pool of 20,000 generated articles (66 days at perDay) is
// replayed with new IDs and times shifted by the pool's span, so that each
// cycle is new coverage (the originals have left the window) and the
// archive can reach 1M articles (MARSAD_BENCH_1M=1).
func BenchmarkAddCycled(b *testing.B) {
	const poolSize = 20_000
	var pool []*marsad.Article
	i := 0
	gen.Generate(context.Background(), gen.Options{Count: poolSize, Seed: 5, Days: poolSize / perDay}, func(a *gen.Article) error {
		pool = append(pool, truthArticle(a, i))
		i++
		return nil
	}, nil)
	span := time.Duration(poolSize/perDay+1) * 24 * time.Hour
	sizes := []int{10_000, 100_000}
	if os.Getenv("MARSAD_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("archive=%d", n), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for b.Loop() {
				ctx := context.Background()
				c := cluster.New(cluster.Options{})
				var cpu, cpuTail time.Duration
				for k := 0; k < n; k++ {
					src := pool[k%poolSize]
					cycle := k / poolSize
					a := *src
					a.ID = fmt.Sprintf("%s-%d", src.ID, cycle)
					t, _ := time.Parse(time.RFC3339, src.Published)
					a.Published = t.Add(time.Duration(cycle) * span).Format(time.RFC3339)
					start := threadCPU()
					if _, err := c.Add(ctx, &a); err != nil {
						b.Fatal(err)
					}
					d := threadCPU() - start
					cpu += d
					if k >= n*9/10 {
						cpuTail += d
					}
				}
				docs, stories := c.Len()
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/article")
				b.ReportMetric(float64(cpuTail.Microseconds())/1000/float64(n-n*9/10), "cpu-ms/article-last10%")
				b.ReportMetric(float64(docs), "window-articles")
				b.ReportMetric(float64(stories), "window-stories")
			}
		})
	}
}
