package search

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	marsad "github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/internal/clip"
	"github.com/marsad-news/marsad/search/analysis"
)

// Field names of an indexed article.
const (
	fSurface      = "s"  // title and text, normalized surface forms
	fStem         = "t"  // title and text, light stems (+ alternatives)
	fTitleSurface = "ts" // title, normalized surface forms (ranking bonus)
	fBigram       = "s2" // adjacent surface forms "a b" (phrases)

	fSource    = "source"   // as written (facet)
	fSourceK   = "source_k" // folded (filter)
	fCategory  = "category"
	fCategoryK = "category_k"
	fLang      = "lang"     // lower-cased language tag
	fEntityKey = "entity"   // entity keys as written (facet)
	fEntityK   = "entity_k" // folded keys and names (filter)
	fDay       = "day"      // YYYY-MM-DD as written in Published (range filter)
	fPub       = "pub"      // "UTC RFC 3339 time \x00 ID": newest-first sort key
	fSample    = "sample"   // sampling buckets of the ID (estimated facets)

	// stored only
	fURL       = "url"
	fTitle     = "title"
	fPublished = "published"
	fText      = "text"
)

// Limits of what is indexed from one article.
const (
	// MaxIDBytes is the longest article ID accepted.
	MaxIDBytes = 256
	// MaxTextBytes of an article's text are indexed and stored for
	// snippets; the rest of a longer text is not searchable.
	MaxTextBytes = 1 << 20
	// MaxTitleBytes of the title are indexed.
	MaxTitleBytes = 4 << 10
	// maxKeywordBytes is the longest keyword value (source, category,
	// entity key or name) indexed; longer ones are cut.
	maxKeywordBytes = 256
)

// noPub sorts articles without a usable date after all dated ones in
// newest-first order.
const noPub = "0000"

const (
	optKeyword = index.IndexField | index.DocValues
	optFacet   = index.IndexField | index.StoreField | index.DocValues
	optText    = index.IndexField | index.IncludeTermVectors
	optStored  = index.StoreField
)

// tokens is a bleve analyzer returning a stream computed beforehand by
// package analysis: the article is analyzed once for both token fields.
type tokens bleveanalysis.TokenStream

func (t tokens) Analyze([]byte) bleveanalysis.TokenStream { return bleveanalysis.TokenStream(t) }

// newDocument builds the bleve document of a.
func newDocument(a *marsad.Article) (*document.Document, error) {
	if a.ID == "" {
		return nil, fmt.Errorf("article without ID (title %q)", clip.Bytes(a.Title, 60))
	}
	if len(a.ID) > MaxIDBytes {
		return nil, fmt.Errorf("article ID of %d bytes (limit %d)", len(a.ID), MaxIDBytes)
	}
	mode := analysis.ModeFor(a.Language)
	title := clip.Bytes(a.Title, MaxTitleBytes)
	text := clip.Bytes(a.Text, MaxTextBytes)

	d := document.NewDocument(a.ID)
	addTokens(d, title, text, mode)

	addFacet(d, fSource, fSourceK, []string{a.Source})
	addFacet(d, fCategory, fCategoryK, []string{a.Category})
	if l := FoldKeyword(a.Language); l != "" {
		d.AddField(document.NewTextFieldCustom(fLang, nil, []byte(l), optKeyword, nil))
	}
	var keys, names []string
	for _, e := range a.Entities {
		if e.Key != "" {
			keys = append(keys, e.Key)
		}
		names = append(names, e.Key, e.Name)
	}
	addFacet(d, fEntityKey, "", keys)
	addFacet(d, "", fEntityK, names)

	day, pub := DateKeys(a.Published)
	if day != "" {
		d.AddField(document.NewTextFieldCustom(fDay, nil, []byte(day), index.IndexField, nil))
	}
	// The ID makes the key unique, so search-after pages never skip or
	// repeat articles of the same time; one doc value per hit is much
	// cheaper than a tiebreak on _id (which reads stored fields).
	d.AddField(document.NewTextFieldCustom(fPub, nil, []byte(pub+"\x00"+a.ID), optKeyword, nil))
	d.AddField(document.NewTextFieldCustom(fSample, nil, nil, index.IndexField, sampleTokens(a.ID)))

	for _, f := range [...]struct{ name, value string }{
		{fURL, a.URL}, {fTitle, title}, {fPublished, a.Published}, {fText, text},
	} {
		if f.value != "" {
			d.AddField(document.NewTextFieldCustom(f.name, nil, []byte(f.value), optStored, nil))
		}
	}
	return d, nil
}

// titleGap separates the positions of the title from those of the text
// in the combined streams, so that no phrase spans both.
const titleGap = 64

// addTokens analyzes title and text once each and adds the combined
// surface and stem streams (title, then text) and the title's surface
// stream.
func addTokens(d *document.Document, title, text string, mode analysis.Mode) {
	tt := analysis.Analyze(title, mode)
	bt := analysis.Analyze(text, mode)
	n := len(tt) + len(bt)
	surface := make(tokens, 0, n)
	stems := make(tokens, 0, n+n/4)
	add := func(toks []analysis.Token, offset int) {
		for _, t := range toks {
			pos := t.Position + offset
			surface = append(surface, token(t.Surface, t, pos))
			stems = append(stems, token(t.Stem, t, pos))
			for _, alt := range t.Alts {
				stems = append(stems, token(alt, t, pos))
			}
		}
	}
	add(tt, 0)
	add(bt, len(tt)+titleGap)
	bigrams := make(tokens, 0, n)
	for _, toks := range [][]analysis.Token{tt, bt} {
		for i := 1; i < len(toks); i++ {
			bigrams = append(bigrams, token(bigram(toks[i-1].Surface, toks[i].Surface), toks[i], len(bigrams)+1))
		}
	}
	if len(bigrams) > 0 {
		d.AddField(document.NewTextFieldCustom(fBigram, nil, nil, index.IndexField, bigrams))
	}
	if len(tt) > 0 {
		ts := make(tokens, len(tt))
		for i, t := range tt {
			ts[i] = token(t.Surface, t, t.Position)
		}
		d.AddField(document.NewTextFieldCustom(fTitleSurface, nil, nil, optText, ts))
	}
	if n > 0 {
		d.AddField(document.NewTextFieldCustom(fSurface, nil, nil, optText, surface))
		// No term vectors: stems are never matched as phrases.
		d.AddField(document.NewTextFieldCustom(fStem, nil, nil, index.IndexField, stems))
	}
}

// maxSampleLevel is the deepest sampling level: level k holds 1 article
// in 4^k.
const maxSampleLevel = 8

// sampleTokens are the sampling terms of an article: for each level k in
// 1..maxSampleLevel, "k:b" with b the bucket of the ID's hash among 4^k.
// Bucket 0 of level k+1 is a subset of bucket 0 of level k.
func sampleTokens(id string) tokens {
	h := fnv.New32a()
	h.Write([]byte(id))
	sum := h.Sum32()
	out := make(tokens, maxSampleLevel)
	for k := 1; k <= maxSampleLevel; k++ {
		out[k-1] = &bleveanalysis.Token{
			Term:     []byte(sampleTerm(k, sum%(1<<(2*k)))),
			Position: k, Start: 0, End: 0, Type: bleveanalysis.AlphaNumeric,
		}
	}
	return out
}

func sampleTerm(level int, bucket uint32) string {
	return strconv.Itoa(level) + ":" + strconv.FormatUint(uint64(bucket), 10)
}

// bigram is the term of two adjacent surface forms in field fBigram.
func bigram(a, b string) string { return a + " " + b }

func token(term string, t analysis.Token, pos int) *bleveanalysis.Token {
	return &bleveanalysis.Token{
		Term: []byte(term), Start: t.ByteStart, End: t.ByteEnd,
		Position: pos, Type: bleveanalysis.AlphaNumeric,
	}
}

// addFacet adds the values as written to field raw (facets) and folded to
// field folded (filters), skipping empty values and repeats. Either name
// may be empty to skip that field.
func addFacet(d *document.Document, raw, folded string, values []string) {
	seenRaw := map[string]bool{}
	seenFolded := map[string]bool{}
	for _, v := range values {
		v = strings.TrimSpace(clip.Bytes(v, maxKeywordBytes))
		if v == "" {
			continue
		}
		if raw != "" && !seenRaw[v] {
			seenRaw[v] = true
			d.AddField(document.NewTextFieldCustom(raw, []uint64{uint64(len(seenRaw))}, []byte(v), optFacet, nil))
		}
		if f := FoldKeyword(v); folded != "" && f != "" && !seenFolded[f] {
			seenFolded[f] = true
			d.AddField(document.NewTextFieldCustom(folded, []uint64{uint64(len(seenFolded))}, []byte(f), optKeyword, nil))
		}
	}
}

// FoldKeyword is the form in which filter values (source, category,
// language, entity key or name) are compared: Arabic matching
// normalization, lower case, inner white space collapsed.
func FoldKeyword(s string) string {
	s = strings.ToLower(arabic.Normalize(s))
	return strings.Join(strings.Fields(s), " ")
}

// DateKeys returns the day (YYYY-MM-DD as written; YYYY-MM and YYYY count
// as their first day) and the newest-first sort key (UTC RFC 3339) of a
// Published value, or "" and "0000" (sorting after every date) when it is
// not an ISO 8601 date. Every search backend keys dates with it, so that
// date filters and newest-first order agree.
func DateKeys(published string) (day, pub string) {
	p := strings.TrimSpace(published)
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, p); err == nil {
			return p[:10], t.UTC().Format(time.RFC3339)
		}
	}
	for _, layout := range [...]string{"2006-01", "2006"} {
		if t, err := time.Parse(layout, p); err == nil {
			return t.Format("2006-01-02"), t.UTC().Format(time.RFC3339)
		}
	}
	return "", noPub
}
