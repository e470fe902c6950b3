package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/ingest"
)

func newIngestCmd(g *globals) *cobra.Command {
	var (
		opts      ingest.Options
		noIndex   bool
		noStories bool
		asJSON    bool
		report    string
	)
	cmd := &cobra.Command{
		Use:   "ingest [flags] PATH...",
		Short: "Load pages, .jsonl and WARC files into the archive",
		Long: fmt.Sprintf(`ingest reads files and folders (recursively) into the archive in DATA
(marsad.db, the store, and index/, the search index):

  .txt, .html, .htm      one page each (plain text or HTML, any common encoding)
  .jsonl, .ndjson        one item per line: an Article as JSON (as printed by
                         `+"`marsad extract`"+`), or a page {"url", "html"} or {"url", "text"},
                         with optional "source" and "content_type"
  .warc, .warc.gz        the HTML and text response records of a web archive

Every page is extracted and analyzed (in parallel on all cores) and stored once:
an article is identified by its canonical URL (tracking parameters removed), or
by its text when it has no URL. Ingesting the same thing again changes nothing
and says so ("unchanged"); a changed page at the same URL becomes a new
revision ("revised") and the old text is kept.

A bad input (unreadable file, broken line, truncated WARC, refused page) is
reported and skipped. The command exits with 1 only when nothing could be
ingested or the store failed (disk full); a page or line larger than %d MiB is
refused. It is safe to interrupt: what was reported stored is stored, and the
search index catches up on the next start.`, ingest.MaxInputBytes>>20),
		Example: `  marsad ingest ../shared/seed/article-ar-001.txt
  marsad ingest ./pages/ crawl-2025-11.warc.gz
  marsad gen --count 1000 --out /tmp/corpus && marsad ingest /tmp/corpus/pages.jsonl`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, !noIndex, true)
			if err != nil {
				return fmt.Errorf("ingest: %w", err)
			}
			defer a.Close()
			opts.Store, opts.Index, opts.Processor = a.store, a.ingestIndex(), a.proc
			opts.Logger = g.logger
			progress := ingest.NewProgress(os.Stderr, g.logger, 10*time.Second)
			opts.Progress = progress.Update
			if report != "" {
				f, err := os.Create(report)
				if err != nil {
					return fmt.Errorf("ingest: report: %w", err)
				}
				defer f.Close()
				w := bufio.NewWriter(f)
				defer w.Flush()
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				opts.OnStored = func(r ingest.Result) {
					_ = enc.Encode(r)
					if w.Buffered() > 32<<10 {
						_ = w.Flush()
					}
				}
			}
			if !noStories {
				if opts.OnStored, err = a.storyHook(ctx, g.logger, opts.OnStored); err != nil {
					return fmt.Errorf("ingest: %w", err)
				}
			}
			sum, err := ingest.Run(ctx, args, opts)
			progress.Finish()
			if sum.Stored() > 0 {
				a.matchAlerts(context.WithoutCancel(ctx), g.logger)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if jerr := enc.Encode(sum); jerr != nil {
					return jerr
				}
			} else {
				fmt.Fprintln(out, sum.String())
			}
			switch {
			case err == nil && sum.Total() == 0:
				return usageErrorf("ingest: no pages, .jsonl or WARC files found in %v", args)
			case err != nil:
				return fmt.Errorf("ingest: %w", err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Source, "source", "", "outlet given to pages that do not name one (default: the host of the page URL)")
	f.IntVar(&opts.Workers, "workers", 0, "pages processed in parallel (default: the number of CPUs)")
	f.IntVar(&opts.BatchSize, "batch", 64, "articles stored per transaction")
	f.BoolVar(&opts.KeepRaw, "keep-raw", false, "keep a compressed copy of every page in the store (WARC records are always kept as pointers)")
	f.BoolVar(&noStories, "no-stories", false, "do not place articles in stories (run `marsad stories --build` later)")
	f.BoolVar(&noIndex, "no-index", false, "do not update the search index (it catches up on the next search)")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	f.StringVar(&report, "report", "", "write one JSON line per input (input, id, outcome, seq, error) to this file, after it is committed")
	return cmd
}
