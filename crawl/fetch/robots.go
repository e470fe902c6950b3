package fetch

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// maxRobotsBytes bounds a robots.txt body; Google reads 500 KiB.
const maxRobotsBytes = 512 << 10

// robotsTTL is how long a host's robots.txt is cached.
const robotsTTL = 6 * time.Hour

// robotsCache keeps parsed robots.txt files per scheme+host.
type robotsCache struct {
	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	data    *robotstxt.RobotsData
	fetched time.Time
	ready   chan struct{}
}

// get returns the robots data for u's host, fetching it with do when it is
// not cached or has expired. Concurrent callers for one host share one fetch.
func (c *robotsCache) get(ctx context.Context, u *url.URL, now time.Time, do func(ctx context.Context, req *http.Request) (*http.Response, error)) *robotstxt.RobotsData {
	key := u.Scheme + "://" + u.Host
	c.mu.Lock()
	if c.hosts == nil {
		c.hosts = make(map[string]*robotsEntry)
	}
	e, ok := c.hosts[key]
	if ok && now.Sub(e.fetched) < robotsTTL {
		c.mu.Unlock()
		select {
		case <-e.ready:
			return e.data
		case <-ctx.Done():
			return allowAll()
		}
	}
	e = &robotsEntry{fetched: now, ready: make(chan struct{})}
	c.hosts[key] = e
	c.mu.Unlock()

	e.data = fetchRobots(ctx, key+"/robots.txt", do)
	close(e.ready)
	return e.data
}

// fetchRobots fetches and parses one robots.txt. Following the robots
// exclusion protocol (RFC 9309): 4xx means no restrictions, 5xx or a
// network failure means full disallow (until the cache entry expires).
func fetchRobots(ctx context.Context, rawURL string, do func(ctx context.Context, req *http.Request) (*http.Response, error)) *robotstxt.RobotsData {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return allowAll()
	}
	resp, err := do(ctx, req)
	if err != nil {
		d, _ := robotstxt.FromStatusAndBytes(http.StatusServiceUnavailable, nil)
		return d
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
	if err != nil {
		d, _ := robotstxt.FromStatusAndBytes(http.StatusServiceUnavailable, nil)
		return d
	}
	d, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return allowAll()
	}
	return d
}

func allowAll() *robotstxt.RobotsData {
	d, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	return d
}
