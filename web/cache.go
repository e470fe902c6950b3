package web

import (
	"container/list"
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/marsad-news/marsad"
)

// searchCache keeps the first pages of recent searches (the ones with
// facets, which cost a visit of every matching article) until the archive
// changes or ttl passes. It is keyed by the query and the store's LastSeq,
// so a stored article makes every entry stale at once.
type searchCache struct {
	max int
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	ll    *list.List // front: most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	key     string
	res     *marsad.SearchResults
	expires time.Time
}

// searchCacheTTL bounds how long a cached page is served.
const searchCacheTTL = time.Minute

func newSearchCache(max int, now func() time.Time) *searchCache {
	return &searchCache{max: max, ttl: searchCacheTTL, now: now, ll: list.New(), items: map[string]*list.Element{}}
}

// search answers q from the cache or the searcher. Only first pages are
// cached; results are shared, so callers must not modify them.
func (s *Server) search(ctx context.Context, q marsad.Query) (*marsad.SearchResults, error) {
	c := s.cache
	if c == nil || q.Cursor != "" {
		return s.opts.Search.Search(ctx, q)
	}
	st, err := s.opts.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	kb, err := json.Marshal(struct {
		Q   marsad.Query
		Seq int64
	}{q, st.LastSeq})
	if err != nil {
		return nil, err
	}
	key := string(kb)
	if res := c.get(key); res != nil {
		return res, nil
	}
	res, err := s.opts.Search.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	c.put(key, res)
	return res, nil
}

func (c *searchCache) get(key string) *marsad.SearchResults {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil
	}
	e := el.Value.(*cacheEntry)
	if c.now().After(e.expires) {
		c.ll.Remove(el)
		delete(c.items, key)
		return nil
	}
	c.ll.MoveToFront(el)
	return e.res
}

func (c *searchCache) put(key string, res *marsad.SearchResults) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*cacheEntry).res = res
		c.ll.MoveToFront(el)
		return
	}
	c.items[key] = c.ll.PushFront(&cacheEntry{key: key, res: res, expires: c.now().Add(c.ttl)})
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.items, old.Value.(*cacheEntry).key)
	}
}
