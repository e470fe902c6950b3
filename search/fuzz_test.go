package search

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	marsad "github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/search/analysis"
)

var fuzzSeeds = []string{
	`وزير الدفاع`, `"وزير الدفاع"`, `«وزير الدفاع» -سانا`, `-"" -`, `"unterminated`,
	`"" "" ""`, `- - -x`, `وزير-الدفاع U.S. l'Élysée`, "\u200f\u202eسانا\u202c", `٪١٧ ١٧`,
	`"a"b"c"`, `-«»`, "\xff", strings.Repeat(`"و `, 40),
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clauses, err := ParseQuery(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidQuery) {
				t.Fatalf("error not ErrInvalidQuery: %v", err)
			}
			if len(s) <= MaxQueryBytes && utf8.ValidString(s) && !strings.Contains(err.Error(), "more than") {
				t.Fatalf("valid short query refused: %v", err)
			}
			return
		}
		if len(clauses) > MaxClauses {
			t.Fatalf("%d clauses", len(clauses))
		}
		for _, c := range clauses {
			if len(c.Words) == 0 || len(c.Words) > MaxPhraseWords {
				t.Fatalf("clause with %d words", len(c.Words))
			}
			for _, w := range c.Words {
				if w.Surface == "" || w.Stem == "" {
					t.Fatalf("empty term in %+v", c)
				}
			}
		}
		_ = textQuery(clauses, true) // must not panic
	})
}

// FuzzSearch runs arbitrary query texts and cursors against a small
// index: no panic, and every failure is ErrInvalidQuery.
func FuzzSearch(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "", false)
	}
	f.Add("وزير", "eyJ2IjoxLCJxIjoiIiwiYSI6WyJ4IiwieSJdfQ", true)
	ix, err := Open(filepath.Join(f.TempDir(), "index"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), 1, testArticles()...); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, cursor string, sortNew bool) {
		q := marsad.Query{Text: text, Cursor: cursor, Limit: 3}
		if sortNew {
			q.Sort = marsad.SortNew
		}
		r, err := ix.Search(context.Background(), q)
		if err != nil {
			if !errors.Is(err, ErrInvalidQuery) {
				t.Fatalf("Search(%q, %q): %v", text, cursor, err)
			}
			return
		}
		if len(r.Results) > 3 || r.Total < len(r.Results) {
			t.Fatalf("total %d, %d results", r.Total, len(r.Results))
		}
		for _, h := range r.Results {
			s := strings.NewReplacer(MarkOpen, "", MarkClose, "").Replace(h.Snippet)
			if strings.ContainsAny(s, "<>") {
				t.Fatalf("unescaped snippet %q", h.Snippet)
			}
		}
	})
}

// FuzzSnippet checks snippets of arbitrary texts: no panic, only <mark>
// markup, bounded length.
func FuzzSnippet(f *testing.F) {
	f.Add("وزير", "<p>التقى الوزير & وفد</p>")
	f.Add(`"a b"`, "  \n\n«a b» c <script>")
	f.Add("x", strings.Repeat("!", 100)+" x")
	f.Fuzz(func(t *testing.T, q, text string) {
		clauses, err := ParseQuery(q)
		if err != nil {
			return
		}
		s := Snippet(clauses, text)
		plain := strings.NewReplacer(MarkOpen, "", MarkClose, "").Replace(s)
		if strings.ContainsAny(plain, "<>") {
			t.Fatalf("unescaped snippet %q", s)
		}
		if len(plain) > 6*(SnippetWords*(analysis.MaxTokenBytes+maxSnippetGap)+64) {
			t.Fatalf("snippet of %d bytes", len(plain))
		}
	})
}
