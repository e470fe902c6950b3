package search

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	marsad "github.com/marsad-news/marsad"
)

// openGenerated indexes n generated articles, a third of them with a
// time late in the day at UTC-11 and a third early at UTC+14, so that
// the local day and the UTC time disagree.
func openGenerated(t *testing.T, n int) (*Index, benchQueries) {
	t.Helper()
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var all []*marsad.Article
	err = genArticles(ctx, n, func(a *marsad.Article) error {
		switch len(all) % 3 {
		case 1:
			a.Published += "T23:50:00-11:00"
		case 2:
			a.Published += "T00:10:00+14:00"
		}
		if len(all)%97 == 5 {
			a.Published = "" // undated: last in newest-first order
		}
		all = append(all, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, 1, all...); err != nil {
		t.Fatal(err)
	}
	qs, err := pickQueries(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	return ix, qs
}

// TestNewestWindowSamePages checks that newest-first pages looked for in
// day windows are the pages of a sort of all the matches.
func TestNewestWindowSamePages(t *testing.T) {
	ix, qs := openGenerated(t, 900)
	queries := []marsad.Query{{}, {Text: qs["common"][0]}, {Text: qs["common"][5]}, {Text: qs["phrase"][0]}, {Text: qs["words"][3]},
		{Text: qs["rare"][0]}, {Text: qs["common"][1], Sources: []string{"سانا"}}}
	for _, q := range queries {
		q.Sort = marsad.SortNew
		q.Limit = 9
		pages := func(windowMin uint64) (out [][]string, total int) {
			ix.tune.windowMin = windowMin
			q := q
			for range 120 {
				r := search(t, ix, q)
				out = append(out, ids(r))
				total = r.Total
				if r.NextCursor == "" {
					break
				}
				q.Cursor = r.NextCursor
			}
			return out, total
		}
		want, wantTotal := pages(1 << 62) // never windowed
		got, gotTotal := pages(1)         // always windowed
		ix.tune.windowMin = 0
		if gotTotal != wantTotal || !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%q: windowed pages (total %d) %v\nwant (total %d) %v", q.Text, gotTotal, got, wantTotal, want)
		}
		if wantTotal > 50 && len(want) < 5 {
			t.Errorf("%q: %d pages for %d matches", q.Text, len(want), wantTotal)
		}
	}
}

// TestSampledFacets checks facet estimates against exact counts and that
// results and totals do not depend on the facet plan.
func TestSampledFacets(t *testing.T) {
	ix, qs := openGenerated(t, 900)
	for _, text := range []string{"", qs["common"][0], qs["words"][0]} {
		q := marsad.Query{Text: text}
		exact := search(t, ix, q)
		ix.tune.exactFacetMax, ix.tune.facetSampleMin = 50, 200 // 1 in 4
		est := search(t, ix, q)
		ix.tune = tuning{}
		if est.Total != exact.Total || !slices.Equal(ids(est), ids(exact)) {
			t.Fatalf("%q: sampled plan changed results: %d %v, want %d %v", text, est.Total, ids(est), exact.Total, ids(exact))
		}
		if exact.Total <= 200 {
			t.Fatalf("%q: only %d matches; the test needs more", text, exact.Total)
		}
		counts := map[string]int{}
		for _, v := range exact.Facets[marsad.FacetSource] {
			counts[v.Value] = v.Count
		}
		src := est.Facets[marsad.FacetSource]
		if len(src) == 0 {
			t.Fatalf("%q: no estimated source facet", text)
		}
		for _, v := range src {
			if c := counts[v.Value]; v.Count > est.Total || float64(v.Count) < 0.5*float64(c) || float64(v.Count) > 2*float64(c) {
				t.Errorf("%q: source %s estimated %d, exact %d", text, v.Value, v.Count, c)
			}
		}
		t.Logf("%q (%d matches): exact %v, estimated %v", text, exact.Total, exact.Facets[marsad.FacetSource], src)
	}
}

func TestSampleLevel(t *testing.T) {
	for _, c := range []struct {
		total uint64
		want  int
	}{
		{0, 0}, {ExactFacetMax, 0}, {ExactFacetMax + 1, 1}, {20000, 2}, {94000, 3}, {1_000_000, 4}, {1 << 40, maxSampleLevel},
	} {
		if got := sampleLevel(c.total, ExactFacetMax, FacetSampleMin); got != c.want {
			t.Errorf("sampleLevel(%d) = %d, want %d", c.total, got, c.want)
		}
	}
}
