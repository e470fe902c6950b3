package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/extract"
	"github.com/marsad-news/marsad/extract/exteval"
	"github.com/marsad-news/marsad/extract/htmlpage"
)

// newEvalCmd is the parent of the quality evaluations; each child scores
// one stage against a reference data set.
func newEvalCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Measure the quality of a stage against a reference data set",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("eval: name an evaluation, e.g. marsad eval extract (see marsad eval --help)")
		},
	}
	cmd.AddCommand(newEvalExtractCmd(g))
	cmd.AddCommand(newEvalAnalyzeCmd(g))
	cmd.AddCommand(newEvalStoriesCmd(g))
	return cmd
}

func newEvalExtractCmd(g *globals) *cobra.Command {
	var truth, htmlDir, out string
	var workers, worst int
	cmd := &cobra.Command{
		Use:   "extract --truth ground-truth.json --html DIR [--out predictions.json]",
		Short: "Score article body extraction on the Zyte article-extraction benchmark",
		Long: `extract runs marsad's page extraction over every page of an article-extraction
benchmark (DIR/<id>.html.gz or DIR/<id>.html, ids from the truth file) and scores
the bodies with the benchmark's metric: 4-token shingles, precision and recall
averaged over pages, F1 from the two means. It prints P, R, F1 and the worst
pages; --out writes the predictions as {"<id>": {"articleBody": "..."}}.`,
		Example: `  marsad eval extract --truth ../shared/data/article-extraction-benchmark/ground-truth.json \
    --html ../shared/data/article-extraction-benchmark/html --out predictions.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if truth == "" || htmlDir == "" {
				return usageErrorf("eval extract: --truth and --html are required")
			}
			ex := func(ctx context.Context, p exteval.Page) (string, error) {
				a, err := extract.Page(ctx, p.HTML, extract.Options{URL: p.URL, ContentType: "text/html"})
				if err != nil {
					return "", err
				}
				return htmlpage.Body(a), nil
			}
			rep, err := exteval.Run(cmd.Context(), exteval.Config{TruthPath: truth, HTMLDir: htmlDir, Workers: workers, Extract: ex})
			if err != nil {
				return fmt.Errorf("eval extract: %w", err)
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "%s in %v, %d extraction errors\n", rep.Summary(), rep.Elapsed.Round(1e6), len(rep.Failed))
			for _, p := range rep.Worst(worst) {
				fmt.Fprintf(w, "worst %s P=%.3f R=%.3f F1=%.3f\n", p.ID, p.Precision, p.Recall, p.F1)
			}
			if g.logger != nil {
				for id, e := range rep.Failed {
					g.logger.Warn("extraction failed", "page", id, "err", e)
				}
			}
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return fmt.Errorf("eval extract: %w", err)
				}
				if err := exteval.WritePredictions(f, rep.Predictions); err != nil {
					f.Close()
					return err
				}
				if err := f.Close(); err != nil {
					return fmt.Errorf("eval extract: %w", err)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&truth, "truth", "", "ground-truth file: {\"<id>\": {\"articleBody\": ..., \"url\": ...}}")
	f.StringVar(&htmlDir, "html", "", "folder of the pages, <id>.html.gz or <id>.html")
	f.StringVar(&out, "out", "", "write the predictions to this file")
	f.IntVar(&workers, "workers", 0, "parallel extractions (0: one per CPU)")
	f.IntVar(&worst, "worst", 5, "print this many worst pages")
	return cmd
}
