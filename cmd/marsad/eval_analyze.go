package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/analyze/evaluate"
	"github.com/marsad-news/marsad/internal/shared"
)

// newEvalAnalyzeCmd scores the analyzer (persons, roles, quotes, events)
// against the gold annotations of analyze/testdata/gold.
func newEvalAnalyzeCmd(g *globals) *cobra.Command {
	var goldDir, split string
	var misses bool
	cmd := &cobra.Command{
		Use:   "analyze [--gold DIR] [--split dev|test|all] [--misses]",
		Short: "Score entities, roles, quotes and events against gold annotations",
		Long: `analyze runs the article analyzer over the gold files of DIR (JSON, see package
analyze/evaluate) and prints precision, recall and F1 for persons, roles, quotes
(speaker and text overlap) and events (type and participants; place and date over
the matched events), per split. Gold files that name a text of the shared data
folder (../shared or $MARSAD_SHARED) are skipped when it is absent.`,
		Example: `  marsad eval analyze --gold analyze/testdata/gold --split test --misses`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if split != "dev" && split != "test" && split != "all" {
				return usageErrorf("eval analyze: --split must be dev, test or all, not %q", split)
			}
			golds, err := evaluate.LoadDir(goldDir)
			if err != nil {
				return fmt.Errorf("eval analyze: %w", err)
			}
			if len(golds) == 0 {
				return usageErrorf("eval analyze: no gold files (*.json) in %s", goldDir)
			}
			an, err := analyze.New(analyze.Options{})
			if err != nil {
				return fmt.Errorf("eval analyze: %w", err)
			}
			if err := an.TaggerError(); err != nil && g.logger != nil {
				g.logger.Warn("statistical tagger not in use", "err", err)
			}
			sharedDir := shared.Dir()
			w := cmd.OutOrStdout()
			for _, s := range []string{"dev", "test"} {
				if split != "all" && split != s {
					continue
				}
				set := evaluate.InSplit(golds, s, sharedDir)
				r, err := evaluate.Run(cmd.Context(), an, set, sharedDir)
				if err != nil {
					return fmt.Errorf("eval analyze: %w", err)
				}
				fmt.Fprintf(w, "%s: %d articles\n", s, len(set))
				fmt.Fprintf(w, "  persons %v\n  roles   %v\n  quotes  %v\n  events  %v\n", r.Persons, r.Roles, r.Quotes, r.Events)
				fmt.Fprintf(w, "  event place %v\n  event date  %v\n", r.EventPlace, r.EventDate)
				if misses {
					for _, m := range r.Misses {
						fmt.Fprintf(w, "  miss %s\n", m)
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&goldDir, "gold", "analyze/testdata/gold", "folder of gold annotation files")
	cmd.Flags().StringVar(&split, "split", "all", "which split to score: dev, test or all")
	cmd.Flags().BoolVar(&misses, "misses", false, "list every error")
	return cmd
}
