package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/crawl/discover"
	"github.com/marsad-news/marsad/crawl/opml"
	"github.com/marsad-news/marsad/crawl/outlets"
)

func newSourcesCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "Manage the outlets marsad follows (add, list, remove, import, export OPML)",
		Long: `sources manages the outlets (news sites) that ` + "`marsad crawl`" + ` and ` + "`marsad run`" + ` follow.
A source has a name, a home page, a language, a country, an optional category, and
the feeds and sitemaps discovered from its home page and robots.txt.`,
	}
	cmd.AddCommand(newSourcesAddCmd(g), newSourcesListCmd(g), newSourcesRemoveCmd(g),
		newSourcesImportCmd(g), newSourcesExportCmd(g))
	return cmd
}

func newSourcesAddCmd(g *globals) *cobra.Command {
	var (
		src          marsad.Source
		defaults     bool
		noDiscover   bool
		allowPrivate bool
	)
	cmd := &cobra.Command{
		Use:   "add [flags] URL...",
		Short: "Follow an outlet: a site's home page or a feed URL",
		Long: `add follows outlets. For a site (https://www.enabbaladi.net) it discovers the feeds the
home page announces (<link rel="alternate">) and the sitemaps of robots.txt or the
usual paths; for a feed URL it follows that feed. A site with neither is followed
through the article links of its home and section pages. The next crawl backfills
recent articles from the sitemaps (--backfill on crawl, default 7 days).

--defaults adds marsad's curated list of major Arabic outlets (pan-Arab, Syrian,
Egyptian, Gulf, Levantine, Iraqi, Maghrebi, and international broadcasters' Arabic
services); their feeds and sitemaps are discovered on the first crawl.`,
		Example: `  marsad sources add https://www.enabbaladi.net
  marsad sources add --name "سانا" --country SY https://sana.sy/feed/
  marsad sources add --defaults`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !defaults && len(args) == 0 {
				return usageErrorf("sources add: give at least one URL, or --defaults")
			}
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, false, false)
			if err != nil {
				return fmt.Errorf("sources add: %w", err)
			}
			defer a.Close()
			out := cmd.OutOrStdout()
			if defaults {
				list, err := outlets.Defaults()
				if err != nil {
					return fmt.Errorf("sources add: %w", err)
				}
				for i := range list {
					if err := a.store.PutSource(ctx, &list[i]); err != nil {
						return fmt.Errorf("sources add: %w", err)
					}
				}
				fmt.Fprintf(out, "added %d default outlets; their feeds and sitemaps are discovered on the first crawl\n", len(list))
			}
			var getter discover.Getter
			if !noDiscover && len(args) > 0 {
				getter = newFetcher(g, allowPrivate, 0)
			}
			for _, raw := range args {
				s := src
				if !strings.Contains(raw, "://") {
					raw = "https://" + raw
				}
				s.HomeURL = raw
				if getter != nil {
					site, err := discover.Discover(ctx, getter, raw)
					if err != nil {
						return fmt.Errorf("sources add: %w", err)
					}
					s.HomeURL, s.Feeds, s.Sitemaps = site.Home, site.Feeds, site.Sitemaps
					if s.Name == "" {
						s.Name = site.Name
					}
					if s.Language == "" {
						s.Language = site.Language
					}
				}
				s.ID = outlets.SourceID(s.HomeURL)
				if s.Name == "" {
					s.Name = s.ID
				}
				if err := a.store.PutSource(ctx, &s); err != nil {
					return fmt.Errorf("sources add: %w", err)
				}
				fmt.Fprintf(out, "added %s (%s): %d feeds, %d sitemaps\n", s.ID, s.Name, len(s.Feeds), len(s.Sitemaps))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&defaults, "defaults", false, "add the curated list of major Arabic outlets")
	f.StringVar(&src.Name, "name", "", "outlet name (default: the site's title)")
	f.StringVar(&src.Language, "lang", "", "language code (default: the site's)")
	f.StringVar(&src.Country, "country", "", "country code, e.g. SY")
	f.StringVar(&src.Category, "category", "", "optional category or region")
	f.BoolVar(&noDiscover, "no-discover", false, "store the URL without fetching it; discovery happens on the next crawl")
	f.BoolVar(&allowPrivate, "allow-private-addresses", false, "allow fetching loopback, private and link-local addresses")
	return cmd
}

func newSourcesListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the outlets followed, with their crawl health",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, false, false)
			if err != nil {
				return fmt.Errorf("sources list: %w", err)
			}
			defer a.Close()
			srcs, err := a.store.Sources(ctx)
			if err != nil {
				return fmt.Errorf("sources list: %w", err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(nonNilSources(srcs))
			}
			health, err := a.frontier.SourceHealth(ctx)
			if err != nil {
				return fmt.Errorf("sources list: %w", err)
			}
			byID := map[string]marsad.SourceHealth{}
			for _, h := range health {
				byID[h.SourceID] = h
			}
			tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tFEEDS\tSITEMAPS\tLAST FETCH\tFETCHES\tERRORS")
			for _, s := range srcs {
				h := byID[s.ID]
				last := "never"
				if !h.LastFetched.IsZero() {
					last = h.LastFetched.Local().Format(time.DateTime)
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%d\t%d\n", s.ID, s.Name, len(s.Feeds), len(s.Sitemaps), last, h.Fetches, h.Errors)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the sources as a JSON array")
	return cmd
}

func nonNilSources(s []marsad.Source) []marsad.Source {
	if s == nil {
		return []marsad.Source{}
	}
	return s
}

func newSourcesRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID...",
		Short: "Stop following outlets (their archived articles stay)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, false, false)
			if err != nil {
				return fmt.Errorf("sources remove: %w", err)
			}
			defer a.Close()
			for _, id := range args {
				if err := a.store.DeleteSource(ctx, id); err != nil {
					return fmt.Errorf("sources remove: %w", err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "removed %s\n", id)
			}
			return nil
		},
	}
}

func newSourcesImportCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.opml",
		Short: "Follow the feeds of an OPML file (as every feed reader exports)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return usageErrorf("sources import: %w", err)
			}
			defer f.Close()
			srcs, err := opml.Parse(f)
			if err != nil {
				return usageErrorf("sources import: %w", err)
			}
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, false, false)
			if err != nil {
				return fmt.Errorf("sources import: %w", err)
			}
			defer a.Close()
			// One source per site: the outlines of one site's feeds merge.
			var order []string
			byID := map[string]*marsad.Source{}
			for i := range srcs {
				s := &srcs[i]
				s.ID = outlets.SourceID(s.HomeURL)
				if prev, ok := byID[s.ID]; ok {
					prev.Feeds = mergeURLs(prev.Feeds, s.Feeds)
					continue
				}
				if old, err := a.store.Source(ctx, s.ID); err == nil {
					s.Feeds = mergeURLs(old.Feeds, s.Feeds)
					s.Sitemaps = old.Sitemaps
				}
				byID[s.ID] = s
				order = append(order, s.ID)
			}
			for _, id := range order {
				if err := a.store.PutSource(ctx, byID[id]); err != nil {
					return fmt.Errorf("sources import: %w", err)
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d sources (%d outlines) from %s\n", len(order), len(srcs), args[0])
			return nil
		},
	}
}

func newSourcesExportCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "export [FILE.opml]",
		Short: "Write the followed outlets as OPML (stdout without FILE)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, false, false)
			if err != nil {
				return fmt.Errorf("sources export: %w", err)
			}
			defer a.Close()
			srcs, err := a.store.Sources(ctx)
			if err != nil {
				return fmt.Errorf("sources export: %w", err)
			}
			w := cmd.OutOrStdout()
			if len(args) == 1 {
				f, err := os.Create(args[0])
				if err != nil {
					return fmt.Errorf("sources export: %w", err)
				}
				defer f.Close()
				w = f
			}
			return opml.Write(w, "marsad sources", srcs, time.Now())
		},
	}
}

// mergeURLs returns a followed by the URLs of b not in a.
func mergeURLs(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, u := range append(append([]string{}, a...), b...) {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
