package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/extract"
)

// Analyzer fills an article's entities, quotes and events;
// *analyze.Analyzer satisfies it.
type Analyzer interface {
	Analyze(ctx context.Context, a *marsad.Article) error
}

// Pipeline is the standard Processor: extract.Page for pages, then the
// Analyzer (when set). Complete articles from .jsonl are analyzed only when
// they carry no analysis (no entities, quotes or events). It is safe for
// concurrent use and records the time spent per stage.
type Pipeline struct {
	Analyzer Analyzer
	timer    stageTimer
}

// NewPipeline returns a Pipeline using an (nil: extraction only).
func NewPipeline(an Analyzer) *Pipeline { return &Pipeline{Analyzer: an} }

// Process implements Processor.
func (p *Pipeline) Process(ctx context.Context, in *Input) (*marsad.Article, error) {
	var a *marsad.Article
	if in.Article != nil {
		a = in.Article
		if a.Text == "" {
			a.Text = sectionsText(a.Sections)
		}
		if len(a.Sections) == 0 && a.Text != "" {
			a.Sections = []marsad.Section{{Paragraphs: strings.Split(a.Text, "\n\n")}}
		}
		if a.Source == "" {
			a.Source = in.Source
		}
		if len(a.Entities) > 0 || len(a.Quotes) > 0 || len(a.Events) > 0 {
			return a, nil
		}
	} else {
		t := time.Now()
		var err error
		a, err = extract.Page(ctx, in.Data, extract.Options{URL: in.URL, Source: in.Source, ContentType: in.ContentType})
		p.timer.add("extract", time.Since(t))
		if err != nil {
			return nil, err
		}
	}
	if p.Analyzer != nil {
		t := time.Now()
		err := p.Analyzer.Analyze(ctx, a)
		p.timer.add("analyze", time.Since(t))
		if err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
	}
	return a, nil
}

// StageTimes implements StageTimer.
func (p *Pipeline) StageTimes() map[string]time.Duration { return p.timer.snapshot() }

func sectionsText(secs []marsad.Section) string {
	var paras []string
	for _, s := range secs {
		paras = append(paras, s.Paragraphs...)
	}
	return strings.Join(paras, "\n\n")
}
