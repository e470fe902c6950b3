// Package ingest loads pages and articles into the archive: it walks files
// and folders (.txt, .html, .jsonl, .warc, .warc.gz), turns every page into
// an analyzed Article (extract + analyze, in parallel), stores it and feeds
// the search index.
//
// The pipeline is three stages joined by small bounded channels, so memory
// does not grow with the corpus: one reader streams inputs (a .jsonl or
// WARC file is read record by record), Workers goroutines process them, and
// one writer stores them in batches (one transaction each) and then hands
// them to the index. An article is reported stored (Options.OnStored) only
// after its batch has committed.
//
// A bad input (unreadable file, broken .jsonl line, truncated WARC, page
// refused by extract) is counted as failed with its reason and skipped; it
// never stops the run. A failing store (disk full, I/O error) stops the
// run: Run returns the summary so far and the error.
//
// Limits: a page or .jsonl line larger than MaxInputBytes is refused; a
// WARC record payload larger than MaxInputBytes is skipped.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/extract"
)

// MaxInputBytes is the largest page, .jsonl line or WARC payload accepted
// (the same limit as extract.MaxInputBytes).
const MaxInputBytes = extract.MaxInputBytes

// Input is one item to ingest: a page to extract (Data) or a complete
// Article (from a .jsonl line).
type Input struct {
	// Name identifies the item in logs and the summary: a path,
	// "path:LINE" for a .jsonl line, "path@OFFSET" for a WARC record.
	Name string
	// Data is the page (HTML or plain text, any encoding).
	Data []byte
	// URL, ContentType and Source describe where Data came from.
	URL         string
	ContentType string
	Source      string
	// Fetched is when the page was retrieved, when known.
	Fetched time.Time
	// Article is a complete article given as JSON; Data is then empty.
	Article *marsad.Article
	// WARCFile and WARCOffset locate the record Data came from; the store
	// then keeps this pointer instead of a copy of the page.
	WARCFile   string
	WARCOffset int64
}

// Processor turns one Input into an analyzed Article.
type Processor interface {
	Process(ctx context.Context, in *Input) (*marsad.Article, error)
}

// Index is the part of the search index that ingest feeds; *search.Index
// satisfies it.
type Index interface {
	LastSeq() (int64, error)
	Put(ctx context.Context, seq int64, articles ...*marsad.Article) error
	CatchUp(ctx context.Context, src marsad.ChangeSource) (int, error)
}

// Options configure a run.
type Options struct {
	Store     marsad.Store
	Processor Processor
	// Index, when set, is brought up to date with the store before the
	// run and fed every stored batch.
	Index Index
	// Workers is the number of parallel processors (default GOMAXPROCS).
	Workers int
	// BatchSize is the number of articles stored per transaction
	// (default 64).
	BatchSize int
	// Source is the outlet given to pages that do not name one.
	Source string
	// KeepRaw keeps a compressed copy of each page in the store (WARC
	// records are always kept as pointers).
	KeepRaw bool
	// Logger receives failures (Warn) and per-item results (Debug).
	Logger *slog.Logger
	// OnStored is called, from one goroutine, for every item after the
	// batch holding it has committed (or after it failed).
	OnStored func(Result)
	// Progress, when set, is called with the running counts after each
	// batch.
	Progress func(Summary)
}

// Result is what happened to one input.
type Result struct {
	Input   string         `json:"input"`
	ID      string         `json:"id,omitempty"`
	Outcome marsad.Outcome `json:"outcome,omitempty"`
	Seq     int64          `json:"seq,omitempty"`
	// Err is the reason the item failed; empty on success.
	Err string `json:"error,omitempty"`
}

// Failure is one failed input with its reason.
type Failure struct {
	Input  string `json:"input"`
	Reason string `json:"reason"`
}

// maxFailuresKept bounds the failures listed in a Summary; all are
// counted.
const maxFailuresKept = 100

// Summary counts what a run did.
type Summary struct {
	New       int `json:"new"`
	Unchanged int `json:"unchanged"`
	Revised   int `json:"revised"`
	Failed    int `json:"failed"`
	// Failures lists the first failures with their reasons.
	Failures []Failure `json:"failures,omitempty"`
	// Indexed is the number of changes applied to the search index.
	Indexed int           `json:"indexed"`
	Elapsed time.Duration `json:"elapsed_ns"`
	// Stages is the time spent per stage, summed over workers: read,
	// extract, analyze, store, index.
	Stages map[string]time.Duration `json:"stages_ns,omitempty"`
}

// Stored is the number of items stored or found already stored.
func (s Summary) Stored() int { return s.New + s.Unchanged + s.Revised }

// Total is the number of items seen.
func (s Summary) Total() int { return s.Stored() + s.Failed }

// PerSecond is the rate of items handled.
func (s Summary) PerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Total()) / s.Elapsed.Seconds()
}

// String is the one-paragraph summary printed after a run.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ingested %d items in %s (%.0f/s): %d new, %d unchanged, %d revised, %d failed",
		s.Total(), s.Elapsed.Round(time.Millisecond), s.PerSecond(), s.New, s.Unchanged, s.Revised, s.Failed)
	if s.Indexed > 0 {
		fmt.Fprintf(&b, "; %d indexed", s.Indexed)
	}
	if len(s.Stages) > 0 {
		names := make([]string, 0, len(s.Stages))
		for k := range s.Stages {
			names = append(names, k)
		}
		sort.Slice(names, func(i, j int) bool { return stageOrder(names[i]) < stageOrder(names[j]) })
		b.WriteString("\ntime per stage (summed over workers):")
		for _, k := range names {
			fmt.Fprintf(&b, " %s %s", k, s.Stages[k].Round(time.Millisecond))
		}
	}
	for _, f := range s.Failures {
		fmt.Fprintf(&b, "\nfailed: %s: %s", f.Input, f.Reason)
	}
	if s.Failed > len(s.Failures) {
		fmt.Fprintf(&b, "\n... and %d more failures (see the ingestion log)", s.Failed-len(s.Failures))
	}
	return b.String()
}

func stageOrder(s string) int {
	for i, n := range []string{"read", "extract", "analyze", "process", "store", "index"} {
		if n == s {
			return i
		}
	}
	return 99
}

// ErrNothingIngested is returned by Run when there were inputs but none
// could be stored.
var ErrNothingIngested = errors.New("nothing could be ingested")

// stageTimer accumulates time per stage; safe for concurrent use.
type stageTimer struct {
	mu sync.Mutex
	d  map[string]time.Duration
}

func (t *stageTimer) add(stage string, d time.Duration) {
	t.mu.Lock()
	if t.d == nil {
		t.d = map[string]time.Duration{}
	}
	t.d[stage] += d
	t.mu.Unlock()
}

func (t *stageTimer) snapshot() map[string]time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := make(map[string]time.Duration, len(t.d))
	for k, v := range t.d {
		m[k] = v
	}
	return m
}

// StageTimer is implemented by processors that report their own stages
// (extract, analyze); Run adds them to the summary.
type StageTimer interface {
	StageTimes() map[string]time.Duration
}

// processed is a worker's output.
type processed struct {
	in  *Input
	a   *marsad.Article
	err error
}

// Run ingests every file and folder in paths. It returns the summary and
// an error when the store failed (the run stops then), when ctx ended, or
// ErrNothingIngested when inputs were seen but none was stored.
func Run(ctx context.Context, paths []string, opts Options) (Summary, error) {
	inputs := make(chan *Input, 16)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var timer stageTimer
	failures := make(chan Failure, 16)
	readDone := make(chan error, 1)
	go func() {
		defer close(inputs)
		defer close(failures)
		r := reader{ctx: ctx, out: inputs, fail: failures, timer: &timer, source: opts.Source}
		readDone <- r.walk(paths)
	}()
	sum, err := run(ctx, inputs, failures, &timer, opts)
	cancel() // unblocks the reader if run stopped early
	readErr := <-readDone
	if err == nil && readErr != nil && !errors.Is(readErr, context.Canceled) {
		err = readErr
	}
	return sum, err
}

// RunInputs ingests the items received from inputs until it is closed.
func RunInputs(ctx context.Context, inputs <-chan *Input, opts Options) (Summary, error) {
	var timer stageTimer
	return run(ctx, inputs, nil, &timer, opts)
}

func run(ctx context.Context, inputs <-chan *Input, readFailures <-chan Failure, timer *stageTimer, opts Options) (Summary, error) {
	if opts.Store == nil || opts.Processor == nil {
		return Summary{}, errors.New("ingest: Store and Processor are required")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 64
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	w := &writer{opts: opts, timer: timer, start: start}
	if opts.Index != nil {
		t := time.Now()
		n, err := opts.Index.CatchUp(ctx, opts.Store)
		timer.add("index", time.Since(t))
		if err != nil {
			return Summary{}, fmt.Errorf("ingest: bring search index up to date: %w", err)
		}
		w.sum.Indexed += n
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if opts.Index != nil {
		w.idx = newIndexer(ctx, opts, timer)
	}
	results := make(chan processed, opts.Workers*2)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range inputs {
				if ctx.Err() != nil {
					continue // drain so the reader can finish
				}
				t := time.Now()
				a, err := processSafely(ctx, opts.Processor, in)
				timer.add("process", time.Since(t))
				select {
				case results <- processed{in: in, a: a, err: err}:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var storeErr error
	rf := readFailures
	flushTick := time.NewTicker(250 * time.Millisecond)
	defer flushTick.Stop()
	for results != nil || rf != nil {
		select {
		case f, ok := <-rf:
			if !ok {
				rf = nil
				continue
			}
			w.fail(ctx, f.Input, f.Reason)
		case p, ok := <-results:
			if !ok {
				results = nil
				continue
			}
			if storeErr != nil {
				continue
			}
			if p.err != nil {
				w.fail(ctx, p.in.Name, p.err.Error())
				continue
			}
			w.add(p)
			if len(w.batch) >= opts.BatchSize {
				if storeErr = w.flush(ctx); storeErr != nil {
					cancel()
				}
			}
		case <-flushTick.C:
			if storeErr == nil && len(w.batch) > 0 {
				if storeErr = w.flush(ctx); storeErr != nil {
					cancel()
				}
			}
		}
	}
	if storeErr == nil {
		storeErr = w.flush(ctx)
	}
	if w.idx != nil {
		w.idx.close()
	}
	w.flushLog(context.WithoutCancel(ctx))
	sum := w.summary()
	if st, ok := opts.Processor.(StageTimer); ok {
		for k, v := range st.StageTimes() {
			sum.Stages[k] += v
		}
		delete(sum.Stages, "process")
	}
	switch {
	case storeErr != nil:
		return sum, storeErr
	case ctx.Err() != nil:
		return sum, ctx.Err()
	case sum.Total() > 0 && sum.Stored() == 0:
		return sum, ErrNothingIngested
	}
	return sum, nil
}

// processSafely runs p, turning a panic into an error so one hostile page
// cannot stop the run.
func processSafely(ctx context.Context, p Processor, in *Input) (a *marsad.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	a, err = p.Process(ctx, in)
	if err == nil && a == nil {
		err = errors.New("no article")
	}
	return a, err
}

// writer is the single goroutine that stores batches and feeds the index.
type writer struct {
	idx   *indexer // nil without an index
	opts  Options
	timer *stageTimer
	start time.Time
	batch []processed
	sum   Summary
	log   []marsad.IngestRecord
}

func (w *writer) add(p processed) { w.batch = append(w.batch, p) }

func (w *writer) fail(ctx context.Context, input, reason string) {
	w.sum.Failed++
	if len(w.sum.Failures) < maxFailuresKept {
		w.sum.Failures = append(w.sum.Failures, Failure{Input: input, Reason: reason})
	}
	w.opts.Logger.Warn("ingest: skipped", "input", input, "reason", reason)
	w.log = append(w.log, marsad.IngestRecord{Time: time.Now(), Input: input, Error: reason})
	if w.opts.OnStored != nil {
		w.opts.OnStored(Result{Input: input, Err: reason})
	}
	if len(w.log) >= 256 {
		w.flushLog(ctx)
	}
}

func (w *writer) flushLog(ctx context.Context) {
	if len(w.log) == 0 {
		return
	}
	if err := w.opts.Store.LogIngest(ctx, w.log...); err != nil {
		w.opts.Logger.Warn("ingest: could not write the ingestion log", "err", err)
	}
	w.log = w.log[:0]
}

func (w *writer) summary() Summary {
	s := w.sum
	if w.idx != nil {
		s.Indexed += int(w.idx.indexed.Load())
	}
	s.Failures = append([]Failure(nil), w.sum.Failures...)
	s.Elapsed = time.Since(w.start)
	s.Stages = w.timer.snapshot()
	return s
}

// flush stores the batch in one transaction. When the transaction fails
// for a reason other than the store itself (a bad article), the items are
// stored one by one so only the bad one fails. A store failure (disk full,
// I/O error, closed database) is returned and stops the run.
func (w *writer) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return nil
	}
	batch := w.batch
	w.batch = nil
	items := make([]marsad.PutItem, len(batch))
	for i, p := range batch {
		items[i] = marsad.PutItem{Article: p.a, Raw: w.raw(p.in)}
	}
	t := time.Now()
	res, err := w.opts.Store.PutArticles(ctx, items)
	w.timer.add("store", time.Since(t))
	if err != nil {
		if fatalStoreError(ctx, err) {
			return fmt.Errorf("ingest: store: %w", err)
		}
		res = make([]marsad.PutResult, len(items))
		errs := make([]error, len(items))
		for i := range items {
			t := time.Now()
			r, err := w.opts.Store.PutArticle(ctx, items[i].Article, items[i].Raw)
			w.timer.add("store", time.Since(t))
			if err != nil && fatalStoreError(ctx, err) {
				return fmt.Errorf("ingest: store: %w", err)
			}
			res[i], errs[i] = r, err
		}
		return w.done(ctx, batch, res, errs)
	}
	return w.done(ctx, batch, res, nil)
}

func (w *writer) raw(in *Input) *marsad.RawPage {
	if in.WARCFile != "" {
		return &marsad.RawPage{ContentType: in.ContentType, WARCFile: in.WARCFile, WARCOffset: in.WARCOffset, Fetched: in.Fetched}
	}
	if w.opts.KeepRaw && len(in.Data) > 0 {
		return &marsad.RawPage{ContentType: in.ContentType, Body: in.Data, Fetched: in.Fetched}
	}
	return nil
}

// done records the outcome of a stored batch and feeds the index.
func (w *writer) done(ctx context.Context, batch []processed, res []marsad.PutResult, errs []error) error {
	var changed []*marsad.Article
	var lo, hi int64
	for i, p := range batch {
		if errs != nil && errs[i] != nil {
			w.fail(ctx, p.in.Name, errs[i].Error())
			continue
		}
		r := res[i]
		switch r.Outcome {
		case marsad.OutcomeNew:
			w.sum.New++
		case marsad.OutcomeUnchanged:
			w.sum.Unchanged++
		case marsad.OutcomeRevised:
			w.sum.Revised++
		}
		if r.Outcome != marsad.OutcomeUnchanged {
			changed = append(changed, p.a)
			if lo == 0 || r.Seq < lo {
				lo = r.Seq
			}
			if r.Seq > hi {
				hi = r.Seq
			}
		}
		w.log = append(w.log, marsad.IngestRecord{Time: time.Now(), Input: p.in.Name, ArticleID: r.ID, Outcome: r.Outcome})
		w.opts.Logger.Debug("ingest: stored", "input", p.in.Name, "id", r.ID, "outcome", r.Outcome, "seq", r.Seq)
		if w.opts.OnStored != nil {
			w.opts.OnStored(Result{Input: p.in.Name, ID: r.ID, Outcome: r.Outcome, Seq: r.Seq})
		}
	}
	if len(w.log) >= 256 {
		w.flushLog(ctx)
	}
	if w.idx != nil && len(changed) > 0 {
		w.idx.in <- indexBatch{changed: changed, lo: lo, hi: hi}
	}
	if w.opts.Progress != nil {
		w.opts.Progress(w.summary())
	}
	return nil
}

// indexer feeds the search index from its own goroutine, so storing the
// next batch overlaps with indexing this one. Its channel is small: a slow
// index slows the writer down rather than holding many batches.
type indexer struct {
	ix      Index
	store   marsad.ChangeSource
	timer   *stageTimer
	logger  *slog.Logger
	in      chan indexBatch
	done    chan struct{}
	indexed atomic.Int64
}

type indexBatch struct {
	changed []*marsad.Article
	lo, hi  int64
}

func newIndexer(ctx context.Context, opts Options, timer *stageTimer) *indexer {
	x := &indexer{ix: opts.Index, store: opts.Store, timer: timer, logger: opts.Logger,
		in: make(chan indexBatch, 2), done: make(chan struct{})}
	go func() {
		defer close(x.done)
		failed := false
		for b := range x.in {
			if ctx.Err() != nil {
				continue
			}
			t := time.Now()
			err := x.feed(ctx, b)
			x.timer.add("index", time.Since(t))
			if err != nil && !failed {
				// The store holds the articles; the index catches up
				// on the next start. Not a reason to stop ingesting.
				failed = true
				x.logger.Warn("ingest: search index update failed; it will catch up on the next start", "err", err)
			}
		}
	}()
	return x
}

// close waits for the queued batches to be indexed.
func (x *indexer) close() {
	close(x.in)
	<-x.done
}

// feed gives a batch's changes to the index. When the batch directly
// follows what the index holds (seqs lo..hi contiguous after its LastSeq,
// the usual case) the articles are indexed as they are; otherwise
// (another process wrote to the store meanwhile, an earlier batch failed,
// or one article was revised twice in the batch) the index catches up from
// the store.
func (x *indexer) feed(ctx context.Context, b indexBatch) error {
	last, err := x.ix.LastSeq()
	if err != nil {
		return err
	}
	ids := map[string]bool{}
	for _, a := range b.changed {
		ids[a.ID] = true
	}
	if b.lo == last+1 && b.hi-b.lo+1 == int64(len(b.changed)) && len(ids) == len(b.changed) {
		if err := x.ix.Put(ctx, b.hi, b.changed...); err != nil {
			return err
		}
		x.indexed.Add(int64(len(b.changed)))
		return nil
	}
	n, err := x.ix.CatchUp(ctx, x.store)
	x.indexed.Add(int64(n))
	return err
}

// fatalStoreError reports errors that no other article would avoid: the
// context ended, the disk is full, the database is read-only, corrupt or
// closed.
func fatalStoreError(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"disk is full", "disk i/o error", "readonly database", "read-only",
		"malformed", "not a database", "database is closed", "no space left", "out of memory", "database is locked"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
