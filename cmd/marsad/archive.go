package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/sqlite"
)

// archive is the archive of the data folder (embedded) or of the
// PostgreSQL database (--database-url) opened for work.
type archive struct {
	// store is the source of truth; frontier is the crawl queue, the same
	// object on both backends.
	store    marsad.Store
	frontier marsad.Frontier
	// alerts holds saved searches and the webhook outbox (the store
	// itself, on both backends).
	alerts marsad.AlertStore
	// search answers queries: the embedded bleve index, or PostgreSQL's
	// own full-text search.
	search marsad.Searcher
	// index is the embedded search index (nil on PostgreSQL), fed by
	// ingestion.
	index *search.Index
	proc  *ingest.Pipeline
}

// openArchive opens the archive: the embedded store in g.dataDir or, with
// g.databaseURL, the PostgreSQL database. withIndex opens the search side
// (the embedded index is rebuilt from the store when missing or damaged);
// withPipeline loads the extract+analyze pipeline.
func openArchive(ctx context.Context, g *globals, withIndex, withPipeline bool) (*archive, error) {
	a := &archive{}
	if g.databaseURL != "" {
		st, err := openPostgres(ctx, g, postgres.Options{})
		if err != nil {
			return nil, err
		}
		a.store, a.frontier, a.search = st, st, st
		a.alerts = st
	} else {
		st, err := sqlite.OpenDir(ctx, g.dataDir)
		if err != nil {
			return nil, err
		}
		a.store, a.frontier, a.alerts = st, st, st
		if withIndex {
			a.index, err = search.OpenSynced(ctx, filepath.Join(g.dataDir, sqlite.IndexDir), st, g.logger)
			if err != nil {
				st.Close()
				return nil, err
			}
			a.search = a.index
		}
	}
	if withPipeline {
		an, err := g.newAnalyzer()
		if err != nil {
			a.Close()
			return nil, err
		}
		a.proc = ingest.NewPipeline(an)
	}
	return a, nil
}

// openExisting is openArchive for commands that read an archive: an
// embedded data folder without a store is an error, not a new archive.
func openExisting(ctx context.Context, g *globals, withIndex bool) (*archive, error) {
	if g.databaseURL == "" {
		if _, err := os.Stat(filepath.Join(g.dataDir, sqlite.DBFile)); err != nil {
			return nil, fmt.Errorf("no archive in %s (run `marsad ingest` or `marsad run` first): %w", g.dataDir, err)
		}
	}
	return openArchive(ctx, g, withIndex, false)
}

// ingestIndex is the index ingestion feeds: nil (a nil interface, not a
// nil pointer) when the search side is the store itself.
func (a *archive) ingestIndex() ingest.Index {
	if a.index == nil {
		return nil
	}
	return a.index
}

// Close closes the index and the store.
func (a *archive) Close() error {
	var errs []error
	if a.index != nil {
		errs = append(errs, a.index.Close())
	}
	errs = append(errs, a.store.Close())
	return errors.Join(errs...)
}

// storyHook returns an ingest OnStored hook that places every new or
// revised article in a story (cluster), then calls next. The clusterer
// starts from the stories of the recent window in the store.
func (a *archive) storyHook(ctx context.Context, logger *slog.Logger, next func(ingest.Result)) (func(ingest.Result), error) {
	cl := cluster.New(cluster.Options{})
	if err := cl.LoadRecent(ctx, a.store); err != nil {
		return nil, fmt.Errorf("loading recent stories: %w", err)
	}
	return func(r ingest.Result) {
		if next != nil {
			next(r)
		}
		if r.Err != "" || r.ID == "" || r.Outcome == marsad.OutcomeUnchanged {
			return
		}
		if _, err := cl.AddStored(ctx, a.store, r.ID); err != nil {
			logger.Warn("story clustering failed", "article", r.ID, "err", err)
		}
	}, nil
}

// matchAlerts matches the articles stored since the last call against the
// saved alerts and records the matches (webhooks are sent by serve/run).
func (a *archive) matchAlerts(ctx context.Context, logger *slog.Logger) {
	if a.alerts == nil {
		return
	}
	n, err := alert.NewService(a.alerts, alert.Options{Logger: logger}).CatchUp(ctx, a.store)
	if err != nil {
		logger.Warn("matching alerts failed; serve or run will catch up", "err", err)
		return
	}
	if n > 0 {
		logger.Info("alerts matched", "matches", n)
	}
}
