package sqlite_test

import (
	"fmt"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/store/storetest"
)

// BenchmarkPutArticles stores batches of 64 new articles (with entities,
// quotes, dates and events) per transaction.
func BenchmarkPutArticles(b *testing.B) {
	s, err := openBench(b)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	n := 0
	for b.Loop() {
		items := make([]marsad.PutItem, 64)
		for i := range items {
			a := storetest.Article(n)
			a.URL = fmt.Sprintf("https://bench.example/%d", n)
			items[i] = marsad.PutItem{Article: a}
			n++
		}
		if _, err := s.PutArticles(b.Context(), items); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkChanges reads the change log in pages of 500, as the search
// index does when it catches up.
func BenchmarkChanges(b *testing.B) {
	s, err := openBench(b)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	items := make([]marsad.PutItem, 2000)
	for i := range items {
		items[i] = marsad.PutItem{Article: storetest.Article(i)}
	}
	if _, err := s.PutArticles(b.Context(), items); err != nil {
		b.Fatal(err)
	}
	read := 0
	for b.Loop() {
		after := int64(0)
		for {
			ch, err := s.Changes(b.Context(), after, 500)
			if err != nil {
				b.Fatal(err)
			}
			if len(ch) == 0 {
				break
			}
			read += len(ch)
			after = ch[len(ch)-1].Seq
		}
	}
	b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "articles/s")
}
