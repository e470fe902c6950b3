package ingest_test

import (
	"path/filepath"
	"testing"

	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/sqlite"
)

// BenchmarkIngest ingests 300 generated plain-text pages (extract +
// analyze + store, no search index) into a new store per iteration.
// Run with -benchtime=3x.
func BenchmarkIngest(b *testing.B) {
	dir := b.TempDir()
	if _, err := gen.WriteDir(b.Context(), dir, gen.Options{Count: 300, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	an := pipelineB(b)
	pages := filepath.Join(dir, gen.PagesFile)
	n := 0
	for b.Loop() {
		s, err := sqlite.OpenDir(b.Context(), b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		sum, err := ingest.Run(b.Context(), []string{pages}, ingest.Options{Store: s, Processor: an})
		s.Close()
		if err != nil || sum.New != 300 {
			b.Fatalf("%v: %s", err, sum)
		}
		n += sum.New
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}
