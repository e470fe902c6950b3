package search

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	marsad "github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/clip"
)

// Page sizes.
const (
	// DefaultLimit is the page size when Query.Limit is 0.
	DefaultLimit = 20
	// MaxLimit caps Query.Limit.
	MaxLimit = 100
	// FacetSize is the number of values returned per facet.
	FacetSize = 10
	// MaxOffset is the deepest result reachable in relevance order
	// (MaxOffset/Limit pages); newest-first order has no limit.
	MaxOffset = 10000
)

// Search runs q and returns one page of results with facets over all
// matching articles (see marsad.Query for the syntax). Results are ordered
// by relevance (score, then ID) or, with Sort "new", by publication time,
// newest first (then ID); articles without a date come last. A query with
// no word to match (empty, only filters or exclusions) and no Sort lists
// newest first.
//
// Pagination: NextCursor is an opaque, URL-safe string (base64 of a small
// JSON) holding a fingerprint of the query, so that a cursor used with
// another query or sort is refused (ErrInvalidQuery), and the position:
// in newest-first order the sort key of the page's last hit
// (search-after: a deep page costs as much as the first, and articles
// indexed meanwhile neither shift nor repeat results); in relevance order
// the offset of the next page, up to MaxOffset (articles indexed between
// two pages may shift results by a few places).
//
// Facets are computed for the first page only (no Cursor); later pages
// return them empty. Up to ExactFacetMax matching articles they count
// every match exactly; above it they are estimates from a deterministic
// sample of the matches (see ExactFacetMax), which keeps a search on
// common words from reading the facet values of every match. Total is
// always exact.
func (ix *Index) Search(ctx context.Context, q marsad.Query) (*marsad.SearchResults, error) {
	clauses, err := ParseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	filter, err := filterQuery(q)
	if err != nil {
		return nil, err
	}
	sortNew := false
	switch strings.ToLower(strings.TrimSpace(q.Sort)) {
	case "":
		// Nothing to rank by: list newest first.
		sortNew = !hasPositive(clauses)
	case marsad.SortRelevance:
	case marsad.SortNew, "newest", "date":
		sortNew = true
	default:
		return nil, fmt.Errorf("%w: sort %q (want %q or %q)", ErrInvalidQuery, q.Sort, marsad.SortRelevance, marsad.SortNew)
	}
	limit := q.Limit
	switch {
	case limit < 0:
		return nil, fmt.Errorf("%w: negative limit %d", ErrInvalidQuery, limit)
	case limit == 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}

	// match selects the articles without ranking bonuses (counts, facets,
	// newest first); rank adds them (relevance order).
	match := combine(textQuery(clauses, false), filter)
	rank := match
	if !sortNew {
		rank = combine(textQuery(clauses, true), filter)
	}

	fp := Fingerprint(q, sortNew)
	var cur Cursor
	if q.Cursor != "" {
		if cur, err = DecodeCursor(q.Cursor, fp, sortNew); err != nil {
			return nil, err
		}
	}
	fields := []string{fURL, fTitle, fSource, fPublished, fText}
	var res *bleve.SearchResult
	var total uint64
	if sortNew {
		if total, err = ix.count(ctx, match); err == nil {
			res, err = ix.newest(ctx, match, total, limit+1, cur.After, fields)
		}
	} else {
		req := bleve.NewSearchRequestOptions(rank, limit+1, cur.Offset, false)
		req.Fields = fields
		// Equal scores keep the index order, stable for offsets. No
		// facets and no sort field: bleve scores each match and reads no
		// doc values.
		req.Sort = bsearch.SortOrder{&bsearch.SortScore{Desc: true}}
		if res, err = ix.bi.SearchInContext(ctx, req); err == nil {
			total = res.Total
		}
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", clip.Bytes(q.Text, 100), err)
	}
	// Facets by another search of the same matches (counting them while
	// the page is looked for, on the other core, was measured: no
	// faster under load, 3 ms more CPU).
	var facets map[string][]marsad.FacetValue
	if q.Cursor == "" {
		if facets, err = ix.facets(ctx, match, total); err != nil {
			return nil, fmt.Errorf("search %q: facets: %w", clip.Bytes(q.Text, 100), err)
		}
	}

	out := &marsad.SearchResults{
		Total:   int(total),
		Results: make([]marsad.SearchHit, 0, min(limit, len(res.Hits))),
		Facets:  map[string][]marsad.FacetValue{},
	}
	hl := newHighlighter(clauses)
	for i, h := range res.Hits {
		if i == limit {
			next := Cursor{V: 1, Query: fp}
			if sortNew {
				if len(res.Hits[limit-1].Sort) == 0 {
					break
				}
				next.After = res.Hits[limit-1].Sort[0]
			} else {
				next.Offset = cur.Offset + limit
				if next.Offset >= MaxOffset {
					break
				}
			}
			out.NextCursor = next.Encode()
			break
		}
		out.Results = append(out.Results, marsad.SearchHit{
			ID:        h.ID,
			URL:       field(h, fURL),
			Title:     field(h, fTitle),
			Source:    field(h, fSource),
			Published: field(h, fPublished),
			Snippet:   hl.snippet(field(h, fText)),
			Score:     h.Score,
		})
	}
	for _, name := range []string{marsad.FacetSource, marsad.FacetCategory, marsad.FacetEntity} {
		vals := facets[name]
		if vals == nil {
			vals = []marsad.FacetValue{}
		}
		out.Facets[name] = vals
	}
	return out, nil
}

func hasPositive(clauses []Clause) bool {
	for _, c := range clauses {
		if !c.Negate {
			return true
		}
	}
	return false
}

// field returns a stored string field of a hit (the first value of a
// repeated one).
func field(h *bsearch.DocumentMatch, name string) string {
	switch v := h.Fields[name].(type) {
	case string:
		return v
	case []interface{}:
		if len(v) > 0 {
			s, _ := v[0].(string)
			return s
		}
	}
	return ""
}

// filterQuery builds the non-scoring restrictions of q, or nil.
func filterQuery(q marsad.Query) (query.Query, error) {
	var conj []query.Query
	if q.From != "" || q.To != "" {
		from, to := strings.TrimSpace(q.From), strings.TrimSpace(q.To)
		for _, d := range []string{from, to} {
			if d == "" {
				continue
			}
			if _, err := time.Parse("2006-01-02", d); err != nil {
				return nil, fmt.Errorf("%w: date %q (want YYYY-MM-DD)", ErrInvalidQuery, d)
			}
		}
		if from != "" && to != "" && from > to {
			return nil, fmt.Errorf("%w: from %s is after to %s", ErrInvalidQuery, from, to)
		}
		inclusive := true
		r := query.NewTermRangeInclusiveQuery(from, to, &inclusive, &inclusive)
		r.SetField(fDay)
		conj = append(conj, r)
	}
	for _, f := range []struct {
		name, field string
		values      []string
	}{
		{"source", fSourceK, q.Sources},
		{"category", fCategoryK, q.Categories},
		{"language", fLang, q.Languages},
		{"entity", fEntityK, q.Entities},
	} {
		if len(f.values) > MaxFilterValues {
			return nil, fmt.Errorf("%w: %d %s values (limit %d)", ErrInvalidQuery, len(f.values), f.name, MaxFilterValues)
		}
		var any []query.Query
		for _, v := range f.values {
			if k := FoldKeyword(clip.Bytes(v, maxKeywordBytes)); k != "" {
				t := query.NewTermQuery(k)
				t.SetField(f.field)
				any = append(any, t)
			}
		}
		if len(any) > 0 {
			conj = append(conj, query.NewDisjunctionQuery(any))
		}
	}
	switch len(conj) {
	case 0:
		return nil, nil
	case 1:
		return conj[0], nil
	}
	return query.NewConjunctionQuery(conj), nil
}
