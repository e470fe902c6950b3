package marsad

import (
	"context"
	"time"
)

// Kinds of frontier entries: what the crawler does with a fetched URL.
const (
	// KindFeed is an RSS, Atom or JSON feed, polled adaptively.
	KindFeed = "feed"
	// KindSitemap is a sitemap or sitemap index, polled adaptively.
	KindSitemap = "sitemap"
	// KindSection is a home or section page scanned for article links.
	KindSection = "section"
	// KindPage is an article page, extracted and stored.
	KindPage = "page"
)

// FrontierEntry is one URL the crawler knows, with its schedule and what
// the last fetch said. Entries are durable: a restarted crawler continues
// where it stopped.
type FrontierEntry struct {
	URL      string `json:"url"`
	Host     string `json:"host"`
	Kind     string `json:"kind"`
	SourceID string `json:"source_id,omitempty"`
	// NextFetch is when the URL is due; zero means never again.
	NextFetch time.Time `json:"next_fetch"`
	// Interval is the current polling interval of a feed or sitemap.
	Interval time.Duration `json:"interval,omitempty"`
	// Attempts counts consecutive failures; Fetches counts successes.
	Attempts     int       `json:"attempts"`
	Fetches      int       `json:"fetches"`
	LastStatus   int       `json:"last_status,omitempty"`
	LastError    string    `json:"last_error,omitempty"`
	LastFetched  time.Time `json:"last_fetched"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Hash         string    `json:"hash,omitempty"`
	// Published is the publication time a feed or sitemap gave for a page.
	Published time.Time `json:"published"`
	// LeaseOwner holds the entry until LeaseUntil; an expired lease is free.
	LeaseOwner string    `json:"lease_owner,omitempty"`
	LeaseUntil time.Time `json:"lease_until"`
}

// FrontierStats count the frontier's entries.
type FrontierStats struct {
	Total  int64            `json:"total"`
	Due    int64            `json:"due"`
	Leased int64            `json:"leased"`
	Failed int64            `json:"failed"`
	ByKind map[string]int64 `json:"by_kind"`
}

// SourceHealth summarizes the crawling of one source.
type SourceHealth struct {
	SourceID    string    `json:"source_id"`
	LastFetched time.Time `json:"last_fetched"`
	Fetches     int64     `json:"fetches"`
	Errors      int64     `json:"errors"`
	LastError   string    `json:"last_error,omitempty"`
	Pending     int64     `json:"pending"`
}

// Frontier is the crawler's durable queue of URLs. Several crawlers may
// share one: Claim leases entries so each is fetched by one at a time, and
// an expired lease (a crawler that died) frees them for others.
type Frontier interface {
	// AddURLs inserts entries whose URL is not known yet and leaves known
	// ones untouched; it returns how many were new. A zero NextFetch makes
	// a new entry due at once.
	AddURLs(ctx context.Context, entries []FrontierEntry) (int, error)
	// Claim leases at most n entries due at now (NextFetch <= now, lease
	// free or expired) to owner until now+lease, earliest due first.
	Claim(ctx context.Context, owner string, now time.Time, n int, lease time.Duration) ([]FrontierEntry, error)
	// Complete stores the outcome of a fetch (schedule, validators, status)
	// and releases the lease. It fails when owner no longer holds it.
	Complete(ctx context.Context, owner string, e FrontierEntry) error
	// FrontierEntry returns one entry, or ErrNotFound.
	FrontierEntry(ctx context.Context, url string) (*FrontierEntry, error)
	// FrontierStats counts entries at now.
	FrontierStats(ctx context.Context, now time.Time) (FrontierStats, error)
	// SourceHealth summarizes crawling per source.
	SourceHealth(ctx context.Context) ([]SourceHealth, error)
}
