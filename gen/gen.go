// Package gen generates a deterministic corpus of realistic Arabic news
// articles for load tests, demos and the evaluation of clustering: several
// outlets covering shared stories, near-copies of wire text, officials
// named with their titles and in several spellings (زاخاروفا/زخاروفا),
// dates in many forms (relative, Gregorian, Levantine, Maghrebi and Hijri
// month names, Arabic-Indic digits), direct and reported quotes, and page
// boilerplate (bylines, "share", "read also").
//
// Beside each page it writes the truth: the story of each article, which
// article it copies, the entities with their keys, the quotes and the
// dates meant. The same Options (Count, Seed, ...) always give the same
// bytes. All outlets are fictional; the text is written by this package.
package gen

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/marsad-news/marsad"
)

// Options configure a corpus.
type Options struct {
	// Count is the number of articles.
	Count int
	// Seed selects the corpus; the same seed gives the same corpus.
	Seed uint64
	// Start is the date of the first story (default 2025-01-05).
	Start time.Time
	// Days is the number of days the stories spread over (default 365).
	Days int
	// HTML is the share of pages written as HTML pages (0..1); the others
	// are plain text pages like the founding example.
	HTML float64
}

// Page is one generated page as ingested: a .jsonl line {url, source,
// text} or {url, source, html}.
type Page struct {
	URL    string `json:"url"`
	Source string `json:"source"`
	Text   string `json:"text,omitempty"`
	HTML   string `json:"html,omitempty"`
}

// Truth is what a generated article really says.
type Truth struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	Source string `json:"source"`
	Story  string `json:"story"`
	// CopyOf is the ID of the wire article this one republishes (a
	// near-copy), empty for original coverage.
	CopyOf    string         `json:"copy_of,omitempty"`
	Title     string         `json:"title"`
	Category  string         `json:"category"`
	Published string         `json:"published"`
	EventDate string         `json:"event_date"`
	Entities  []TruthEntity  `json:"entities"`
	Quotes    []TruthQuote   `json:"quotes"`
	Dates     []TruthDate    `json:"dates"`
	Events    []marsad.Event `json:"events"`
}

// TruthEntity is an entity named in an article: its canonical key, the
// forms used in the text and the roles given to it.
type TruthEntity struct {
	Key   string   `json:"key"`
	Name  string   `json:"name"`
	Type  string   `json:"type"`
	Forms []string `json:"forms"`
	Roles []string `json:"roles,omitempty"`
}

// TruthQuote is a statement in an article.
type TruthQuote struct {
	Speaker string `json:"speaker"` // entity key
	Kind    string `json:"kind"`
	Text    string `json:"text"`
}

// TruthDate is a date expression in the text and the date it means.
type TruthDate struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

// StoryTruth describes one story: the event all its articles cover.
type StoryTruth struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Topic        string   `json:"topic"`
	Kind         string   `json:"kind"`
	Place        string   `json:"place"`
	Date         string   `json:"date"`
	Participants []string `json:"participants"`
	// Subject is what the event is about (a facility, a site, an
	// agreement), named in the articles' leads.
	Subject  string   `json:"subject,omitempty"`
	Articles []string `json:"articles"`
}

// Article is one generated page with its truth.
type Article struct {
	Page  Page
	Truth Truth
}

// Generate produces opts.Count articles, story by story, calling
// onArticle for each article and onStory (which may be nil) after each
// story's articles. It stops at the first error a callback returns.
func Generate(ctx context.Context, opts Options, onArticle func(*Article) error, onStory func(*StoryTruth) error) error {
	if opts.Count < 0 {
		return errors.New("gen: negative count")
	}
	if opts.Start.IsZero() {
		opts.Start = time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)
	}
	if opts.Days <= 0 {
		opts.Days = 365
	}
	expectedStories := max(1, opts.Count/5)
	sc := newScale(opts, expectedStories)
	done := 0
	for s := 0; done < opts.Count; s++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		day := (s * opts.Days / expectedStories) % opts.Days
		st := newStory(opts, sc, s, day)
		n := min(st.size, opts.Count-done)
		arts := st.articles(n)
		for _, a := range arts {
			if err := onArticle(a); err != nil {
				return err
			}
		}
		done += len(arts)
		if onStory != nil {
			if err := onStory(st.truth(arts)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Files written by WriteDir.
const (
	PagesFile   = "pages.jsonl"
	TruthFile   = "truth.jsonl"
	StoriesFile = "stories.jsonl"
)

// Stats counts what WriteDir wrote.
type Stats struct {
	Articles int `json:"articles"`
	Stories  int `json:"stories"`
	Copies   int `json:"copies"`
	HTML     int `json:"html"`
	Bytes    int `json:"bytes"`
}

// WriteDir writes a corpus into dir: pages.jsonl (the pages, for
// `marsad ingest`), truth.jsonl (one Truth per page, same order) and
// stories.jsonl (one StoryTruth per story).
func WriteDir(ctx context.Context, dir string, opts Options) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, fmt.Errorf("gen: %w", err)
	}
	type out struct {
		f *os.File
		w *bufio.Writer
		e *json.Encoder
	}
	open := func(name string) (*out, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		e := json.NewEncoder(w)
		e.SetEscapeHTML(false)
		return &out{f, w, e}, nil
	}
	var files []*out
	closeAll := func() error {
		var errs []error
		for _, o := range files {
			errs = append(errs, o.w.Flush(), o.f.Close())
		}
		return errors.Join(errs...)
	}
	pages, err := open(PagesFile)
	if err != nil {
		return st, err
	}
	files = append(files, pages)
	truth, err := open(TruthFile)
	if err != nil {
		closeAll()
		return st, err
	}
	files = append(files, truth)
	stories, err := open(StoriesFile)
	if err != nil {
		closeAll()
		return st, err
	}
	files = append(files, stories)
	err = Generate(ctx, opts, func(a *Article) error {
		st.Articles++
		if a.Truth.CopyOf != "" {
			st.Copies++
		}
		if a.Page.HTML != "" {
			st.HTML++
		}
		st.Bytes += len(a.Page.Text) + len(a.Page.HTML)
		if err := pages.e.Encode(&a.Page); err != nil {
			return err
		}
		return truth.e.Encode(&a.Truth)
	}, func(s *StoryTruth) error {
		st.Stories++
		return stories.e.Encode(s)
	})
	if cerr := closeAll(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, fmt.Errorf("gen: %w", err)
	}
	return st, nil
}

// rng returns the random source of one story: each story draws from its
// own source, seeded by the corpus seed and the story's index.
func rng(seed uint64, story int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(story)*0x9E3779B97F4A7C15+1))
}
