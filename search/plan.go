package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	marsad "github.com/marsad-news/marsad"
)

// Facet counting. Reading the facet values of a match costs more than
// matching and scoring it, so large result sets are counted on a sample.
const (
	// ExactFacetMax is the largest number of matching articles whose
	// facets are counted exactly. Above it, facet counts are estimates:
	// the counts among the matching articles whose ID hashes into a
	// fixed bucket of 1 in 4^k (the largest k leaving at least
	// FacetSampleMin of the matches expected in the sample), multiplied
	// by 4^k and capped at the total. The sample depends on the IDs only,
	// so the same query on the same archive gives the same estimates. A
	// value's estimate is off by about 100/sqrt(count/4^k) percent; values
	// too rare to be in the sample are missing from the facet.
	ExactFacetMax = 5000
	// FacetSampleMin is the least expected size of a facet sample.
	FacetSampleMin = 1250
)

// newestWindowMin is the number of matches above which a newest-first
// page is first looked for among the most recent days only.
const newestWindowMin = 2000

// combine is the conjunction of a text query and a filter, either of
// which may be nil; nil both match all.
func combine(text, filter query.Query) query.Query {
	switch {
	case text == nil && filter == nil:
		return query.NewMatchAllQuery()
	case text == nil:
		return filter
	case filter == nil:
		return text
	}
	return query.NewBooleanQuery([]query.Query{text, filter}, nil, nil)
}

// count returns the number of articles matching q (no scoring, no doc
// values).
func (ix *Index) count(ctx context.Context, q query.Query) (uint64, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = "none"
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// facetCounts are the facet counts of a sample of the matches of a query
// (level 0: all of them), not yet scaled.
type facetCounts struct {
	level  int
	sample uint64 // matches in the sample
	terms  map[string][]marsad.FacetValue
}

// facetsAt counts the facet values of the articles matching q in the
// sample of the given level (see ExactFacetMax).
func (ix *Index) facetsAt(ctx context.Context, q query.Query, level int) (facetCounts, error) {
	fc := facetCounts{level: level, terms: map[string][]marsad.FacetValue{}}
	req := bleve.NewSearchRequestOptions(sampleQuery(q, level), 0, 0, false)
	req.Score = "none"
	size := FacetSize
	if level > 0 {
		// Rank more values than shown, so that sampling noise at the
		// tail does not decide which values are shown.
		size = 2 * FacetSize
	}
	req.AddFacet(marsad.FacetSource, bleve.NewFacetRequest(fSource, size))
	req.AddFacet(marsad.FacetCategory, bleve.NewFacetRequest(fCategory, size))
	req.AddFacet(marsad.FacetEntity, bleve.NewFacetRequest(fEntityKey, size))
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return fc, err
	}
	fc.sample = res.Total
	for name, fr := range res.Facets {
		if fr == nil || fr.Terms == nil {
			continue
		}
		for _, t := range fr.Terms.Terms() {
			fc.terms[name] = append(fc.terms[name], marsad.FacetValue{Value: t.Term, Count: t.Count})
		}
	}
	return fc, nil
}

// sampleQuery restricts q to the sample of a level (level 0: q).
func sampleQuery(q query.Query, level int) query.Query {
	if level == 0 {
		return q
	}
	return query.NewBooleanQuery([]query.Query{q, term(fSample, sampleTerm(level, 0), 1)}, nil, nil)
}

// scaled returns the counts as estimates for total matches.
func (fc facetCounts) scaled(total uint64) map[string][]marsad.FacetValue {
	out := map[string][]marsad.FacetValue{}
	scale := uint64(1) << (2 * fc.level)
	for name, terms := range fc.terms {
		vals := make([]marsad.FacetValue, len(terms))
		for i, t := range terms {
			vals[i] = marsad.FacetValue{Value: t.Value, Count: int(min(uint64(t.Count)*scale, total))}
		}
		if fc.level > 0 {
			// Capping at the total may tie values: order them again.
			slices.SortStableFunc(vals, func(a, b marsad.FacetValue) int {
				return cmp.Compare(b.Count, a.Count)
			})
		}
		out[name] = vals[:min(len(vals), FacetSize)]
	}
	return out
}

func (ix *Index) sampleLevel(total uint64) int {
	return sampleLevel(total, cmp.Or(ix.tune.exactFacetMax, ExactFacetMax), cmp.Or(ix.tune.facetSampleMin, FacetSampleMin))
}

// facets counts the facet values of the articles matching q, of which
// there are total: exactly up to ExactFacetMax, else estimated on a
// sample (see ExactFacetMax).
func (ix *Index) facets(ctx context.Context, q query.Query, total uint64) (map[string][]marsad.FacetValue, error) {
	if total == 0 {
		return map[string][]marsad.FacetValue{}, nil
	}
	fc, err := ix.facetsAt(ctx, q, ix.sampleLevel(total))
	if err != nil {
		return nil, err
	}
	return fc.scaled(total), nil
}

// sampleLevel is the sampling level for facets over total matches: 0
// (count all) up to ExactFacetMax, else the largest level k whose
// sample (total/4^k expected) holds at least FacetSampleMin.
func sampleLevel(total, exactMax, sampleMin uint64) int {
	if total <= exactMax {
		return 0
	}
	k := 0
	for k < maxSampleLevel && total>>(2*(k+1)) >= sampleMin {
		k++
	}
	return k
}

// newest returns the first size articles matching q (of which there are
// total) in newest-first order, after the sort key after ("" for the
// first page), with the stored fields asked for. Sorting reads a doc
// value per match; for a large result set the page is first looked for
// among the matches of the most recent days (a day range filter sized
// from the day counts of the index), which gives the same page when it
// holds enough matches, all newer than anything outside the range.
func (ix *Index) newest(ctx context.Context, q query.Query, total uint64, size int, after string, fields []string) (*bleve.SearchResult, error) {
	run := func(q query.Query) (*bleve.SearchResult, error) {
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		req.Fields = fields
		req.Score = "none" // the order does not need scores
		req.Sort = bsearch.SortOrder{
			&bsearch.SortField{Field: fPub, Desc: true, Type: bsearch.SortFieldAsString, Missing: bsearch.SortFieldMissingLast},
		}
		if after != "" {
			req.SearchAfter = []string{after}
		}
		return ix.bi.SearchInContext(ctx, req)
	}
	if total > cmp.Or(ix.tune.windowMin, newestWindowMin) && !strings.HasPrefix(after, noPub) {
		res, err := ix.newestWindow(ctx, total, size, after, run, q)
		if res != nil || err != nil {
			return res, err
		}
	}
	return run(q)
}

// newestWindow tries day windows of growing size; it returns nil, nil
// when none gave a page that is certainly right.
func (ix *Index) newestWindow(ctx context.Context, total uint64, size int, after string,
	run func(query.Query) (*bleve.SearchResult, error), q query.Query) (*bleve.SearchResult, error) {
	docs, err := ix.bi.DocCount()
	if err != nil || docs == 0 {
		return nil, err
	}
	// hi: no article dated after hi (local day) can be older than the
	// cursor (UTC), whatever its UTC offset.
	hi := ""
	if after != "" {
		t, err := time.Parse(time.RFC3339, strings.SplitN(after, "\x00", 2)[0])
		if err != nil {
			return nil, nil
		}
		hi = t.AddDate(0, 0, 2).Format("2006-01-02")
	}
	days, err := ix.dayCounts(hi)
	if err != nil {
		return nil, err
	}
	frac := float64(total) / float64(docs)
	want := 4 * float64(size) // matches expected in the window
	for range 3 {
		var acc float64
		lo := ""
		for i := len(days) - 1; i >= 0; i-- {
			acc += float64(days[i].n)
			if acc*frac >= want {
				lo = days[i].day
				break
			}
		}
		if lo == "" {
			return nil, nil // the window would be everything
		}
		loDay, err := time.Parse("2006-01-02", lo)
		if err != nil {
			return nil, nil
		}
		// Two days of margin below lo for UTC offsets; a page is certain
		// when its last hit is newer than the margin.
		from := loDay.AddDate(0, 0, -2).Format("2006-01-02")
		sure := loDay.AddDate(0, 0, -1).UTC().Format(time.RFC3339)
		inclusive := true
		r := query.NewTermRangeInclusiveQuery(from, hi, &inclusive, &inclusive)
		r.SetField(fDay)
		res, err := run(query.NewBooleanQuery([]query.Query{q, r}, nil, nil))
		if err != nil {
			return nil, err
		}
		if n := len(res.Hits); n == size && len(res.Hits[n-1].Sort) > 0 && res.Hits[n-1].Sort[0] >= sure {
			res.Total = total
			return res, nil
		}
		want *= 8
	}
	return nil, nil
}

type dayCount struct {
	day string
	n   uint64
}

// dayCounts returns the indexed days up to hi ("" for all), oldest first,
// with their article counts.
func (ix *Index) dayCounts(hi string) ([]dayCount, error) {
	d, err := ix.bi.FieldDict(fDay)
	if err != nil {
		return nil, fmt.Errorf("day counts: %w", err)
	}
	defer d.Close()
	var out []dayCount
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("day counts: %w", err)
		}
		if e == nil {
			return out, nil
		}
		if hi != "" && e.Term > hi {
			return out, nil
		}
		out = append(out, dayCount{e.Term, e.Count})
	}
}
