package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/sqlite"
)

// archive is the embedded archive of the data folder opened for work: the
// store, the search index caught up with it, and the processing pipeline.
type archive struct {
	store *sqlite.Store
	index *search.Index
	proc  *ingest.Pipeline
}

// openArchive opens the store in g.dataDir and, with withIndex, the search
// index (rebuilt from the store when missing or damaged) and, with
// withPipeline, the extract+analyze pipeline.
func openArchive(ctx context.Context, g *globals, withIndex, withPipeline bool) (*archive, error) {
	if g.databaseURL != "" {
		return nil, errors.New("the PostgreSQL backend is not available yet; unset --database-url / MARSAD_DATABASE_URL")
	}
	st, err := sqlite.OpenDir(ctx, g.dataDir)
	if err != nil {
		return nil, err
	}
	a := &archive{store: st}
	if withIndex {
		a.index, err = search.OpenSynced(ctx, filepath.Join(g.dataDir, sqlite.IndexDir), st, g.logger)
		if err != nil {
			st.Close()
			return nil, err
		}
	}
	if withPipeline {
		an, err := analyze.New(analyze.Options{})
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("loading the analyzer: %w", err)
		}
		a.proc = ingest.NewPipeline(an)
	}
	return a, nil
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
	n, err := alert.NewService(a.store, alert.Options{Logger: logger}).CatchUp(ctx, a.store)
	if err != nil {
		logger.Warn("matching alerts failed; serve or run will catch up", "err", err)
		return
	}
	if n > 0 {
		logger.Info("alerts matched", "matches", n)
	}
}
