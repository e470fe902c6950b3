// Package analyze finds who did and said what in an Arabic news article:
// the named entities (persons with their roles, organizations, places),
// the quotes with their speakers, and the meetings and visits the text
// reports. It fills Article.Entities, Article.Quotes and Article.Events.
//
// The analysis combines a statistical tagger (package analyze/ner, when a
// model is available), gazetteers embedded in the binary (package
// analyze/gazetteer) and lexical rules for titles, speech verbs and event
// verbs. It favours precision: a quote is attributed only when its speaker
// can be resolved, otherwise it is dropped or left with speaker type
// "unknown".
//
// Limits: Analyze looks at the first MaxTextRunes code points of the text
// only; longer texts are analyzed on their prefix.
package analyze

import (
	"context"
	"fmt"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze/gazetteer"
)

// MaxTextRunes is the number of code points of Article.Text that Analyze
// looks at. Real articles are far shorter; the bound keeps the cost of
// hostile input linear and small.
const MaxTextRunes = 200_000

// Tagger is a sequence tagger that labels tokens with BIO tags such as
// B-PERS, I-PERS, B-LOC, B-ORG, B-MISC and O. The ner package's Tagger
// satisfies it.
type Tagger interface {
	Tag(tokens []string) []string
}

// DocumentTagger is a Tagger that can also tag a whole article at once,
// one tag slice per sentence, using what the other sentences say about a
// name (analyze/ner's tagger is one). The analyzer prefers it: an article
// names a person in full once and repeats the bare family name.
type DocumentTagger interface {
	Tagger
	TagDocument(sents [][]string) [][]string
}

// Options configure an Analyzer.
type Options struct {
	// ExtraGazetteer are user lists added to the built-in gazetteers:
	// each entry names one entity, with its type and optional variants.
	ExtraGazetteer []gazetteer.Entry
	// Tagger overrides the statistical tagger. When nil, New loads the
	// model embedded in the binary if there is one, and otherwise runs on
	// gazetteers and rules only.
	Tagger Tagger
	// NoTagger disables the statistical tagger entirely.
	NoTagger bool
	// RequireTagger makes New fail when the embedded tagger cannot be
	// loaded; by default the analyzer then runs on gazetteers and rules
	// (see Analyzer.TaggerError).
	RequireTagger bool
}

// Analyzer holds the loaded models and gazetteers. It is safe for
// concurrent use by multiple goroutines.
type Analyzer struct {
	gaz       *gazetteer.Gazetteer
	lx        *lexicon
	tagger    Tagger
	taggerErr error
}

// New loads the gazetteers (built-in and opts.ExtraGazetteer) and the
// tagger.
func New(opts Options) (*Analyzer, error) {
	g, err := gazetteer.New(opts.ExtraGazetteer)
	if err != nil {
		return nil, fmt.Errorf("analyze: gazetteer: %w", err)
	}
	an := &Analyzer{gaz: g, lx: newLexicon()}
	switch {
	case opts.NoTagger:
	case opts.Tagger != nil:
		an.tagger = opts.Tagger
	default:
		t, err := loadTagger()
		switch {
		case err != nil && opts.RequireTagger:
			return nil, fmt.Errorf("analyze: tagger: %w", err)
		case err != nil:
			an.taggerErr = fmt.Errorf("analyze: tagger: %w", err)
		default:
			an.tagger = t
		}
	}
	return an, nil
}

// TaggerError reports why the embedded statistical tagger is not in use,
// or nil when it is (or was disabled by Options).
func (an *Analyzer) TaggerError() error { return an.taggerErr }

// Analyze fills a.Entities, a.Quotes and a.Events from a.Text, replacing
// what they held. Offsets are code points into a.Text, end exclusive.
// Event dates are resolved against a.Published (relative dates are left
// empty when it is missing or unparsable). Analyze never panics on any
// input; it returns ctx.Err() when the context is done before it starts.
func (an *Analyzer) Analyze(ctx context.Context, a *marsad.Article) (err error) {
	if a == nil {
		return fmt.Errorf("analyze: nil article")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("analyze: internal error: %v", r)
		}
	}()
	ref := parsePublished(a.Published)
	res := an.run(a.Text, a.Title, ref)
	a.Entities = res.entities
	a.Quotes = res.quotes
	a.Events = res.events
	return nil
}

// parsePublished reads Article.Published (RFC 3339 or YYYY-MM-DD).
func parsePublished(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
