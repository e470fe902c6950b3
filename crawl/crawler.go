// Package crawl follows outlets: it keeps a durable frontier of feeds,
// sitemaps, section pages and article pages, fetches what is due politely
// (package fetch), archives every response as WARC (package warcfile),
// turns feeds and sitemaps into article URLs, and hands article pages to a
// Processor (extract, analyze, store). Feeds and sitemaps are polled more
// often when they publish often.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/crawl/discover"
	"github.com/marsad-news/marsad/crawl/feed"
	"github.com/marsad-news/marsad/crawl/fetch"
	"github.com/marsad-news/marsad/crawl/sitemap"
	"github.com/marsad-news/marsad/crawl/warcfile"
)

// Page is a fetched article page handed to a Processor.
type Page struct {
	URL         string
	SourceID    string
	ContentType string
	Body        []byte
	Fetched     time.Time
	// Published is the publication time the feed or sitemap gave, if any.
	Published time.Time
	// WARC is where the response was archived (empty without a writer).
	WARC warcfile.Location
}

// Processor turns a fetched page into a stored article.
type Processor interface {
	ProcessPage(ctx context.Context, p Page) error
}

// Options configure a Crawler. Zero values take the documented defaults.
type Options struct {
	// Owner names this crawler in frontier leases (default "crawler").
	Owner string
	// Workers is the number of fetches in flight (default 8); per-host
	// politeness is the fetcher's.
	Workers int
	// Lease is how long a claimed entry is held (default 10 minutes).
	Lease time.Duration
	// FeedMin, FeedMax and FeedStart bound the adaptive polling interval of
	// feeds, sitemaps and section pages (defaults 5 minutes, 6 hours, 30 minutes).
	FeedMin, FeedMax, FeedStart time.Duration
	// Refetch is when an article page is fetched once more to catch
	// revisions (default 24 hours; negative: never).
	Refetch time.Duration
	// Backfill is how far back sitemap entries are taken (default 7 days).
	Backfill time.Duration
	// MaxAttempts is how many consecutive failures end a page's schedule
	// (default 5); feeds keep being polled at FeedMax.
	MaxAttempts int
	// Now is the clock (tests).
	Now func() time.Time
}

// Crawler fetches what the frontier says is due.
type Crawler struct {
	f       discover.Getter
	fr      marsad.Frontier
	warc    *warcfile.Writer
	proc    Processor
	opts    Options
	metrics *Metrics
	log     *slog.Logger
}

// New returns a Crawler. warc may be nil (nothing archived); metrics may be
// nil (counted but not exported).
func New(f discover.Getter, fr marsad.Frontier, proc Processor, warc *warcfile.Writer, metrics *Metrics, log *slog.Logger, opts Options) *Crawler {
	if opts.Owner == "" {
		opts.Owner = "crawler"
	}
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	if opts.Lease <= 0 {
		opts.Lease = 10 * time.Minute
	}
	if opts.FeedMin <= 0 {
		opts.FeedMin = 5 * time.Minute
	}
	if opts.FeedMax <= 0 {
		opts.FeedMax = 6 * time.Hour
	}
	if opts.FeedStart <= 0 {
		opts.FeedStart = 30 * time.Minute
	}
	if opts.Refetch == 0 {
		opts.Refetch = 24 * time.Hour
	}
	if opts.Backfill <= 0 {
		opts.Backfill = 7 * 24 * time.Hour
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if metrics == nil {
		metrics = NewMetrics(nil)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Crawler{f: f, fr: fr, warc: warc, proc: proc, opts: opts, metrics: metrics, log: log}
}

// Seed puts a source's feeds and sitemaps (or, without either, its home
// page as a section page) into the frontier, due now.
func (c *Crawler) Seed(ctx context.Context, s *marsad.Source) (int, error) {
	var es []marsad.FrontierEntry
	now := c.opts.Now()
	for _, u := range s.Feeds {
		es = append(es, marsad.FrontierEntry{URL: u, Kind: marsad.KindFeed, SourceID: s.ID, Interval: c.opts.FeedStart, NextFetch: now})
	}
	for _, u := range s.Sitemaps {
		es = append(es, marsad.FrontierEntry{URL: u, Kind: marsad.KindSitemap, SourceID: s.ID, Interval: c.opts.FeedStart, NextFetch: now})
	}
	if len(es) == 0 && s.HomeURL != "" {
		es = append(es, marsad.FrontierEntry{URL: s.HomeURL, Kind: marsad.KindSection, SourceID: s.ID, Interval: c.opts.FeedStart, NextFetch: now})
	}
	n, err := c.fr.AddURLs(ctx, es)
	if err != nil {
		return 0, fmt.Errorf("seed %s: %w", s.ID, err)
	}
	c.metrics.NewURLs.Add(float64(n))
	return n, nil
}

// Stats count what one Once call did.
type Stats struct {
	Fetched     int            `json:"fetched"`
	NotModified int            `json:"not_modified"`
	NewURLs     int            `json:"new_urls"`
	Processed   int            `json:"processed"`
	Errors      map[string]int `json:"errors"`
}

// Once fetches everything due now, including what becomes due while it
// runs (new article links), and returns when nothing is due.
func (c *Crawler) Once(ctx context.Context) (Stats, error) {
	st := Stats{Errors: map[string]int{}}
	var mu sync.Mutex
	for {
		batch, err := c.fr.Claim(ctx, c.opts.Owner, c.opts.Now(), c.opts.Workers*4, c.opts.Lease)
		if err != nil {
			return st, fmt.Errorf("crawl: %w", err)
		}
		if len(batch) == 0 {
			return st, nil
		}
		sem := make(chan struct{}, c.opts.Workers)
		var wg sync.WaitGroup
		for _, e := range batch {
			if ctx.Err() != nil {
				break
			}
			sem <- struct{}{}
			wg.Add(1)
			go func(e marsad.FrontierEntry) {
				defer func() { <-sem; wg.Done() }()
				r := c.handle(ctx, e)
				mu.Lock()
				st.add(r)
				mu.Unlock()
			}(e)
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return st, err
		}
	}
}

// Run crawls until ctx ends, waking every poll interval (default 30s) to
// fetch what is due and logging progress.
func (c *Crawler) Run(ctx context.Context, poll time.Duration) error {
	if poll <= 0 {
		poll = 30 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		st, err := c.Once(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			c.log.Error("crawl", "err", err)
		} else if st.Fetched > 0 || len(st.Errors) > 0 {
			c.log.Info("crawl round", "fetched", st.Fetched, "not_modified", st.NotModified, "new_urls", st.NewURLs, "processed", st.Processed, "errors", st.Errors)
		}
		if fs, err := c.fr.FrontierStats(ctx, c.opts.Now()); err == nil {
			c.metrics.Queue.Set(float64(fs.Due))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// result is what handling one entry did.
type result struct {
	fetched, notModified, processed bool
	newURLs                         int
	errKind                         string
}

func (st *Stats) add(r result) {
	if r.fetched {
		st.Fetched++
	}
	if r.notModified {
		st.NotModified++
	}
	if r.processed {
		st.Processed++
	}
	st.NewURLs += r.newURLs
	if r.errKind != "" {
		st.Errors[r.errKind]++
	}
}

// handle fetches one entry and records the outcome in the frontier.
func (c *Crawler) handle(ctx context.Context, e marsad.FrontierEntry) result {
	var r result
	resp, err := c.f.Fetch(ctx, fetch.Request{URL: e.URL, ETag: e.ETag, LastModified: e.LastModified, Hash: e.Hash})
	now := c.opts.Now()
	if err != nil {
		r.errKind = errorKind(err)
		c.metrics.Errors.WithLabelValues(r.errKind).Inc()
		c.log.Debug("fetch failed", "url", e.URL, "err", err)
		c.fail(&e, err, now)
	} else {
		r.fetched = true
		c.metrics.Fetched.Inc()
		e.Attempts, e.LastError, e.LastStatus, e.LastFetched = 0, "", resp.Status, now
		e.Fetches++
		e.ETag, e.LastModified, e.Hash = resp.ETag, resp.LastModified, resp.Hash
		var loc warcfile.Location
		if c.warc != nil && !resp.NotModified {
			loc, err = c.warc.Write(warcfile.Exchange{URL: resp.URL, Fetched: resp.Fetched, RequestHeader: resp.RequestHeader,
				Proto: resp.Proto, Status: resp.Status, ResponseHeader: resp.Header, Body: resp.Raw})
			if err != nil {
				c.log.Error("warc", "url", e.URL, "err", err)
			}
		}
		if resp.NotModified || resp.Unchanged {
			r.notModified = true
			c.metrics.NotModified.Inc()
		}
		switch e.Kind {
		case marsad.KindPage:
			if !r.notModified {
				perr := c.proc.ProcessPage(ctx, Page{URL: resp.URL, SourceID: e.SourceID, ContentType: resp.Header.Get("Content-Type"),
					Body: resp.Body, Fetched: resp.Fetched, Published: e.Published, WARC: loc})
				if perr != nil {
					r.errKind = "process"
					c.metrics.Errors.WithLabelValues("process").Inc()
					e.LastError = perr.Error()
					c.log.Warn("process failed", "url", resp.URL, "err", perr)
				} else {
					r.processed = true
					c.metrics.Processed.Inc()
				}
			}
			e.NextFetch = time.Time{}
			if e.Fetches == 1 && c.opts.Refetch > 0 {
				e.NextFetch = now.Add(c.opts.Refetch)
			}
		default:
			n := 0
			if !r.notModified {
				n = c.expand(ctx, e, resp, now)
			}
			r.newURLs = n
			e.Interval = c.adapt(e.Interval, n > 0)
			e.NextFetch = now.Add(e.Interval)
		}
	}
	if err := c.fr.Complete(ctx, c.opts.Owner, e); err != nil {
		c.log.Warn("frontier", "url", e.URL, "err", err)
	}
	return r
}

// fail schedules a retry after a failed fetch.
func (c *Crawler) fail(e *marsad.FrontierEntry, err error, now time.Time) {
	e.Attempts++
	e.LastError = err.Error()
	var se *fetch.StatusError
	if errors.As(err, &se) {
		e.LastStatus = se.Status
	}
	final := errors.Is(err, fetch.ErrDisallowed) || errors.Is(err, fetch.ErrForbiddenAddress) || errors.Is(err, fetch.ErrScheme) ||
		(se != nil && (se.Status == http.StatusNotFound || se.Status == http.StatusGone))
	if e.Kind != marsad.KindPage {
		// Feeds are never dropped; they back off to the longest interval.
		e.Interval = c.opts.FeedMax
		if !final {
			e.Interval = min(c.opts.FeedMax, c.opts.FeedMin<<min(e.Attempts, 10))
		}
		e.NextFetch = now.Add(e.Interval)
		return
	}
	if final || e.Attempts >= c.opts.MaxAttempts {
		e.NextFetch = time.Time{}
		return
	}
	e.NextFetch = now.Add(time.Minute << min(e.Attempts, 10))
}

// adapt halves the interval of a feed that had news and grows by half the
// interval of one that had none, within [FeedMin, FeedMax].
func (c *Crawler) adapt(cur time.Duration, news bool) time.Duration {
	if cur <= 0 {
		cur = c.opts.FeedStart
	}
	if news {
		cur /= 2
	} else {
		cur += cur / 2
	}
	return max(c.opts.FeedMin, min(c.opts.FeedMax, cur))
}

// expand reads a feed, sitemap or section page and adds the URLs it
// points to; it returns how many were new.
func (c *Crawler) expand(ctx context.Context, e marsad.FrontierEntry, resp *fetch.Response, now time.Time) int {
	var es []marsad.FrontierEntry
	page := func(u string, published time.Time) {
		es = append(es, marsad.FrontierEntry{URL: u, Kind: marsad.KindPage, SourceID: e.SourceID, Published: published, NextFetch: now})
	}
	switch e.Kind {
	case marsad.KindFeed:
		f, err := feed.Parse(resp.Body, resp.URL)
		if err != nil {
			e.LastError = err.Error()
			c.log.Warn("feed", "url", e.URL, "err", err)
			return 0
		}
		for _, it := range f.Items {
			page(it.URL, it.Published)
		}
	case marsad.KindSitemap:
		sm, err := sitemap.Parse(resp.Body, resp.URL, true)
		if err != nil {
			c.log.Warn("sitemap", "url", e.URL, "err", err)
			return 0
		}
		for _, u := range sm.Sitemaps {
			es = append(es, marsad.FrontierEntry{URL: u, Kind: marsad.KindSitemap, SourceID: e.SourceID, Interval: c.opts.FeedStart, NextFetch: now})
		}
		cutoff := now.Add(-c.opts.Backfill)
		for _, u := range sm.URLs {
			when := u.Published
			if when.IsZero() {
				when = u.LastMod
			}
			if when.IsZero() || when.Before(cutoff) {
				continue // outside the backfill window, or undated
			}
			page(u.Loc, u.Published)
		}
	case marsad.KindSection:
		for _, u := range discover.Page(resp.URL, resp.Body).Articles {
			page(u, time.Time{})
		}
	}
	n, err := c.fr.AddURLs(ctx, es)
	if err != nil {
		c.log.Error("frontier add", "url", e.URL, "err", err)
		return 0
	}
	c.metrics.NewURLs.Add(float64(n))
	return n
}

// errorKind names an error for counting.
func errorKind(err error) string {
	var se *fetch.StatusError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("http_%d", se.Status)
	case errors.Is(err, fetch.ErrDisallowed):
		return "robots"
	case errors.Is(err, fetch.ErrForbiddenAddress):
		return "forbidden_address"
	case errors.Is(err, fetch.ErrTooLarge):
		return "too_large"
	case errors.Is(err, fetch.ErrTooManyRedirects):
		return "redirects"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return "network"
}
