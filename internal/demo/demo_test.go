package demo

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/sqlite"
)

// The embedded copy must stay identical to the founding example.
func TestSeedIsTheFoundingExample(t *testing.T) {
	orig, err := os.ReadFile("../../extract/testdata/pages/article-ar-001.txt")
	if err != nil {
		t.Skipf("founding example not found: %v", err)
	}
	if !bytes.Equal(orig, SeedPage()) {
		t.Fatal("internal/demo/seed/article-ar-001.txt differs from extract/testdata/pages/article-ar-001.txt")
	}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.OpenDir(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	proc := ingest.NewPipeline(nil)
	res, err := Load(ctx, Options{Store: st, Processor: proc, Articles: 30, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Ingest.New != 31 || res.Ingest.Failed != 0 || res.Build.Stories == 0 {
		t.Fatalf("first load: %+v", res)
	}
	res, err = Load(ctx, Options{Store: st, Processor: proc, Articles: 30, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Ingest.New != 0 || res.Ingest.Unchanged != 31 {
		t.Fatalf("second load is not idempotent: %+v", res.Ingest)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 31 || stats.Stories == 0 {
		t.Fatalf("stats %+v", stats)
	}
	if _, err := Load(ctx, Options{}); err == nil {
		t.Fatal("Load without a store succeeded")
	}
}
