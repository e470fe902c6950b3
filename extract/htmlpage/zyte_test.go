package htmlpage

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"github.com/marsad-news/marsad/extract/exteval"
	"github.com/marsad-news/marsad/internal/shared"
)

// zyteFloor is the CI floor of F1 on the Zyte benchmark.
const zyteFloor = 0.955

// bare runs go-trafilatura alone, as its authors benchmark it.
func bare(fallback bool) exteval.Extractor {
	return func(ctx context.Context, p exteval.Page) (string, error) {
		res, err := trafilatura.Extract(bytes.NewReader(p.HTML), trafilatura.Options{EnableFallback: fallback, ExcludeComments: true})
		if err != nil {
			return "", err
		}
		return res.ContentText, nil
	}
}

// ours runs Extract and returns the body with headings, as scored.
func ours(fallback bool) exteval.Extractor {
	return func(ctx context.Context, p exteval.Page) (string, error) {
		a, err := Extract(ctx, string(p.HTML), Options{URL: p.URL, Fallback: fallback})
		if err != nil {
			return "", err
		}
		return Body(a), nil
	}
}

func loadZyte(t testing.TB) (map[string]exteval.Item, []exteval.Page) {
	truthPath := shared.Path(t, "data/article-extraction-benchmark/ground-truth.json")
	htmlDir := shared.Path(t, "data/article-extraction-benchmark/html")
	truth, err := exteval.LoadTruth(truthPath)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := exteval.LoadPages(truth, htmlDir)
	if err != nil {
		t.Fatal(err)
	}
	return truth, pages
}

// TestZyteBenchmark is the quality gate: Extract on the 181 pages of the
// Zyte article-extraction benchmark must reach F1 zyteFloor. Bare
// go-trafilatura is scored in the same run for comparison.
func TestZyteBenchmark(t *testing.T) {
	truth, pages := loadZyte(t)
	bodies := exteval.Bodies(truth)
	run := func(name string, ex exteval.Extractor) exteval.Result {
		start := time.Now()
		pred, failed, err := exteval.Predict(context.Background(), pages, ex, 0)
		if err != nil {
			t.Fatal(err)
		}
		r := exteval.Evaluate(bodies, pred)
		t.Logf("%-22s %s, %d failed, %v", name, r.Summary(), len(failed), time.Since(start).Round(time.Millisecond))
		return r
	}
	b := run("bare go-trafilatura", bare(false))
	r := run("htmlpage.Extract", ours(false))
	for _, p := range r.Worst(8) {
		t.Logf("worst: %s P=%.3f R=%.3f F1=%.3f", p.ID, p.Precision, p.Recall, p.F1)
	}
	t.Logf("F1 delta over bare: %+.4f", r.F1-b.F1)
	if r.F1 < zyteFloor {
		t.Errorf("F1 = %.4f, below the floor %.3f", r.F1, zyteFloor)
	}
}

// BenchmarkZyte measures pages per second on one core over the 181 Zyte
// benchmark pages for Extract and for bare go-trafilatura, with
// trafilatura's fallback off and on, and reports each one's F1. The two
// extractors alternate page by page (the order flips every page) so that
// load from other jobs on the machine hits both alike; overhead is
// Extract's time over bare trafilatura's, minus one, in wall time and in
// process CPU time (which includes garbage collection). One iteration is all
// pages, sequentially on one goroutine:
//
//	go test ./extract/htmlpage -run '^$' -bench Zyte -benchtime 3x
func BenchmarkZyte(b *testing.B) {
	truth, pages := loadZyte(b)
	bodies := exteval.Bodies(truth)
	for _, fallback := range []bool{false, true} {
		b.Run(fmt.Sprintf("fallback=%v", fallback), func(b *testing.B) {
			ctx := context.Background()
			exs := [2]exteval.Extractor{bare(fallback), ours(fallback)}
			preds := [2]map[string]string{{}, {}}
			var spent, cpu [2]time.Duration
			for b.Loop() {
				for i, p := range pages {
					for k := range 2 {
						which := (i + k) % 2
						start, c0 := time.Now(), cpuTime()
						body, _ := exs[which](ctx, p)
						spent[which] += time.Since(start)
						cpu[which] += cpuTime() - c0
						preds[which][p.ID] = body
					}
				}
			}
			n := float64(len(pages) * b.N)
			b.ReportMetric(n/spent[0].Seconds(), "bare-pages/s")
			b.ReportMetric(n/spent[1].Seconds(), "pages/s")
			b.ReportMetric(n/cpu[0].Seconds(), "bare-pages/cpu-s")
			b.ReportMetric(n/cpu[1].Seconds(), "pages/cpu-s")
			b.ReportMetric(100*(spent[1].Seconds()/spent[0].Seconds()-1), "overhead-%")
			b.ReportMetric(100*(cpu[1].Seconds()/cpu[0].Seconds()-1), "cpu-overhead-%")
			b.ReportMetric(exteval.Evaluate(bodies, preds[0]).F1, "bare-F1")
			b.ReportMetric(exteval.Evaluate(bodies, preds[1]).F1, "F1")
		})
	}
}

// BenchmarkArabicPages measures Extract on the Arabic test pages.
func BenchmarkArabicPages(b *testing.B) {
	exp := loadExpectations(b)
	var pages []string
	for name := range exp {
		pages = append(pages, readArabicPage(b, name))
	}
	ctx := context.Background()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Extract(ctx, p, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
}
