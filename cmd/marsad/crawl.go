package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/crawl"
	"github.com/marsad-news/marsad/crawl/discover"
	"github.com/marsad-news/marsad/crawl/fetch"
	"github.com/marsad-news/marsad/crawl/warcfile"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/sqlite"
)

// crawlFlags are the settings shared by `crawl` and `run`.
type crawlFlags struct {
	allowPrivate bool
	workers      int
	minDelay     time.Duration
	poll         time.Duration
	refetch      time.Duration
	backfill     time.Duration
	warcQuota    int64
	warcKeep     time.Duration
}

func (f *crawlFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.allowPrivate, "allow-private-addresses", false, "allow fetching loopback, private and link-local addresses (refused by default: sources can be added through the API)")
	fl.IntVar(&f.workers, "fetchers", 8, "fetches in flight (at most one per host at a time)")
	fl.DurationVar(&f.minDelay, "min-delay", fetch.DefaultMinDelay, "minimum pause between two requests to one host (robots.txt Crawl-delay may raise it)")
	fl.DurationVar(&f.poll, "poll", 30*time.Second, "how often the frontier is checked for due URLs")
	fl.DurationVar(&f.refetch, "refetch", 24*time.Hour, "fetch each article once more after this long, to catch revisions (negative: never)")
	fl.DurationVar(&f.backfill, "backfill", 7*24*time.Hour, "take sitemap entries published within this window")
	fl.Int64Var(&f.warcQuota, "warc-quota", 0, "bytes the WARC archive may take; oldest files are removed first (0: no quota)")
	fl.DurationVar(&f.warcKeep, "warc-retention", 0, "remove WARC files older than this (0: keep)")
}

// newFetcher returns the polite fetcher with marsad's User-Agent.
func newFetcher(g *globals, allowPrivate bool, minDelay time.Duration) *fetch.Fetcher {
	return fetch.New(fetch.Options{
		UserAgent:    "marsad/" + version + " (+https://github.com/marsad-news/marsad; news monitoring)",
		AllowPrivate: allowPrivate,
		MinDelay:     minDelay,
	})
}

func newCrawlCmd(g *globals) *cobra.Command {
	var (
		cf   crawlFlags
		once bool
	)
	cmd := &cobra.Command{
		Use:   "crawl [--once]",
		Short: "Fetch the followed outlets and archive their new articles",
		Long: `crawl fetches what is due in the frontier (feeds, sitemaps, section pages, articles),
politely: robots.txt honoured, one request at a time per host with a minimum delay,
conditional GETs, retries with backoff. Every response is archived as WARC under
DATA/warc; every article page is extracted, analyzed, stored and indexed. Feeds are
polled more often when they publish often (5 minutes to 6 hours). Sources without
known feeds or sitemaps are discovered first.

With --once it fetches everything due, processes it and exits; without, it runs
until interrupted. A restarted crawl continues where it stopped.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, true, true)
			if err != nil {
				return fmt.Errorf("crawl: %w", err)
			}
			defer a.Close()
			sum, st, err := crawlArchive(ctx, g, a, cf, once, prometheus.NewRegistry())
			fmt.Fprintf(cmd.OutOrStdout(), "crawl: fetched %d (%d not modified), %d new URLs, %d pages processed, errors %v\n%s\n",
				st.Fetched, st.NotModified, st.NewURLs, st.Processed, st.Errors, sum.String())
			if err != nil && !errors.Is(err, context.Canceled) {
				return fmt.Errorf("crawl: %w", err)
			}
			return nil
		},
	}
	cf.register(cmd)
	cmd.Flags().BoolVar(&once, "once", false, "fetch everything due, process it, and exit")
	return cmd
}

// crawlArchive discovers and seeds the sources, then crawls (once, or until
// ctx ends) feeding every fetched page to the archive's pipeline.
func crawlArchive(ctx context.Context, g *globals, a *archive, cf crawlFlags, once bool, reg prometheus.Registerer) (ingest.Summary, crawl.Stats, error) {
	f := newFetcher(g, cf.allowPrivate, cf.minDelay)
	w, err := warcfile.Open(warcfile.Options{Dir: filepath.Join(g.dataDir, sqlite.WARCDir), Quota: cf.warcQuota, Retention: cf.warcKeep, Software: "marsad " + version})
	if err != nil {
		return ingest.Summary{}, crawl.Stats{}, err
	}
	defer w.Close()

	inputs := make(chan *ingest.Input, 2*cf.workers)
	var (
		sum    ingest.Summary
		sumErr error
		wg     sync.WaitGroup
	)
	onStored, err := a.storyHook(ctx, g.logger, nil)
	if err != nil {
		return ingest.Summary{}, crawl.Stats{}, err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		sum, sumErr = ingest.RunInputs(context.WithoutCancel(ctx), inputs, ingest.Options{
			Store: a.store, Processor: a.proc, Index: a.ingestIndex(), Logger: g.logger, BatchSize: 16, OnStored: onStored,
		})
	}()

	c := crawl.New(f, a.frontier, pageFeeder(inputs), w, crawl.NewMetrics(reg), g.logger, crawl.Options{
		Owner: "marsad", Workers: cf.workers, Refetch: cf.refetch, Backfill: cf.backfill,
	})
	st, err := seedSources(ctx, g, a, c, f)
	if err == nil {
		if once {
			var ost crawl.Stats
			ost, err = c.Once(ctx)
			ost.NewURLs += st.NewURLs
			for k, v := range st.Errors {
				ost.Errors[k] += v
			}
			st = ost
		} else {
			err = c.Run(ctx, cf.poll)
		}
	}
	close(inputs)
	wg.Wait()
	a.matchAlerts(context.WithoutCancel(ctx), g.logger)
	if sumErr != nil && !errors.Is(sumErr, ingest.ErrNothingIngested) {
		err = errors.Join(err, sumErr)
	}
	return sum, st, err
}

// seedSources discovers the feeds and sitemaps of sources that have none
// and puts every source's entry points into the frontier.
func seedSources(ctx context.Context, g *globals, a *archive, c *crawl.Crawler, f discover.Getter) (crawl.Stats, error) {
	st := crawl.Stats{Errors: map[string]int{}}
	srcs, err := a.store.Sources(ctx)
	if err != nil {
		return st, err
	}
	for i := range srcs {
		s := &srcs[i]
		if len(s.Feeds) == 0 && len(s.Sitemaps) == 0 {
			site, err := discover.Discover(ctx, f, s.HomeURL)
			if err != nil {
				g.logger.Warn("discovery failed; following the home page's links", "source", s.ID, "err", err)
				st.Errors["discovery"]++
			} else {
				s.Feeds, s.Sitemaps = site.Feeds, site.Sitemaps
				if err := a.store.PutSource(ctx, s); err != nil {
					return st, err
				}
				g.logger.Info("discovered", "source", s.ID, "feeds", len(s.Feeds), "sitemaps", len(s.Sitemaps))
			}
		}
		n, err := c.Seed(ctx, s)
		if err != nil {
			return st, err
		}
		st.NewURLs += n
	}
	return st, nil
}

// pageFeeder hands fetched pages to the ingest pipeline.
type pageFeeder chan<- *ingest.Input

// ProcessPage implements crawl.Processor.
func (p pageFeeder) ProcessPage(ctx context.Context, pg crawl.Page) error {
	in := &ingest.Input{Name: pg.URL, Data: pg.Body, URL: pg.URL, ContentType: pg.ContentType, Source: pg.SourceID,
		Fetched: pg.Fetched, WARCFile: pg.WARC.File, WARCOffset: pg.WARC.Offset}
	select {
	case p <- in:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
