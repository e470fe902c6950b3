// Package worker is one `marsad worker`: a process that shares the work of
// an archive on PostgreSQL with any number of others, on any machines,
// with no coordination beyond the database.
//
// A worker does three things:
//
//   - Crawl. It claims due frontier entries (FOR UPDATE SKIP LOCKED, with
//     per-host leases: a host is fetched by one worker at a time) and
//     fetches them politely (package crawl). Article pages are extracted,
//     analyzed and stored before the entry is completed, so a worker
//     killed mid-page leaves the entry leased; when the lease expires
//     another worker fetches it again. Storing is idempotent (article ID
//     from the canonical URL, content hash, revisions), so at-least-once
//     processing is exactly-once in effect.
//   - Seed. One worker at a time (an elected job) puts the entry points of
//     every followed source into the frontier, discovering feeds and
//     sitemaps of sources that have none; sources added meanwhile (from
//     the web app) are picked up on the next round.
//   - Cluster. Story clustering is a serialized step: one elected worker
//     (a session advisory lock; if it dies its connection closes and
//     another takes over) reads new articles from the store's change log
//     in commit order and places them with one in-memory Clusterer, saving
//     each story as it changes. Two articles of one event stored at the
//     same moment by two workers therefore always meet in one window and
//     end in one story. Per-article advisory locks would not do: the
//     decision depends on every story of the window, not on one row.
//     The step's cost per article is milliseconds, far below crawling and
//     analysis, so one clusterer keeps up with many workers.
//
// Beside Run, `marsad worker` runs the alert jobs of package alert:
// matching stored articles against the saved alerts (each match recorded
// once however many processes match; see "Several matchers" there) and
// posting their webhooks from the shared outbox.
package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/crawl"
	"github.com/marsad-news/marsad/crawl/discover"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/postgres"
)

// Options configure a Worker. Zero values take the documented defaults.
type Options struct {
	// Owner names the worker in leases and logs; it must be unique among
	// the workers (default "worker").
	Owner string
	// Fetchers is the number of fetches in flight (default 8).
	Fetchers int
	// Poll is how often the frontier, the seeding and the clustering jobs
	// are checked (default 30s).
	Poll time.Duration
	// Lease is how long claimed frontier entries (and their hosts) are
	// held; a killed worker's entries are taken by others after it
	// (default 2 minutes).
	Lease time.Duration
	// Refetch and Backfill are crawl.Options'.
	Refetch, Backfill time.Duration
	// NoRaw stops storing each fetched page, compressed, in the database
	// (by default it is kept there: workers have no shared disk for WARC
	// files).
	NoRaw bool
	// Cluster configures the clustering step.
	Cluster cluster.Options
	// NoCluster and NoSeed leave these jobs to other workers.
	NoCluster, NoSeed bool
	// Registry receives the crawler's metrics (nil: not exported).
	Registry prometheus.Registerer
	// Logger receives progress and failures (nil: discarded).
	Logger *slog.Logger
}

// Worker shares the crawl, processing and clustering of one archive.
type Worker struct {
	st   *postgres.Store
	get  discover.Getter
	proc ingest.Processor
	opts Options
	log  *slog.Logger
}

// New returns a Worker on st fetching with get and turning pages into
// articles with proc (normally an *ingest.Pipeline with the analyzer).
func New(st *postgres.Store, get discover.Getter, proc ingest.Processor, opts Options) *Worker {
	if opts.Owner == "" {
		opts.Owner = "worker"
	}
	if opts.Fetchers <= 0 {
		opts.Fetchers = 8
	}
	if opts.Poll <= 0 {
		opts.Poll = 30 * time.Second
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{st: st, get: get, proc: proc, opts: opts, log: log.With("worker", opts.Owner)}
}

// Run works until ctx ends. It returns nil when ctx is cancelled.
func (w *Worker) Run(ctx context.Context) error {
	c := crawl.New(w.get, w.st, processor{w}, nil, crawl.NewMetrics(w.opts.Registry), w.log, crawl.Options{
		Owner: w.opts.Owner, Workers: w.opts.Fetchers, Lease: w.opts.Lease,
		Refetch: w.opts.Refetch, Backfill: w.opts.Backfill,
	})
	var wg sync.WaitGroup
	if !w.opts.NoSeed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.every(ctx, func() error { return w.seedRound(ctx, c) })
		}()
	}
	if !w.opts.NoCluster {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.every(ctx, func() error { return w.clusterRound(ctx) })
		}()
	}
	err := c.Run(ctx, w.opts.Poll)
	wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// every runs fn now and then every poll interval until ctx ends.
func (w *Worker) every(ctx context.Context, fn func() error) {
	t := time.NewTicker(w.opts.Poll)
	defer t.Stop()
	for {
		if err := fn(); err != nil && ctx.Err() == nil {
			w.log.Error("job", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// seedRound, when this worker wins the "seed" job, puts every source's
// entry points into the frontier (known URLs are left as they are).
func (w *Worker) seedRound(ctx context.Context, c *crawl.Crawler) error {
	lead, err := w.st.TryLead(ctx, "seed")
	if err != nil || lead == nil {
		return err
	}
	defer lead.Release()
	srcs, err := w.st.Sources(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	for i := range srcs {
		s := &srcs[i]
		if len(s.Feeds) == 0 && len(s.Sitemaps) == 0 {
			site, err := discover.Discover(ctx, w.get, s.HomeURL)
			if err != nil {
				w.log.Warn("discovery failed; following the home page's links", "source", s.ID, "err", err)
			} else if len(site.Feeds) > 0 || len(site.Sitemaps) > 0 {
				s.Feeds, s.Sitemaps = site.Feeds, site.Sitemaps
				if err := w.st.PutSource(ctx, s); err != nil {
					return fmt.Errorf("seed: %w", err)
				}
			}
		}
		n, err := c.Seed(ctx, s)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if n > 0 {
			w.log.Info("seeded", "source", s.ID, "new_urls", n)
		}
	}
	return nil
}

// clusterRound, when this worker wins the "cluster" job, runs the
// clustering step until ctx ends or the lead is lost.
func (w *Worker) clusterRound(ctx context.Context) error {
	lead, err := w.st.TryLead(ctx, "cluster")
	if err != nil || lead == nil {
		return err
	}
	defer lead.Release()
	w.log.Info("leading the clustering step")
	return Cluster(ctx, w.st, lead, w.opts.Cluster, w.opts.Poll, w.log)
}

// Cluster is the serialized clustering step: it places every article
// stored after the cluster cursor, in commit order, with one Clusterer
// (its window reloaded from the saved stories), saves the stories and
// advances the cursor, until ctx ends. lead must be held on the
// "cluster" job; the step stops with postgres.ErrLeadLost when it is not
// anymore. Placing an article twice (a leader that died between saving a
// story and moving the cursor) changes nothing.
func Cluster(ctx context.Context, st *postgres.Store, lead *postgres.Lead, opts cluster.Options, poll time.Duration, log *slog.Logger) error {
	c := cluster.New(opts)
	if err := c.LoadRecent(ctx, st); err != nil {
		return err
	}
	cursor, err := st.ClusterCursor(ctx)
	if err != nil {
		return err
	}
	for {
		if err := lead.Check(ctx); err != nil {
			return err
		}
		changes, err := st.Changes(ctx, cursor, 200)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(poll):
				continue
			}
		}
		for _, ch := range changes {
			if !ch.Deleted {
				asg, err := c.Add(ctx, ch.Article)
				if err != nil && !errors.Is(err, cluster.ErrNoID) {
					return err
				}
				if err == nil {
					if err := c.Save(ctx, st, asg); err != nil {
						return err
					}
				}
			}
			cursor = ch.Seq
		}
		if err := st.SetClusterCursor(ctx, cursor); err != nil {
			return err
		}
		if log != nil {
			log.Debug("clustered", "through_seq", cursor, "articles", len(changes))
		}
	}
}

// processor extracts, analyzes and stores a fetched page before the
// crawler completes its frontier entry.
type processor struct{ w *Worker }

// ProcessPage implements crawl.Processor.
func (p processor) ProcessPage(ctx context.Context, pg crawl.Page) error {
	w := p.w
	in := &ingest.Input{Name: pg.URL, Data: pg.Body, URL: pg.URL, ContentType: pg.ContentType,
		Source: pg.SourceID, Fetched: pg.Fetched}
	rec := marsad.IngestRecord{Time: time.Now(), Input: pg.URL}
	a, err := w.proc.Process(ctx, in)
	if err != nil {
		rec.Error = err.Error()
		if lerr := w.st.LogIngest(ctx, rec); lerr != nil {
			w.log.Warn("ingest log", "err", lerr)
		}
		return fmt.Errorf("process %s: %w", pg.URL, err)
	}
	var raw *marsad.RawPage
	if !w.opts.NoRaw {
		raw = &marsad.RawPage{ContentType: pg.ContentType, Body: pg.Body, Fetched: pg.Fetched}
	}
	res, err := w.st.PutArticle(ctx, a, raw)
	if err != nil {
		return fmt.Errorf("store %s: %w", pg.URL, err)
	}
	rec.ArticleID, rec.Outcome = res.ID, res.Outcome
	if err := w.st.LogIngest(ctx, rec); err != nil {
		w.log.Warn("ingest log", "err", err)
	}
	w.log.Debug("stored", "url", pg.URL, "id", res.ID, "outcome", res.Outcome)
	return nil
}
