// Package dump copies a whole archive between backends (the embedded
// SQLite store and PostgreSQL) through marsad.Store: `marsad dump FILE`
// writes it, `marsad restore FILE` reads it into another (empty) store.
// `marsad export` stays the analysts' data-out command; a dump is for
// moving an archive, not for reading.
//
// # Format
//
// A dump is a gzip-compressed stream of JSON lines, one record per line,
// each an object with a "kind":
//
//	{"kind":"header","format":"marsad-dump","version":1,"created":"RFC 3339"}
//	{"kind":"source","source":{Source}}
//	{"kind":"article","id":"...","revisions":[{"number":1,"hash":"...","stored":"...","article":{Article}}, ...],
//	     "raw":{"content_type":"...","body":"base64","warc_file":"...","warc_offset":0,"fetched":"..."}}
//	{"kind":"story","story":{Story with its Articles}}
//	{"kind":"frontier","entry":{FrontierEntry}}
//	{"kind":"ingest","record":{IngestRecord}}
//	{"kind":"alert","alert":{Alert},"secret":"..."}
//	{"kind":"end","counts":{"article":N,...}}
//
// Articles come in the order of their current revision in the store's
// change log (so a restore replays the registry's spelling-variant merges
// in the same order), each with every revision, oldest first, and the raw
// page of its current revision. The trailer's counts make a truncated
// file an error instead of a silent partial restore. The stream is
// written and read record by record: memory does not grow with the
// archive (one article's revisions at a time, plus the ingest log, which
// the Store interface only returns whole).
//
// # What travels
//
// Everything the Store interface holds: sources, articles with all their
// revisions (content and content hash; the entity registry is rebuilt
// from them, identically), the current raw page of each article, stories
// with their membership and copy marks, and the ingest log. Through
// optional interfaces, when both stores have them: the crawl frontier
// with schedules, validators and counters (FrontierLister /
// FrontierRestorer; without a restorer the URLs are added with AddURLs,
// due at their next fetch) and alerts with their secrets
// (marsad.AlertStore). What does not travel: the stored time and change
// sequence number of each revision (the target store assigns its own),
// raw pages of superseded revisions, deleted articles, alert matches and
// webhook deliveries, and the search index (derived: rebuilt from the
// store).
package dump

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/marsad-news/marsad"
)

// Format and Version identify the dump format in its header.
const (
	Format  = "marsad-dump"
	Version = 1
)

// MaxLineBytes is the longest record accepted when reading (one article
// with all its revisions and its raw page).
const MaxLineBytes = 512 << 20

// FrontierLister is implemented by stores whose frontier can be listed.
type FrontierLister interface {
	FrontierEntries(ctx context.Context, fn func(marsad.FrontierEntry) error) error
}

// FrontierRestorer is implemented by stores that can write frontier
// entries as they are (schedule, counters, validators).
type FrontierRestorer interface {
	RestoreFrontier(ctx context.Context, entries []marsad.FrontierEntry) error
}

// Record kinds.
const (
	kindHeader   = "header"
	kindSource   = "source"
	kindArticle  = "article"
	kindStory    = "story"
	kindFrontier = "frontier"
	kindIngest   = "ingest"
	kindAlert    = "alert"
	kindEnd      = "end"
)

// record is one line of a dump.
type record struct {
	Kind string `json:"kind"`
	// header
	Format  string    `json:"format,omitempty"`
	Version int       `json:"version,omitempty"`
	Created time.Time `json:"created,omitzero"`

	Source    *marsad.Source        `json:"source,omitempty"`
	ID        string                `json:"id,omitempty"`
	Revisions []revision            `json:"revisions,omitempty"`
	Raw       *rawPage              `json:"raw,omitempty"`
	Story     *marsad.Story         `json:"story,omitempty"`
	Entry     *marsad.FrontierEntry `json:"entry,omitempty"`
	Ingest    *marsad.IngestRecord  `json:"record,omitempty"`
	Alert     *marsad.Alert         `json:"alert,omitempty"`
	Secret    string                `json:"secret,omitempty"`
	Counts    map[string]int        `json:"counts,omitempty"`
}

type revision struct {
	Number  int             `json:"number"`
	Hash    string          `json:"hash"`
	Stored  time.Time       `json:"stored"`
	Article *marsad.Article `json:"article"`
}

type rawPage struct {
	ContentType string    `json:"content_type,omitempty"`
	Body        []byte    `json:"body,omitempty"`
	WARCFile    string    `json:"warc_file,omitempty"`
	WARCOffset  int64     `json:"warc_offset,omitempty"`
	Fetched     time.Time `json:"fetched,omitzero"`
}

// Counts says how many records of each kind a dump or restore handled.
type Counts map[string]int

// Options tune Write and Read.
type Options struct {
	// Progress, when set, is called with the running counts now and then.
	Progress func(Counts)
	// BatchSize is the number of articles restored per transaction
	// (default 64).
	BatchSize int
}

// Write dumps st to w.
func Write(ctx context.Context, w io.Writer, st marsad.Store, opts Options) (Counts, error) {
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(zw, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	counts := Counts{}
	put := func(r record) error {
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("dump: write: %w", err)
		}
		if r.Kind != kindHeader && r.Kind != kindEnd {
			counts[r.Kind]++
			if opts.Progress != nil && counts[r.Kind]%1000 == 0 {
				opts.Progress(counts)
			}
		}
		return nil
	}
	if err := put(record{Kind: kindHeader, Format: Format, Version: Version, Created: time.Now().UTC()}); err != nil {
		return counts, err
	}
	srcs, err := st.Sources(ctx)
	if err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	for i := range srcs {
		if err := put(record{Kind: kindSource, Source: &srcs[i]}); err != nil {
			return counts, err
		}
	}
	// Articles: walk the change log; a current revision appears once.
	after := int64(0)
	for {
		chs, err := st.Changes(ctx, after, 500)
		if err != nil {
			return counts, fmt.Errorf("dump: %w", err)
		}
		if len(chs) == 0 {
			break
		}
		for _, ch := range chs {
			after = ch.Seq
			if ch.Deleted {
				continue
			}
			rec, err := articleRecord(ctx, st, ch.Article.ID)
			if errors.Is(err, marsad.ErrNotFound) {
				continue // deleted meanwhile
			}
			if err != nil {
				return counts, err
			}
			if err := put(rec); err != nil {
				return counts, err
			}
		}
	}
	stories, err := st.Stories(ctx, math.MaxInt32)
	if err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	for i := len(stories) - 1; i >= 0; i-- { // oldest first
		s, err := st.Story(ctx, stories[i].ID)
		if errors.Is(err, marsad.ErrNotFound) {
			continue
		}
		if err != nil {
			return counts, fmt.Errorf("dump: %w", err)
		}
		if err := put(record{Kind: kindStory, Story: s}); err != nil {
			return counts, err
		}
	}
	if fl, ok := st.(FrontierLister); ok {
		err := fl.FrontierEntries(ctx, func(e marsad.FrontierEntry) error {
			return put(record{Kind: kindFrontier, Entry: &e})
		})
		if err != nil {
			return counts, fmt.Errorf("dump: %w", err)
		}
	}
	log, err := st.IngestLog(ctx, math.MaxInt32)
	if err != nil {
		return counts, fmt.Errorf("dump: %w", err)
	}
	for i := len(log) - 1; i >= 0; i-- { // oldest first
		if err := put(record{Kind: kindIngest, Ingest: &log[i]}); err != nil {
			return counts, err
		}
	}
	if as, ok := st.(marsad.AlertStore); ok {
		alerts, err := as.Alerts(ctx)
		if err != nil {
			return counts, fmt.Errorf("dump: %w", err)
		}
		for i := range alerts {
			if err := put(record{Kind: kindAlert, Alert: &alerts[i], Secret: alerts[i].Secret}); err != nil {
				return counts, err
			}
		}
	}
	if err := put(record{Kind: kindEnd, Counts: counts}); err != nil {
		return counts, err
	}
	if err := bw.Flush(); err != nil {
		return counts, fmt.Errorf("dump: write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return counts, fmt.Errorf("dump: write: %w", err)
	}
	return counts, nil
}

func articleRecord(ctx context.Context, st marsad.Store, id string) (record, error) {
	revs, err := st.Revisions(ctx, id)
	if err != nil {
		return record{}, fmt.Errorf("dump: article %s: %w", id, err)
	}
	rec := record{Kind: kindArticle, ID: id}
	for _, r := range revs {
		rec.Revisions = append(rec.Revisions, revision{Number: r.Number, Hash: r.Hash, Stored: r.Stored, Article: r.Article})
	}
	p, err := st.RawPage(ctx, id)
	switch {
	case err == nil:
		rec.Raw = &rawPage{ContentType: p.ContentType, Body: p.Body, WARCFile: p.WARCFile, WARCOffset: p.WARCOffset, Fetched: p.Fetched}
	case !errors.Is(err, marsad.ErrNotFound):
		return record{}, fmt.Errorf("dump: raw page %s: %w", id, err)
	}
	return rec, nil
}

// ErrNotEmpty is returned by Read when the target store already holds
// articles: a restore is into an empty archive.
var ErrNotEmpty = errors.New("the target archive is not empty")

// Read restores the dump in r into st, which must hold no articles. It
// checks every article's revision hashes as it goes and fails on a
// truncated or damaged dump (what was restored until then stays).
func Read(ctx context.Context, r io.Reader, st marsad.Store, opts Options) (Counts, error) {
	stats, err := st.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if stats.Articles > 0 {
		return nil, fmt.Errorf("restore: %w (%d articles)", ErrNotEmpty, stats.Articles)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 64
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("restore: not a marsad dump: %w", err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), MaxLineBytes)
	counts := Counts{}
	var (
		batch    []marsad.PutItem
		hashes   []string
		ingest   []marsad.IngestRecord
		frontier []marsad.FrontierEntry
		line     int
		ended    bool
		want     map[string]int
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := st.PutArticles(ctx, batch)
		if err != nil {
			return err
		}
		for i, r := range res {
			if r.Outcome == marsad.OutcomeUnchanged {
				return fmt.Errorf("article %s: a revision repeats the one before it", r.ID)
			}
			if hashes[i] != "" {
				if err := checkHash(ctx, st, r, hashes[i]); err != nil {
					return err
				}
			}
		}
		batch, hashes = batch[:0], hashes[:0]
		return nil
	}
	flushFrontier := func() error {
		if len(frontier) == 0 {
			return nil
		}
		var err error
		if fr, ok := st.(FrontierRestorer); ok {
			err = fr.RestoreFrontier(ctx, frontier)
		} else if f, ok := st.(marsad.Frontier); ok {
			_, err = f.AddURLs(ctx, frontier)
		}
		frontier = frontier[:0]
		return err
	}
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return counts, err
		}
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return counts, fmt.Errorf("restore: line %d: %w", line, err)
		}
		if line == 1 {
			if rec.Kind != kindHeader || rec.Format != Format {
				return counts, fmt.Errorf("restore: not a marsad dump (first line is %q)", rec.Kind)
			}
			if rec.Version != Version {
				return counts, fmt.Errorf("restore: dump version %d, this program reads %d", rec.Version, Version)
			}
			continue
		}
		if ended {
			return counts, fmt.Errorf("restore: line %d: data after the end record", line)
		}
		if rec.Kind != kindArticle {
			if err := flush(); err != nil {
				return counts, fmt.Errorf("restore: line %d: %w", line, err)
			}
		}
		if rec.Kind != kindFrontier {
			if err := flushFrontier(); err != nil {
				return counts, fmt.Errorf("restore: line %d: %w", line, err)
			}
		}
		var err error
		switch rec.Kind {
		case kindSource:
			if rec.Source == nil {
				return counts, fmt.Errorf("restore: line %d: source record without a source", line)
			}
			err = st.PutSource(ctx, rec.Source)
		case kindArticle:
			if len(rec.Revisions) == 0 {
				return counts, fmt.Errorf("restore: line %d: article %s without revisions", line, rec.ID)
			}
			for i, rv := range rec.Revisions {
				if rv.Article == nil || rv.Article.ID != rec.ID || rv.Number != i+1 {
					return counts, fmt.Errorf("restore: line %d: article %s: bad revision %d", line, rec.ID, i+1)
				}
				it := marsad.PutItem{Article: rv.Article}
				if i == len(rec.Revisions)-1 && rec.Raw != nil {
					it.Raw = &marsad.RawPage{ContentType: rec.Raw.ContentType, Body: rec.Raw.Body,
						WARCFile: rec.Raw.WARCFile, WARCOffset: rec.Raw.WARCOffset, Fetched: rec.Raw.Fetched}
				}
				batch = append(batch, it)
				hashes = append(hashes, rv.Hash)
			}
			if len(batch) >= opts.BatchSize {
				err = flush()
			}
		case kindStory:
			if rec.Story == nil {
				return counts, fmt.Errorf("restore: line %d: story record without a story", line)
			}
			err = st.PutStory(ctx, rec.Story)
		case kindFrontier:
			if rec.Entry == nil {
				return counts, fmt.Errorf("restore: line %d: frontier record without an entry", line)
			}
			frontier = append(frontier, *rec.Entry)
			if len(frontier) >= 500 {
				err = flushFrontier()
			}
		case kindIngest:
			if rec.Ingest == nil {
				return counts, fmt.Errorf("restore: line %d: ingest record without a record", line)
			}
			ingest = append(ingest, *rec.Ingest)
			if len(ingest) >= 1000 {
				err = st.LogIngest(ctx, ingest...)
				ingest = ingest[:0]
			}
		case kindAlert:
			if rec.Alert == nil {
				return counts, fmt.Errorf("restore: line %d: alert record without an alert", line)
			}
			if as, ok := st.(marsad.AlertStore); ok {
				a := *rec.Alert
				a.Secret = rec.Secret
				err = as.PutAlert(ctx, &a)
			} else {
				counts["alert_skipped"]++
				continue
			}
		case kindEnd:
			ended = true
			want = rec.Counts
			continue
		default:
			return counts, fmt.Errorf("restore: line %d: unknown record kind %q", line, rec.Kind)
		}
		if err != nil {
			return counts, fmt.Errorf("restore: line %d (%s): %w", line, rec.Kind, err)
		}
		counts[rec.Kind]++
		if opts.Progress != nil && counts[rec.Kind]%1000 == 0 {
			opts.Progress(counts)
		}
	}
	if err := sc.Err(); err != nil {
		return counts, fmt.Errorf("restore: line %d: %w", line+1, err)
	}
	if err := flush(); err != nil {
		return counts, fmt.Errorf("restore: %w", err)
	}
	if err := flushFrontier(); err != nil {
		return counts, fmt.Errorf("restore: %w", err)
	}
	if len(ingest) > 0 {
		if err := st.LogIngest(ctx, ingest...); err != nil {
			return counts, fmt.Errorf("restore: %w", err)
		}
	}
	if !ended {
		return counts, errors.New("restore: the dump is truncated (no end record)")
	}
	for k, n := range want {
		if counts[k] != n && !(k == kindAlert && counts["alert_skipped"] > 0) && !(k == kindFrontier && counts[k] == 0) {
			return counts, fmt.Errorf("restore: the dump announces %d %s records, %d restored", n, k, counts[k])
		}
	}
	return counts, nil
}

// checkHash verifies that the stored revision has the dumped hash.
func checkHash(ctx context.Context, st marsad.Store, r marsad.PutResult, want string) error {
	revs, err := st.Revisions(ctx, r.ID)
	if err != nil {
		return err
	}
	for _, rv := range revs {
		if rv.Number == r.Revision {
			if rv.Hash != want {
				return fmt.Errorf("article %s revision %d: hash %s, the dump has %s", r.ID, r.Revision, rv.Hash, want)
			}
			return nil
		}
	}
	return fmt.Errorf("article %s: revision %d not stored", r.ID, r.Revision)
}
