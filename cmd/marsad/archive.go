package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/marsad-news/marsad/analyze"
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
