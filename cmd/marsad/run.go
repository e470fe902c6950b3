package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/internal/demo"
)

func newRunCmd(g *globals) *cobra.Command {
	var (
		cf       crawlFlags
		sf       serveFlags
		isDemo   bool
		articles int
	)
	cmd := &cobra.Command{
		Use:   "run [--demo] [--addr ADDR]",
		Short: "The main job: crawl the followed outlets, process their pages and serve the web app",
		Long: `run does everything in one process: it crawls the outlets followed (see marsad sources),
extracts, analyzes, stores and indexes every new article, and serves the web app and API
(as marsad serve) with one /metrics for both.

--demo needs no network: it archives the founding example and a generated corpus of
fictional outlets (--demo-articles) into DATA, groups them into stories, and serves
them, printing the URL to open. Nothing is crawled in demo mode.`,
		Example: `  marsad run --demo
  marsad sources add --defaults && marsad run --addr :8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			out := cmd.OutOrStdout()
			sf.allowPrivate = cf.allowPrivate
			a, err := openArchive(ctx, g, true, true)
			if err != nil {
				return fmt.Errorf("run: %w", err)
			}
			defer a.Close()
			reg := prometheus.NewRegistry()
			if isDemo {
				fmt.Fprintf(out, "demo: archiving the founding example and %d generated articles into %s (offline)...\n", articles, g.dataDir)
				progress := ingest.NewProgress(os.Stderr, g.logger, 10*time.Second)
				res, err := demo.Load(ctx, demo.Options{Store: a.store, Index: a.ingestIndex(), Processor: a.proc, Articles: articles, Logger: g.logger, Progress: progress.Update})
				progress.Finish()
				if err != nil {
					return fmt.Errorf("run: %w", err)
				}
				fmt.Fprintf(out, "demo: %d new, %d already archived, %d failed; %d stories\n",
					res.Ingest.New, res.Ingest.Unchanged+res.Ingest.Revised, res.Ingest.Failed, res.Build.Stories)
				return serveArchive(ctx, g, a, sf, reg, out, func(base string) {
					fmt.Fprintf(out, "open %s in a browser; try %ssearch?q=%s\n", base, base, url.QueryEscape(demo.SeedQuery))
				})
			}
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var (
				wg       sync.WaitGroup
				crawlErr error
			)
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, crawlErr = crawlArchive(ctx, g, a, cf, false, reg)
				if crawlErr != nil && !errors.Is(crawlErr, context.Canceled) {
					g.logger.Error("crawler stopped", "err", crawlErr)
				}
			}()
			err = serveArchive(ctx, g, a, sf, reg, out, nil)
			cancel()
			wg.Wait()
			if err != nil {
				return fmt.Errorf("run: %w", err)
			}
			if crawlErr != nil && !errors.Is(crawlErr, context.Canceled) {
				return fmt.Errorf("run: crawl: %w", crawlErr)
			}
			return nil
		},
	}
	cf.register(cmd)
	sf.register(cmd, false)
	cmd.Flags().BoolVar(&isDemo, "demo", false, "offline demo: archive the founding example and a generated corpus, then serve")
	cmd.Flags().IntVar(&articles, "demo-articles", demo.DefaultArticles, "with --demo: the number of generated articles")
	return cmd
}
