// Package search is marsad's embedded full-text index: a bleve v2 (scorch)
// index of the archive's articles, searched the way Arabic is written.
//
// The index is derived from the store, never the source of truth: it
// records the highest store change sequence number it has indexed
// (LastSeq), and CatchUp pulls the changes after it from a
// marsad.ChangeSource. A missing index is simply empty (LastSeq 0, so
// CatchUp rebuilds it); a corrupt or incompatible one makes Open fail
// with ErrNeedsRebuild, after which the caller calls Recreate and CatchUp
// (OpenSynced does all of this). Some damage (lost or truncated segment
// files) makes bleve fall back to an older consistent snapshot instead:
// its LastSeq is as old as its documents, and CatchUp fills the gap.
//
// Analysis is package analysis (shared with the PostgreSQL backend): each
// article's title and text are analyzed once and indexed as token
// streams: the normalized surface forms (with positions, for phrases), the
// light stems (with the proclitic alternatives at the same positions), the
// pairs of adjacent surface forms (so two-word phrases and the adjacency
// bonus are single term lookups) and the title's surface forms. Surface
// matches, adjacent words and title matches are boosted above stem
// matches. The analyzer's output is attached to each field directly
// (bleve's document.NewTextFieldCustom with a bleve analysis.Analyzer
// value returning the precomputed tokens), so nothing is registered in
// bleve's global registry and bleve never analyzes text itself.
package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bolterrors "go.etcd.io/bbolt/errors"

	marsad "github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/search/analysis"
)

// ErrNeedsRebuild is returned (wrapped) by Open when the index folder
// holds a corrupt index or one built by an incompatible version: remove it
// with Recreate and rebuild it from the store with CatchUp.
var ErrNeedsRebuild = errors.New("search index needs a rebuild")

// ErrLocked is returned (wrapped) by Open when another process has the
// index open (bleve holds an exclusive lock on it) for longer than
// LockTimeout.
var ErrLocked = errors.New("search index is in use by another process")

// LockTimeout is how long Open waits for another process to release the
// index.
const LockTimeout = 5 * time.Second

// Internal (non-document) keys of the index.
var (
	keyLastSeq = []byte("marsad.last_seq")
	keySchema  = []byte("marsad.schema")
)

// schema is the version of the document layout and analysis; an index
// with another schema must be rebuilt.
var schema = []byte("marsad-search/6;analysis/" + strconv.Itoa(analysis.Version))

// CatchUpBatch is the number of changes CatchUp reads and indexes at once.
const CatchUpBatch = 500

// Index is an open search index. It is safe for concurrent use: searches
// run concurrently with Put and Delete.
type Index struct {
	dir string
	bi  bleve.Index

	mu sync.Mutex // serializes writers (read-modify-write of LastSeq)
	// pending counts batches not yet persisted to disk; Close waits.
	pending sync.WaitGroup

	// tune overrides the cost thresholds of a search (tests only; zero
	// values are the defaults).
	tune tuning
}

// tuning holds thresholds of the search plan (see plan.go).
type tuning struct {
	exactFacetMax, facetSampleMin, windowMin uint64
}

// Open opens the index in dir, creating it when dir does not exist or is
// empty. It returns an error wrapping ErrNeedsRebuild when dir holds
// something that is not a usable index of this version (corrupt files,
// another schema, a foreign folder).
func Open(dir string) (*Index, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0):
		return create(dir)
	case err != nil:
		return nil, fmt.Errorf("open search index %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("open search index %s: no index_meta.json: %w", dir, ErrNeedsRebuild)
	}
	bi, err := openBleve(dir)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open search index %s: %w", dir, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open search index %s: %v: %w", dir, err, ErrNeedsRebuild)
	}
	ix := &Index{dir: dir, bi: bi}
	if err := ix.check(); err != nil {
		bi.Close()
		return nil, fmt.Errorf("open search index %s: %v: %w", dir, err, ErrNeedsRebuild)
	}
	return ix, nil
}

// Recreate removes the index in dir (which must be absent, empty or hold
// an index: a folder with other files is refused) and creates an empty
// one. Use it after Open failed with ErrNeedsRebuild, then CatchUp.
func Recreate(dir string) (*Index, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("recreate search index %s: %w", dir, err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "index_meta.json", "store":
		default:
			return nil, fmt.Errorf("recreate search index %s: refusing to remove unexpected file %q", dir, e.Name())
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("recreate search index %s: %w", dir, err)
	}
	return create(dir)
}

func create(dir string) (*Index, error) {
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return nil, fmt.Errorf("create search index %s: %w", dir, err)
	}
	// bleve refuses an existing (even empty) folder.
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("create search index %s: %w", dir, err)
	}
	bi, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, runtimeConfig())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("create search index %s: %w", dir, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("create search index %s: %w", dir, err)
	}
	if err := bi.SetInternal(keySchema, schema); err != nil {
		bi.Close()
		return nil, fmt.Errorf("create search index %s: %w", dir, err)
	}
	return &Index{dir: dir, bi: bi}, nil
}

// openBleve opens an existing index, turning a panic inside bleve (which
// some corrupt files cause) into an error.
func openBleve(dir string) (bi bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("panic opening index: %v", r)
		}
	}()
	return bleve.OpenUsing(dir, runtimeConfig())
}

// runtimeConfig is scorch's configuration.
func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{"bolt_timeout": LockTimeout.String()}
}

// check verifies an opened index: its schema and a trial search touching
// every segment.
func (ix *Index) check() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic checking index: %v", r)
		}
	}()
	got, err := ix.bi.GetInternal(keySchema)
	if err != nil {
		return err
	}
	if string(got) != string(schema) {
		return fmt.Errorf("index schema %q, want %q", got, schema)
	}
	if _, err := ix.LastSeq(); err != nil {
		return err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	req.Fields = []string{fURL, fTitle}
	req.AddFacet(marsad.FacetSource, bleve.NewFacetRequest(fSource, 1))
	if _, err := ix.bi.Search(req); err != nil {
		return err
	}
	return nil
}

// newMapping is the index mapping. Documents are built by hand (see
// document.go) and indexed with IndexAdvanced, so the mapping only fixes
// the scoring model and keeps bleve from indexing anything dynamically.
func newMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultMapping.Dynamic = false
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m
}

// Dir returns the folder of the index.
func (ix *Index) Dir() string { return ix.dir }

// LastSeq returns the highest store sequence number indexed (0 for a new
// index). After a crash it may be lower than what Put was given (the last
// batches were not yet on disk), never higher; CatchUp re-indexes the gap.
func (ix *Index) LastSeq() (int64, error) {
	v, err := ix.bi.GetInternal(keyLastSeq)
	if err != nil {
		return 0, fmt.Errorf("search index last seq: %w", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("search index last seq %q: %w", v, err)
	}
	return n, nil
}

// Put indexes articles (replacing any indexed article with the same ID)
// and records seq as the highest store sequence number indexed when it is
// higher than the current one, atomically with the articles. Articles
// without an ID are an error; nothing of the batch is then indexed.
func (ix *Index) Put(ctx context.Context, seq int64, articles ...*marsad.Article) error {
	return ix.apply(ctx, seq, articles, nil)
}

// Delete removes articles by ID (unknown IDs are ignored).
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	return ix.apply(ctx, 0, nil, ids)
}

func (ix *Index) apply(ctx context.Context, seq int64, put []*marsad.Article, del []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b := ix.bi.NewBatch()
	for _, a := range put {
		if a == nil {
			continue
		}
		doc, err := newDocument(a)
		if err != nil {
			return fmt.Errorf("search index put: %w", err)
		}
		if err := b.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("search index put %s: %w", a.ID, err)
		}
	}
	for _, id := range del {
		b.Delete(id)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if seq > 0 {
		last, err := ix.LastSeq()
		if err != nil {
			return err
		}
		if seq > last {
			b.SetInternal(keyLastSeq, []byte(strconv.FormatInt(seq, 10)))
		}
	}
	if b.Size() == 0 {
		return nil
	}
	ix.pending.Add(1)
	var once sync.Once
	done := func() { once.Do(ix.pending.Done) }
	b.SetPersistedCallback(func(error) { done() })
	if err := ix.bi.Batch(b); err != nil {
		done()
		return fmt.Errorf("search index batch: %w", err)
	}
	return nil
}

// CatchUp indexes every change of src after LastSeq, in batches of
// CatchUpBatch, until src reports no more, and returns the number of
// changes applied. It stops early, with ctx's error, when ctx ends; what
// was indexed stays indexed.
func (ix *Index) CatchUp(ctx context.Context, src marsad.ChangeSource) (int, error) {
	n := 0
	for {
		after, err := ix.LastSeq()
		if err != nil {
			return n, err
		}
		changes, err := src.Changes(ctx, after, CatchUpBatch)
		if err != nil {
			return n, fmt.Errorf("search index catch up after %d: %w", after, err)
		}
		if len(changes) == 0 {
			return n, nil
		}
		var (
			put  []*marsad.Article
			del  []string
			high = after
		)
		for _, c := range changes {
			if c.Seq > high {
				high = c.Seq
			}
			switch {
			case c.Article == nil:
			case c.Deleted:
				del = append(del, c.Article.ID)
			default:
				put = append(put, c.Article)
			}
		}
		if high <= after {
			return n, fmt.Errorf("search index catch up: change source returned no sequence number above %d", after)
		}
		if err := ix.apply(ctx, high, put, del); err != nil {
			return n, err
		}
		n += len(changes)
	}
}

// OpenSynced opens the index in dir and brings it up to date with src:
// an index that needs a rebuild (corrupt, incompatible, or foreign
// files refused by Recreate aside) is recreated and rebuilt from src. It
// logs what it does to logger (nil for none). On error nothing stays open.
func OpenSynced(ctx context.Context, dir string, src marsad.ChangeSource, logger *slog.Logger) (*Index, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ix, err := Open(dir)
	if errors.Is(err, ErrNeedsRebuild) {
		logger.Warn("search index unusable; rebuilding it from the store", "dir", dir, "reason", err)
		ix, err = Recreate(dir)
	}
	if err != nil {
		return nil, err
	}
	start := time.Now()
	n, err := ix.CatchUp(ctx, src)
	if err != nil {
		ix.Close()
		return nil, err
	}
	level := slog.LevelDebug
	if n >= 1000 {
		level = slog.LevelInfo
	}
	logger.Log(ctx, level, "search index caught up with the store", "changes", n, "took", time.Since(start).Round(time.Millisecond))
	return ix, nil
}

// forceMerge merges the index's segments into one and waits for it.
func (ix *Index) forceMerge(ctx context.Context) error {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("search index: not a scorch index")
	}
	return sc.ForceMerge(ctx, nil)
}

// DocCount returns the number of indexed articles.
func (ix *Index) DocCount() (uint64, error) {
	return ix.bi.DocCount()
}

// Close waits (at most 30 s) for indexed batches to reach the disk and
// closes the index.
func (ix *Index) Close() error {
	done := make(chan struct{})
	go func() {
		ix.pending.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
	}
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("close search index %s: %w", ix.dir, err)
	}
	return nil
}

// Stats is a summary of the index for operators.
type Stats struct {
	Docs    uint64 `json:"docs"`
	LastSeq int64  `json:"last_seq"`
	// DiskBytes is the size of the index folder.
	DiskBytes int64 `json:"disk_bytes"`
}

// Stats returns document count, LastSeq and disk size.
func (ix *Index) Stats() (Stats, error) {
	var s Stats
	var err error
	if s.Docs, err = ix.bi.DocCount(); err != nil {
		return s, err
	}
	if s.LastSeq, err = ix.LastSeq(); err != nil {
		return s, err
	}
	err = filepath.WalkDir(ix.dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // files come and go while scorch merges
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			s.DiskBytes += info.Size()
		}
		return nil
	})
	return s, err
}

// compile-time check that Index is a marsad.Searcher.
var _ marsad.Searcher = (*Index)(nil)
