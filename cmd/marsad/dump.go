package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/dump"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/sqlite"
)

// openStore opens the store selected by the global flags: PostgreSQL with
// --database-url, the embedded store of --data otherwise.
func openStore(ctx context.Context, g *globals) (marsad.Store, error) {
	if g.databaseURL != "" {
		return openPostgres(ctx, g, postgres.Options{})
	}
	return sqlite.OpenDir(ctx, g.dataDir)
}

func newDumpCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "dump FILE|-",
		Short: "Write the whole archive to a file, to restore it into another backend",
		Long: `dump writes the archive (embedded, or PostgreSQL with --database-url) to FILE (or
stdout with -) as a gzip-compressed stream of JSON lines: sources, every article with
all its revisions and its raw page, stories, the crawl frontier, the ingest log and
alerts. ` + "`marsad restore FILE`" + ` reads it into an empty archive of either backend.
The search index is not dumped: it is rebuilt from the store. The format is described
in the documentation of package dump. For data analysis use ` + "`marsad export`" + `.`,
		Example: `  marsad dump archive.marsad.gz
  marsad restore --database-url postgres://marsad@db/marsad archive.marsad.gz`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := openStore(ctx, g)
			if err != nil {
				return fmt.Errorf("dump: %w", err)
			}
			defer st.Close()
			var w io.Writer = cmd.OutOrStdout()
			var f *os.File
			if args[0] != "-" {
				if f, err = os.Create(args[0]); err != nil {
					return fmt.Errorf("dump: %w", err)
				}
				w = f
			}
			counts, err := dump.Write(ctx, w, st, dump.Options{})
			if f != nil {
				if cerr := f.Close(); err == nil && cerr != nil {
					err = cerr
				}
				if err != nil {
					os.Remove(args[0])
				}
			}
			if err != nil {
				return fmt.Errorf("dump: %w", err)
			}
			g.logger.Info("dumped", "file", args[0], "articles", counts["article"], "sources", counts["source"],
				"stories", counts["story"], "frontier", counts["frontier"], "ingest_log", counts["ingest"], "alerts", counts["alert"])
			return nil
		},
	}
}

func newRestoreCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE|-",
		Short: "Read a dump into an empty archive (embedded, or PostgreSQL with --database-url)",
		Long: `restore reads a file written by ` + "`marsad dump`" + ` (or stdin with -) into the archive
selected by --data or --database-url, which must hold no articles. Every revision's
content hash is checked as it is stored; a truncated or damaged dump is an error.
The embedded search index catches up on the next command that opens it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := openStore(ctx, g)
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			defer st.Close()
			var r io.Reader = cmd.InOrStdin()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return usageErrorf("restore: %v", err)
				}
				defer f.Close()
				r = f
			}
			counts, err := dump.Read(ctx, r, st, dump.Options{})
			if errors.Is(err, dump.ErrNotEmpty) {
				return usageErrorf("%v", err)
			}
			if err != nil {
				return err
			}
			g.logger.Info("restored", "file", args[0], "articles", counts["article"], "sources", counts["source"],
				"stories", counts["story"], "frontier", counts["frontier"], "ingest_log", counts["ingest"], "alerts", counts["alert"])
			return nil
		},
	}
}
