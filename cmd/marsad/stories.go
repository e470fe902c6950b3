package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
)

// openStoryStore opens the archive (embedded or PostgreSQL) for the story
// commands.
func openStoryStore(ctx context.Context, g *globals, name string) (marsad.Store, error) {
	a, err := openExisting(ctx, g, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a.store, nil
}

func newStoriesCmd(g *globals) *cobra.Command {
	var (
		asJSON, build bool
		from, to      string
		limit         int
		window        time.Duration
	)
	cmd := &cobra.Command{
		Use:   "stories [--json] [--from D --to D] [--limit N] [--build]",
		Short: "List stories: one event, every outlet that covered it",
		Long: `stories lists the stories of the archive, most recently active first: each groups the
coverage of one event across outlets, with copies of wire text marked as such.
--from and --to (YYYY-MM-DD) keep the stories whose span meets those days.

Stories are made as articles are ingested. --build clusters the whole archive again
from scratch, in publication order (for an archive ingested before stories existed,
or after a change of settings), saves the stories and then lists them.

With --json the output is an array of {"id", "title", "first", "last", "articles":
[{"id", "url", "title", "source", "published", "duplicate_of"}]}.`,
		Example: `  marsad stories --from 2025-11-16 --to 2025-11-17
  marsad stories --json --limit 20
  marsad stories --build`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit <= 0 {
				return usageErrorf("stories: --limit must be positive")
			}
			lo, hi, err := dayRange(from, to)
			if err != nil {
				return usageErrorf("stories: %v", err)
			}
			ctx := cmd.Context()
			st, err := openStoryStore(ctx, g, "stories")
			if err != nil {
				return err
			}
			defer st.Close()
			if build {
				c := cluster.New(cluster.Options{Window: window})
				bs, err := cluster.Build(ctx, st, c, func(bs cluster.BuildStats) {
					if g.logger != nil {
						g.logger.Info("clustering", "articles", bs.Articles, "stories", bs.Stories, "copies", bs.Copies)
					}
				})
				if err != nil {
					return fmt.Errorf("stories: %w", err)
				}
				if g.logger != nil {
					g.logger.Info("stories built", "articles", bs.Articles, "stories", bs.Stories, "copies", bs.Copies)
				}
			}
			// Stories lists without articles and has no date filter: ask
			// for more than needed when filtering.
			ask := limit
			if !lo.IsZero() || !hi.IsZero() {
				ask = max(limit, cluster.MaxLoadStories)
			}
			list, err := st.Stories(ctx, ask)
			if err != nil {
				return fmt.Errorf("stories: %w", err)
			}
			var out []marsad.Story
			for _, s := range list {
				if len(out) == limit {
					break
				}
				if (!lo.IsZero() && s.Last.Before(lo)) || (!hi.IsZero() && !s.First.Before(hi)) {
					continue
				}
				full, err := st.Story(ctx, s.ID)
				if errors.Is(err, marsad.ErrNotFound) {
					continue
				}
				if err != nil {
					return fmt.Errorf("stories: %w", err)
				}
				out = append(out, *full)
			}
			w := cmd.OutOrStdout()
			if asJSON {
				if out == nil {
					out = []marsad.Story{}
				}
				return writeStoryJSON(w, out)
			}
			if len(out) == 0 {
				fmt.Fprintln(w, "no stories")
				return nil
			}
			for _, s := range out {
				originals, outlets := storyCounts(&s)
				fmt.Fprintf(w, "%s  %s  %s\n", s.ID, storySpan(s.First, s.Last), storyClean(s.Title))
				fmt.Fprintf(w, "    %d articles (%d copies) from %d outlets\n", len(s.Articles), len(s.Articles)-originals, outlets)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.StringVar(&from, "from", "", "stories active on or after this day (YYYY-MM-DD)")
	f.StringVar(&to, "to", "", "stories active on or before this day (YYYY-MM-DD)")
	f.IntVar(&limit, "limit", 50, "print at most this many stories")
	f.BoolVar(&build, "build", false, "cluster the whole archive again before listing")
	f.DurationVar(&window, "window", 0, "with --build: the clustering time window (default 72h)")
	return cmd
}

func newStoryCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "story ID [--json]",
		Short: "Show one story with its coverage side by side",
		Long: `story shows one story: its title (the most representative headline), its span, the
outlets with their articles (copies of wire text marked), the people, organizations and
places named and by which outlets, who was quoted by which outlets, and the numbers and
dates on which outlets disagree.

With --json the output is {"story": {...as in marsad stories...}, "comparison":
{"title", "first", "last", "outlets", "entities", "quotes", "facts"}}.`,
		Example: `  marsad story s3f2a9c01b2d4e5f6
  marsad story --json s3f2a9c01b2d4e5f6`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := openStoryStore(ctx, g, "story")
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := st.Story(ctx, args[0])
			if errors.Is(err, marsad.ErrNotFound) {
				return usageErrorf("story: no story %q (see marsad stories)", args[0])
			}
			if err != nil {
				return fmt.Errorf("story: %w", err)
			}
			var arts []*marsad.Article
			for _, m := range s.Articles {
				a, err := st.Article(ctx, m.ID)
				if errors.Is(err, marsad.ErrNotFound) {
					continue
				}
				if err != nil {
					return fmt.Errorf("story: %w", err)
				}
				if m.DuplicateOf != "" {
					if a.Meta == nil {
						a.Meta = map[string]string{}
					}
					a.Meta["duplicate_of"] = m.DuplicateOf
				}
				arts = append(arts, a)
			}
			cmp := cluster.Compare(arts)
			w := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					Story      *marsad.Story      `json:"story"`
					Comparison cluster.Comparison `json:"comparison"`
				}{s, cmp})
			}
			printComparison(w, s, cmp)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printComparison(w io.Writer, s *marsad.Story, cmp cluster.Comparison) {
	title := s.Title
	if title == "" {
		title = cmp.Title
	}
	fmt.Fprintf(w, "%s\n%s  %s\n", storyClean(title), s.ID, storySpan(s.First, s.Last))
	fmt.Fprintf(w, "\nOutlets (%d)\n", len(cmp.Outlets))
	for _, o := range cmp.Outlets {
		fmt.Fprintf(w, "  %s\n", storyClean(o.Source))
		for _, a := range o.Articles {
			mark := ""
			if a.DuplicateOf != "" {
				mark = "  [copy of " + a.DuplicateOf + "]"
			}
			fmt.Fprintf(w, "    %s  %s  %s%s\n", a.ID, storyClean(a.Published), storyClean(a.Title), mark)
		}
		if len(o.Quoted) > 0 {
			fmt.Fprintf(w, "    quoted: %s\n", storyClean(strings.Join(o.Quoted, "، ")))
		}
	}
	if len(cmp.Entities) > 0 {
		fmt.Fprintf(w, "\nNamed\n")
		for i, e := range cmp.Entities {
			if i == 20 {
				fmt.Fprintf(w, "  ... %d more\n", len(cmp.Entities)-20)
				break
			}
			role := ""
			if len(e.Roles) > 0 {
				role = " (" + storyClean(strings.Join(e.Roles, "؛ ")) + ")"
			}
			fmt.Fprintf(w, "  %s [%s]%s: %s\n", storyClean(e.Name), e.Type, role, storyClean(strings.Join(e.Sources, ", ")))
		}
	}
	if len(cmp.Quotes) > 0 {
		fmt.Fprintf(w, "\nQuoted\n")
		for _, q := range cmp.Quotes {
			fmt.Fprintf(w, "  %s, quoted by %s\n", storyClean(q.Speaker), storyClean(strings.Join(q.Sources, ", ")))
			for _, x := range q.Quotes {
				fmt.Fprintf(w, "    %s: %s\n", storyClean(x.Source), storyClean(x.Text))
			}
		}
	}
	if len(cmp.Facts) > 0 {
		fmt.Fprintf(w, "\nWhere outlets differ\n")
		for _, f := range cmp.Facts {
			var parts []string
			for _, v := range f.Values {
				parts = append(parts, fmt.Sprintf("%s (%s)", v.Value, strings.Join(v.Sources, ", ")))
			}
			fmt.Fprintf(w, "  %s %s: %s\n", f.Kind, storyClean(f.About), storyClean(strings.Join(parts, " / ")))
		}
	}
}

func writeStoryJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// dayRange parses --from and --to (YYYY-MM-DD) into [lo, hi): hi is the
// day after --to.
func dayRange(from, to string) (lo, hi time.Time, err error) {
	if from != "" {
		if lo, err = time.Parse("2006-01-02", from); err != nil {
			return lo, hi, fmt.Errorf("--from %q is not a day (YYYY-MM-DD)", from)
		}
	}
	if to != "" {
		if hi, err = time.Parse("2006-01-02", to); err != nil {
			return lo, hi, fmt.Errorf("--to %q is not a day (YYYY-MM-DD)", to)
		}
		hi = hi.AddDate(0, 0, 1)
	}
	if !lo.IsZero() && !hi.IsZero() && !lo.Before(hi) {
		return lo, hi, fmt.Errorf("--from %s is after --to %s", from, to)
	}
	return lo, hi, nil
}

func storySpan(first, last time.Time) string {
	if first.IsZero() {
		return "?"
	}
	a, b := first.UTC().Format("2006-01-02"), last.UTC().Format("2006-01-02")
	if a == b {
		return a
	}
	return a + ".." + b
}

// storyCounts returns the original articles and the distinct outlets.
func storyCounts(s *marsad.Story) (originals, outlets int) {
	seen := map[string]bool{}
	for _, a := range s.Articles {
		if a.DuplicateOf == "" {
			originals++
		}
		seen[a.Source] = true
	}
	return originals, len(seen)
}

// storyClean drops control characters (text from the web) for the terminal.
func storyClean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) || (unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d') {
			return -1
		}
		return r
	}, s)
}
