// Package demo fills an archive for `marsad run --demo`: the founding
// example (embedded, see seed/README.md) and a generated corpus of
// fictional outlets covering shared stories (package gen), extracted,
// analyzed, stored, indexed and clustered into stories, offline.
package demo

import (
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/ingest"
)

//go:embed seed/article-ar-001.txt
var seedPage []byte

// Seed facts: the founding example is ingested under this name and outlet
// (the page says its sources spoke "للجزيرة").
const (
	SeedName   = "article-ar-001.txt"
	SeedSource = "الجزيرة"
	// SeedQuery finds the founding example.
	SeedQuery = "وزير الدفاع"
)

// SeedPage returns the founding example's text (a copy).
func SeedPage() []byte { return append([]byte(nil), seedPage...) }

// DefaultArticles is the size of the generated corpus when
// Options.Articles is zero.
const DefaultArticles = 1500

// Options configure Load.
type Options struct {
	Store     marsad.Store
	Index     ingest.Index
	Processor ingest.Processor
	// Articles is the number of generated articles (default
	// DefaultArticles; negative: none, only the founding example).
	Articles int
	// Seed selects the generated corpus.
	Seed uint64
	// Days is the span of the generated stories, ending the day after the
	// founding example (default 30).
	Days   int
	Logger *slog.Logger
	// Progress, when set, receives ingestion progress.
	Progress func(ingest.Summary)
}

// Result says what Load stored.
type Result struct {
	Ingest ingest.Summary
	Build  cluster.BuildStats
}

// Load ingests the founding example and the generated corpus into the
// store (and index), then clusters the whole archive into stories. It is
// idempotent: a second Load stores nothing new and rebuilds the same
// stories.
func Load(ctx context.Context, opts Options) (Result, error) {
	if opts.Store == nil || opts.Processor == nil {
		return Result{}, fmt.Errorf("demo: Store and Processor are required")
	}
	n := opts.Articles
	if n == 0 {
		n = DefaultArticles
	}
	days := opts.Days
	if days <= 0 {
		days = 30
	}
	// The founding example is of 17 November 2025; the generated stories
	// lead up to it.
	end := time.Date(2025, 11, 18, 0, 0, 0, 0, time.UTC)
	inputs := make(chan *ingest.Input, 16)
	genErr := make(chan error, 1)
	go func() {
		defer close(inputs)
		send := func(in *ingest.Input) error {
			select {
			case inputs <- in:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := send(&ingest.Input{Name: SeedName, Data: SeedPage(), Source: SeedSource, ContentType: "text/plain; charset=utf-8"}); err != nil {
			genErr <- err
			return
		}
		if n < 0 {
			genErr <- nil
			return
		}
		genErr <- gen.Generate(ctx, gen.Options{Count: n, Seed: opts.Seed, Start: end.AddDate(0, 0, -days), Days: days},
			func(a *gen.Article) error {
				data := a.Page.Text
				ct := "text/plain; charset=utf-8"
				if a.Page.HTML != "" {
					data, ct = a.Page.HTML, "text/html; charset=utf-8"
				}
				return send(&ingest.Input{Name: a.Page.URL, Data: []byte(data), URL: a.Page.URL, Source: a.Page.Source, ContentType: ct})
			}, nil)
	}()
	var res Result
	var err error
	res.Ingest, err = ingest.RunInputs(ctx, inputs, ingest.Options{
		Store: opts.Store, Processor: opts.Processor, Index: opts.Index, Logger: opts.Logger, Progress: opts.Progress,
		KeepRaw: true,
	})
	// Drain so the generator can finish when ingestion stopped early.
	for range inputs {
	}
	if gerr := <-genErr; gerr != nil && err == nil {
		err = fmt.Errorf("demo: generating the corpus: %w", gerr)
	}
	if err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	res.Build, err = cluster.Build(ctx, opts.Store, cluster.New(cluster.Options{}), nil)
	if err != nil {
		return res, fmt.Errorf("demo: clustering: %w", err)
	}
	return res, nil
}
