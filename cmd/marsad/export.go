package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/export"
	"github.com/marsad-news/marsad/search"
)

func newExportCmd(g *globals) *cobra.Command {
	var (
		q       marsad.Query
		format  string
		storyID string
		outPath string
		limit   int
	)
	cmd := &cobra.Command{
		Use:   "export --format jsonl|csv [search filters] [--story ID] [QUERY]",
		Short: "Export search results or a story as JSON Lines or CSV",
		Long: `export writes articles out for analysts: every article a search finds (all pages,
newest first unless --sort says otherwise), or the coverage of one story with --story.

--format jsonl writes one article per line (the Article JSON of the API); --format csv
writes one row per article (id, url, source, credit, published, title, category, language,
authors, persons, organizations, locations, story_id, duplicate_of, text) in UTF-8 with a
byte order mark, so that Excel shows Arabic right. A cell that a spreadsheet would run as
a formula (starting with = + - @) is prefixed with an apostrophe.

The output is streamed to stdout or --out FILE: any number of articles in bounded memory.
The query and filters are those of ` + "`marsad search`" + `.`,
		Example: `  marsad export --format csv --out defence.csv وزير الدفاع
  marsad export --format jsonl --from 2025-11-01 --source سانا > november.jsonl
  marsad export --format csv --story s000123`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return usageError{err}
			}
			q.Text = strings.Join(args, " ")
			if storyID != "" && (q.Text != "" || q.From != "" || q.To != "" || len(q.Sources)+len(q.Categories)+len(q.Languages)+len(q.Entities) > 0) {
				return usageErrorf("export: --story takes no query or filters")
			}
			if limit < 0 {
				return usageErrorf("export: --limit must not be negative")
			}
			ctx := cmd.Context()
			a, err := openExisting(ctx, g, storyID == "")
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			defer a.Close()

			var w io.Writer = cmd.OutOrStdout()
			var file *os.File
			if outPath != "" && outPath != "-" {
				// Written to a temporary file renamed at the end, so a
				// failed export never leaves a partial file behind.
				file, err = os.CreateTemp(filepath.Dir(outPath), ".marsad-export-*")
				if err != nil {
					return fmt.Errorf("export: %w", err)
				}
				defer os.Remove(file.Name())
				defer file.Close()
				w = file
			}
			x, err := export.NewWriter(w, f)
			if err != nil {
				return usageError{err}
			}
			var res export.Result
			if storyID != "" {
				res, err = export.Story(ctx, x, a.store, storyID)
				if errors.Is(err, marsad.ErrNotFound) {
					return usageError{fmt.Errorf("export: no story %s", storyID)}
				}
			} else {
				res, err = export.Search(ctx, x, a.search, a.store, q, limit)
				if errors.Is(err, search.ErrInvalidQuery) {
					return usageError{err}
				}
			}
			if err != nil {
				return err
			}
			if err := x.Close(); err != nil {
				return err
			}
			if file != nil {
				if err := file.Close(); err != nil {
					return fmt.Errorf("export: %w", err)
				}
				if err := os.Rename(file.Name(), outPath); err != nil {
					return fmt.Errorf("export: %w", err)
				}
			}
			g.logger.Info("exported", "articles", res.Articles, "format", string(f), "out", outPath)
			if res.Truncated {
				g.logger.Warn("relevance order stops early; use --sort new to export every match", "exported", res.Articles, "total", res.Total)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "jsonl", "output format: jsonl or csv")
	fl.StringVar(&storyID, "story", "", "export this story's coverage instead of a search")
	fl.StringVarP(&outPath, "out", "o", "", "write to this file instead of stdout")
	fl.IntVar(&limit, "limit", 0, "export at most this many articles (0: all)")
	fl.StringVar(&q.From, "from", "", "published on or after this day (YYYY-MM-DD)")
	fl.StringVar(&q.To, "to", "", "published on or before this day (YYYY-MM-DD)")
	fl.StringArrayVar(&q.Sources, "source", nil, "only articles of this outlet (repeatable)")
	fl.StringArrayVar(&q.Categories, "category", nil, "only articles in this category (repeatable)")
	fl.StringArrayVar(&q.Languages, "lang", nil, "only articles in this language, e.g. ar, en (repeatable)")
	fl.StringArrayVar(&q.Entities, "entity", nil, "only articles naming this entity, by key or name (repeatable)")
	fl.StringVar(&q.Sort, "sort", "", `order: "new" (default, newest first) or "relevance" (stops after the first 10,000)`)
	return cmd
}
