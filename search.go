package marsad

import "context"

// Sort orders of a Query.
const (
	// SortRelevance orders results by score, best first (the default).
	SortRelevance = "relevance"
	// SortNew orders results by publication date, newest first.
	SortNew = "new"
)

// Facet names of SearchResults.Facets.
const (
	FacetSource   = "source"
	FacetCategory = "category"
	FacetEntity   = "entity"
)

// Query is one search of the archive, as the CLI (`marsad search`) and the
// API (`GET /api/v1/search`) express it.
//
// Text uses a small syntax: words are matched the way Arabic is written
// (normalized surface form, then light stem), a phrase in double quotes
// must appear as written (after normalization), a leading "-" excludes a
// word or phrase. An empty Text with filters lists the filtered articles.
// Filters of one kind are ORed (any of Sources), kinds are ANDed.
type Query struct {
	Text string `json:"text"`
	// From and To bound the publication date, inclusive, as YYYY-MM-DD.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Sources, Categories, Languages and Entities restrict results to
	// articles having any of the values; an entity matches by key or name.
	Sources    []string `json:"sources,omitempty"`
	Categories []string `json:"categories,omitempty"`
	Languages  []string `json:"languages,omitempty"`
	Entities   []string `json:"entities,omitempty"`
	// Sort is SortRelevance (default) or SortNew.
	Sort string `json:"sort,omitempty"`
	// Limit is the page size; implementations apply a default and a cap.
	Limit int `json:"limit,omitempty"`
	// Cursor is the opaque NextCursor of the previous page.
	Cursor string `json:"cursor,omitempty"`
}

// SearchResults is one page of results, in the JSON shape of DESIGN.md.
type SearchResults struct {
	// Total is the number of matching articles (all pages).
	Total   int         `json:"total"`
	Results []SearchHit `json:"results"`
	// Facets count the matching articles by FacetSource, FacetCategory
	// and FacetEntity, most frequent first. Implementations may compute
	// them for the first page only (no Cursor) and return them empty on
	// later pages; the keys are always present.
	Facets map[string][]FacetValue `json:"facets"`
	// NextCursor fetches the next page; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// SearchHit is one matching article.
type SearchHit struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Published string `json:"published"`
	// Snippet is HTML-escaped text of the article with the matched words
	// wrapped in <mark>…</mark>; it never carries markup from the article.
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// FacetValue is one value of a facet with the number of matching articles.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Searcher searches the archive. The embedded bleve index and the
// PostgreSQL backend both implement it.
type Searcher interface {
	Search(ctx context.Context, q Query) (*SearchResults, error)
}
