package web

import (
	"context"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

type countingSearcher struct {
	marsad.Searcher
	n atomic.Int64
}

func (c *countingSearcher) Search(ctx context.Context, q marsad.Query) (*marsad.SearchResults, error) {
	c.n.Add(1)
	return c.Searcher.Search(ctx, q)
}

func TestSearchCache(t *testing.T) {
	f := loadFixture(t)
	cs := &countingSearcher{Searcher: f.index}
	now := time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC)
	ts, _ := newTestServer(t, func(o *Options) {
		o.Search = cs
		o.SearchCache = 2
		o.Now = func() time.Time { return now }
	})
	calls := func(path string) int64 {
		t.Helper()
		before := cs.n.Load()
		if resp, body := get(t, ts.Client(), ts.URL, path); resp.StatusCode != 200 {
			t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
		}
		return cs.n.Load() - before
	}
	q := "/api/v1/search?q=" + url.QueryEscape("دمشق")
	if n := calls(q); n != 1 {
		t.Fatalf("first search: %d calls", n)
	}
	if n := calls(q); n != 0 {
		t.Fatalf("repeated search: %d calls, want the cache", n)
	}
	if n := calls("/search?q=" + url.QueryEscape("دمشق")); n != 0 {
		t.Fatalf("the page and the API share the cache: %d calls", n)
	}
	// Two more queries evict the first (capacity 2).
	calls(q + "&sort=new")
	calls(q + "&limit=3")
	if n := calls(q); n != 1 {
		t.Fatalf("after eviction: %d calls", n)
	}
	now = now.Add(2 * searchCacheTTL)
	if n := calls(q); n != 1 {
		t.Fatalf("after the TTL: %d calls", n)
	}
}
