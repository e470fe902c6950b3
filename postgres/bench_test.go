package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
	"github.com/marsad-news/marsad/store/storetest"
)

// BenchmarkPutArticles stores batches of 64 new articles (analysis rows,
// registry and tsvector included).
func BenchmarkPutArticles(b *testing.B) {
	s := pgtest.Open(b)
	ctx := context.Background()
	n := 0
	b.ResetTimer()
	for b.Loop() {
		items := make([]marsad.PutItem, 64)
		for i := range items {
			a := storetest.Article(n)
			a.URL = fmt.Sprintf("https://bench.example/%d", n)
			items[i] = marsad.PutItem{Article: a}
			n++
		}
		if _, err := s.PutArticles(ctx, items); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearch runs a word query with facets over 1,000 articles.
func BenchmarkSearch(b *testing.B) {
	s := pgtest.Open(b)
	ctx := context.Background()
	arts := generated(b, 1000)
	items := make([]marsad.PutItem, len(arts))
	for i, a := range arts {
		items[i] = marsad.PutItem{Article: a}
	}
	if _, err := s.PutArticles(ctx, items); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(ctx, marsad.Query{Text: "وزير الخارجية"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaimComplete claims and completes frontier entries of many
// hosts, one at a time.
func BenchmarkClaimComplete(b *testing.B) {
	s := pgtest.Open(b)
	ctx := context.Background()
	var es []marsad.FrontierEntry
	for i := range 5000 {
		es = append(es, marsad.FrontierEntry{URL: fmt.Sprintf("https://h%d.example/%d", i%50, i), Kind: marsad.KindPage})
	}
	if _, err := s.AddURLs(ctx, es); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		got, err := s.Claim(ctx, "bench", time.Now(), 1, time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		if len(got) == 0 {
			b.StopTimer()
			if _, err := s.Pool().Exec(ctx, `UPDATE frontier SET next_fetch = now()`); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			continue
		}
		got[0].NextFetch = time.Time{}
		if err := s.Complete(ctx, "bench", got[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchLarge runs queries matching more than ExactMatchMax
// articles (a word in nearly every article of 8,000), whose totals and
// facets are estimated from a sample and whose relevance order ranks a
// window of recent matches.
func BenchmarkSearchLarge(b *testing.B) {
	s := pgtest.Open(b)
	ctx := context.Background()
	arts := generated(b, 8000)
	for i := 0; i < len(arts); i += 1000 {
		if _, err := postgres.BulkLoadForTest(ctx, s, arts[i:i+1000]); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.Pool().Exec(ctx, "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
	for _, q := range []marsad.Query{{Text: "وزير"}, {Text: "وزير", Sort: marsad.SortNew}, {}} {
		b.Run(q.Text+"/"+q.Sort, func(b *testing.B) {
			for b.Loop() {
				r, err := s.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				if r.Total <= postgres.ExactMatchMax {
					b.Fatalf("total %d: not a large result set", r.Total)
				}
			}
		})
	}
}
