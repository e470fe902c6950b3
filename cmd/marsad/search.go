package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/search"
)

func newSearchCmd(g *globals) *cobra.Command {
	var (
		q       marsad.Query
		asJSON  bool
		sortBy  string
		noColor bool
	)
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY",
		Short: "Search the archive the way Arabic is written",
		Long: `search finds articles in the archive. Words match whatever their diacritics, hamza and
alef forms, tatweel, digits and attached clitics (وزير finds الوزير, لوزير, وَزِيرُ); the exact
form ranks first. "a phrase in quotes" must appear as written; -word excludes a word. Text in
other languages (English, French) matches without Arabic stemming.

Filters of one kind may repeat and any value matches (--source A --source B); different
filters must all hold. --entity takes an entity key or name; a spelling the entity registry
knows also finds the entity's other spellings. Results come one page at a time: pass the
printed cursor to --cursor for the next page (facets come with the first page only). With --json the output is
{"total", "results": [{"id","url","title","source","published","snippet","score"}],
"facets": {"source": [{"value","count"}], "category": [...], "entity": [...]}, "next_cursor"};
snippets are HTML-escaped with matches in <mark>…</mark>.

The search index lives in DATA/index; it is brought up to date with the store first, and
rebuilt from the store when it is missing or damaged.`,
		Example: `  marsad search وزير الدفاع
  marsad search --json --from 2025-11-01 --to 2025-11-30 --source سانا '"وزير الدفاع"'
  marsad search --sort new --entity "ماريا زاخاروفا" روسيا`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q.Text = strings.Join(args, " ")
			q.Sort = sortBy
			ctx := cmd.Context()
			a, err := openExisting(ctx, g, true)
			if err != nil {
				return fmt.Errorf("search: %w", err)
			}
			defer a.Close()
			// An entity given by a name or spelling variant the registry
			// knows also matches by the registry's key.
			if q.Entities, err = withRegistryKeys(ctx, a.store, q.Entities); err != nil {
				return fmt.Errorf("search: %w", err)
			}
			res, err := a.search.Search(ctx, q)
			if errors.Is(err, search.ErrInvalidQuery) {
				return usageError{fmt.Errorf("search: %w", err)}
			}
			if err != nil {
				return fmt.Errorf("search: %w", err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return fmt.Errorf("search: writing output: %w", err)
				}
				return nil
			}
			return printResults(out, q, res, isTerminal(out) && !noColor)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the results as JSON")
	f.StringVar(&q.From, "from", "", "published on or after this day (YYYY-MM-DD)")
	f.StringVar(&q.To, "to", "", "published on or before this day (YYYY-MM-DD)")
	f.StringArrayVar(&q.Sources, "source", nil, "only articles of this outlet (repeatable)")
	f.StringArrayVar(&q.Categories, "category", nil, "only articles in this category (repeatable)")
	f.StringArrayVar(&q.Languages, "lang", nil, "only articles in this language, e.g. ar, en (repeatable)")
	f.StringArrayVar(&q.Entities, "entity", nil, "only articles naming this entity, by key or name (repeatable)")
	f.StringVar(&sortBy, "sort", "", `order: "relevance" (default with words to match) or "new" (newest first)`)
	f.IntVar(&q.Limit, "limit", search.DefaultLimit, fmt.Sprintf("results per page (at most %d)", search.MaxLimit))
	f.StringVar(&q.Cursor, "cursor", "", "continue after the page that printed this cursor")
	f.BoolVar(&noColor, "no-color", os.Getenv("NO_COLOR") != "", "do not highlight matches on a terminal (env NO_COLOR)")
	return cmd
}

// withRegistryKeys returns the entity filter values followed by the keys of
// the registry entities they name (key, display name or alias).
func withRegistryKeys(ctx context.Context, store marsad.Store, values []string) ([]string, error) {
	out := append([]string(nil), values...)
	for _, v := range values {
		ents, err := store.FindEntities(ctx, v, search.MaxFilterValues)
		if err != nil {
			return nil, fmt.Errorf("entity %q: %w", v, err)
		}
		for _, e := range ents {
			if len(out) < search.MaxFilterValues && !slices.Contains(out, e.Key) {
				out = append(out, e.Key)
			}
		}
	}
	return out, nil
}

// printResults writes results for a reader. Matches are bold on a
// terminal and unmarked otherwise; every text from the archive is cleaned
// of control characters first (it comes from the web).
func printResults(w io.Writer, q marsad.Query, res *marsad.SearchResults, color bool) error {
	var b strings.Builder
	switch res.Total {
	case 0:
		b.WriteString("no results\n")
	case 1:
		b.WriteString("1 result\n")
	default:
		fmt.Fprintf(&b, "%d results\n", res.Total)
	}
	for i, h := range res.Results {
		fmt.Fprintf(&b, "\n%d. %s\n", i+1, clean(h.Title))
		var meta []string
		for _, s := range []string{h.Source, h.Published, h.URL} {
			if s = clean(s); s != "" {
				meta = append(meta, s)
			}
		}
		if len(meta) > 0 {
			fmt.Fprintf(&b, "   %s\n", strings.Join(meta, " · "))
		}
		if s := terminalSnippet(h.Snippet, color); s != "" {
			fmt.Fprintf(&b, "   %s\n", s)
		}
		fmt.Fprintf(&b, "   id %s\n", h.ID)
	}
	for _, f := range []struct{ name, label string }{
		{marsad.FacetSource, "sources"}, {marsad.FacetCategory, "categories"}, {marsad.FacetEntity, "entities"},
	} {
		vals := res.Facets[f.name]
		if len(vals) == 0 {
			continue
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = fmt.Sprintf("%s (%d)", clean(v.Value), v.Count)
		}
		fmt.Fprintf(&b, "\n%s: %s", f.label, strings.Join(parts, ", "))
	}
	if len(res.Results) > 0 {
		b.WriteString("\n")
	}
	if res.NextCursor != "" {
		fmt.Fprintf(&b, "\nnext page: --cursor %s\n", res.NextCursor)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// terminalSnippet turns an HTML snippet into terminal text: marks become
// bold (or nothing), entities are unescaped, controls removed.
func terminalSnippet(s string, color bool) string {
	open, close := "", ""
	if color {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	parts := strings.Split(s, search.MarkOpen)
	var b strings.Builder
	for i, p := range parts {
		if i == 0 {
			b.WriteString(clean(html.UnescapeString(p)))
			continue
		}
		marked, rest, _ := strings.Cut(p, search.MarkClose)
		b.WriteString(open + clean(html.UnescapeString(marked)) + close)
		b.WriteString(clean(html.UnescapeString(rest)))
	}
	return b.String()
}

// clean removes what could mislead or drive a terminal: C0/C1 controls
// (escape sequences) and bidi embeddings/overrides; newlines become
// spaces.
func clean(s string) string {
	s = arabic.Display(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return -1
		}
		return r
	}, s)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
