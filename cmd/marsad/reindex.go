package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/sqlite"
)

func newReindexCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Long: `reindex throws away the search index (DATA/index) and rebuilds it from the
store (DATA/marsad.db), the source of truth. Searching and ingesting already
bring the index up to date by themselves, and rebuild it when it is missing
or damaged; reindex is for a forced rebuild, e.g. after the analyzer changed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.databaseURL != "" {
				return usageErrorf("reindex: nothing to rebuild on PostgreSQL: its search is the database's own, always up to date")
			}
			ctx := cmd.Context()
			if _, err := os.Stat(filepath.Join(g.dataDir, sqlite.DBFile)); err != nil {
				return fmt.Errorf("reindex: no archive in %s: %w", g.dataDir, err)
			}
			store, err := sqlite.OpenDir(ctx, g.dataDir)
			if err != nil {
				return fmt.Errorf("reindex: %w", err)
			}
			defer store.Close()
			start := time.Now()
			ix, err := search.Recreate(filepath.Join(g.dataDir, sqlite.IndexDir))
			if err != nil {
				return fmt.Errorf("reindex: %w", err)
			}
			n, err := ix.CatchUp(ctx, store)
			if cerr := ix.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("reindex: %d changes indexed before: %w", n, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "reindexed %d articles in %s\n", n, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	return cmd
}
