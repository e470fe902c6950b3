package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/gen"
)

func newGenCmd(g *globals) *cobra.Command {
	var (
		opts  gen.Options
		out   string
		start string
	)
	cmd := &cobra.Command{
		Use:   "gen --count N [--seed S] --out DIR",
		Short: "Generate a corpus of realistic Arabic news articles, with its truth",
		Long: `gen writes a deterministic corpus of generated Arabic news articles for load
tests and demos: several (fictional) outlets covering shared stories, near-copies
of wire text, officials named with their titles and in several spellings, dates in
many forms, direct and reported quotes, page leftovers. The same --count and
--seed always give the same files:

  DIR/pages.jsonl    the pages, one {"url", "source", "text"|"html"} per line,
                     for ` + "`marsad ingest`" + `
  DIR/truth.jsonl    per page: id, story, copy_of, entities (key, forms, roles),
                     quotes, dates, events (for evaluating extraction and clustering)
  DIR/stories.jsonl  per story: the event and its articles`,
		Example: `  marsad gen --count 10000 --seed 1 --out /tmp/corpus
  marsad gen --count 1000 --html 0.5 --out /tmp/mixed && marsad ingest /tmp/mixed/pages.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageErrorf("gen: --out DIR is required")
			}
			if opts.Count <= 0 {
				return usageErrorf("gen: --count must be positive")
			}
			if opts.HTML < 0 || opts.HTML > 1 {
				return usageErrorf("gen: --html must be between 0 and 1")
			}
			if start != "" {
				t, err := time.Parse("2006-01-02", start)
				if err != nil {
					return usageErrorf("gen: --start: want YYYY-MM-DD: %v", err)
				}
				opts.Start = t
			}
			st, err := gen.WriteDir(cmd.Context(), out, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d articles (%d stories, %d near-copies, %d HTML pages, %d bytes of pages) to %s\n",
				st.Articles, st.Stories, st.Copies, st.HTML, st.Bytes, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Count, "count", 1000, "number of articles")
	f.Uint64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same corpus")
	f.StringVar(&out, "out", "", "output folder (created if needed)")
	f.Float64Var(&opts.HTML, "html", 0, "share of pages written as HTML (0..1); the others are plain text")
	f.StringVar(&start, "start", "", "date of the first story, YYYY-MM-DD (default 2025-01-05)")
	f.IntVar(&opts.Days, "days", 365, "number of days the stories spread over")
	return cmd
}
