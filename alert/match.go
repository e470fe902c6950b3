// Package alert implements marsad's alerts: saved searches matched against
// every article when it is stored (not by re-running every search), the
// Atom feed a user follows an alert with, and webhook notifications
// delivered from a durable outbox with retries and backoff.
//
// Matching uses the search index's own analysis (package search/analysis)
// and query parser (search.ParseQuery), so an alert matches exactly the
// articles a search with the same query and filters finds: a word by its
// normalized surface form or its light stem (with the proclitic
// alternatives the index adds), a "phrase" by adjacent surface forms within
// the title or within the text, -exclusions, stop words optional beside
// other words, and the filters (dates, sources, categories, languages,
// entities) folded as the index folds them.
//
// A Matcher indexes the saved queries by one required term each (the most
// selective word of a required clause), so matching an article looks up
// its distinct terms in a map and evaluates only the alerts whose key term
// the article contains, plus the few alerts without any required word
// (filters only).
//
// # Several matchers
//
// Articles are matched by following the store's change log
// (Service.CatchUp, Service.Follow), in every process that runs it: `marsad
// serve`, `marsad run` and, on PostgreSQL, every `marsad worker`, so a
// deployment of workers and read-only servers still delivers alerts. Each
// match is recorded, and its webhook delivery enqueued, exactly once
// however many processes match at the same moment. The guarantee comes
// from a unique key, not from a lock: a match is a row keyed by (alert,
// article), and AddMatches enqueues a delivery only for a match row its
// own transaction inserted. When two matchers record the same match at
// once, PostgreSQL makes the second insert wait for the first transaction
// and then skip the row (ON CONFLICT DO NOTHING), so the second enqueues
// nothing; the postgres Store inserts the keys of a batch in sorted order,
// so two such transactions never deadlock. A unique key was chosen over a
// claimed cursor (a row locked FOR UPDATE while matching) because it also
// holds when a matcher dies after recording matches but before saving its
// position, when a lock's connection drops, or behind a connection pooler;
// a claimed cursor would still need the key for those cases, and would
// block the saving of alerts (which moves the same row) while matching.
//
// The lock is only an economy: a store shared over the network
// (MatchLocker; the postgres Store, with a session advisory lock) lets
// one process at a time follow the log, so the others skip the round
// instead of matching the same articles again, and the saved position
// does not move back and forth between matchers.
package alert

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/internal/clip"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/search/analysis"
)

// maxKeywordBytes mirrors the search index: filter values (source,
// category, entity) are cut to this many bytes before folding.
const maxKeywordBytes = 256

// compiled is a saved query ready for matching.
type compiled struct {
	id string
	// must are the required clauses, not the negated ones; mustNot the
	// excluded ones. Optional clauses (stop words beside other words)
	// do not change whether an article matches and are dropped.
	must, mustNot []search.Clause
	from, to      string
	sources       map[string]bool
	categories    map[string]bool
	languages     map[string]bool
	entities      map[string]bool
}

// Validate reports whether q can be saved as an alert: the same checks a
// search makes (query length, clauses, dates, number of filter values).
// Errors wrap search.ErrInvalidQuery.
func Validate(q marsad.Query) error {
	_, err := compile("", q)
	return err
}

func compile(id string, q marsad.Query) (*compiled, error) {
	clauses, err := search.ParseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	c := &compiled{id: id}
	content := false
	for _, cl := range clauses {
		if !cl.Negate && !isStopClause(cl) {
			content = true
		}
	}
	for _, cl := range clauses {
		switch {
		case cl.Negate:
			c.mustNot = append(c.mustNot, cl)
		case content && isStopClause(cl):
			// optional: ranks, never filters
		default:
			c.must = append(c.must, cl)
		}
	}
	from, to := strings.TrimSpace(q.From), strings.TrimSpace(q.To)
	for _, d := range []string{from, to} {
		if d == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return nil, fmt.Errorf("%w: date %q (want YYYY-MM-DD)", search.ErrInvalidQuery, d)
		}
	}
	if from != "" && to != "" && from > to {
		return nil, fmt.Errorf("%w: from %s is after to %s", search.ErrInvalidQuery, from, to)
	}
	c.from, c.to = from, to
	for _, f := range []struct {
		name   string
		values []string
		dst    *map[string]bool
	}{
		{"source", q.Sources, &c.sources},
		{"category", q.Categories, &c.categories},
		{"language", q.Languages, &c.languages},
		{"entity", q.Entities, &c.entities},
	} {
		if len(f.values) > search.MaxFilterValues {
			return nil, fmt.Errorf("%w: %d %s values (limit %d)", search.ErrInvalidQuery, len(f.values), f.name, search.MaxFilterValues)
		}
		for _, v := range f.values {
			if k := search.FoldKeyword(clip.Bytes(v, maxKeywordBytes)); k != "" {
				if *f.dst == nil {
					*f.dst = map[string]bool{}
				}
				(*f.dst)[k] = true
			}
		}
	}
	return c, nil
}

// isStopClause reports a bare stop word, as the search does.
func isStopClause(c search.Clause) bool {
	return !c.Phrase && len(c.Words) == 1 && arabic.IsStopWord(c.Words[0].Surface)
}

// Term key prefixes of Matcher.byTerm.
const (
	keySurface = "s\x00"
	keyStem    = "t\x00"
)

// keys returns the terms of which an article must contain at least one
// for the clause to match: the surface form (and, for loose words, the
// stem) of its most selective word.
func keys(c search.Clause) []string {
	best := c.Words[0]
	for _, w := range c.Words[1:] {
		if selectivity(w) > selectivity(best) {
			best = w
		}
	}
	if c.Phrase {
		return []string{keySurface + best.Surface}
	}
	return []string{keySurface + best.Surface, keyStem + best.Stem}
}

// selectivity guesses how rare a word is: longer words are rarer, stop
// words are the most common.
func selectivity(w analysis.Token) int {
	n := utf8.RuneCountInString(w.Surface)
	if arabic.IsStopWord(w.Surface) {
		n -= 100
	}
	return n
}

// clauseKeys returns the keys of the most selective required clause, or
// nil when the query has no required clause.
func (c *compiled) clauseKeys() []string {
	var best []string
	bestScore := 0
	for i, cl := range c.must {
		score := -1 << 30
		for _, w := range cl.Words {
			score = max(score, selectivity(w))
		}
		if cl.Phrase || len(cl.Words) > 1 {
			score += 2 // a phrase is rarer than any of its words
		}
		if i == 0 || score > bestScore {
			best, bestScore = keys(cl), score
		}
	}
	return best
}

// Matcher evaluates articles against a fixed set of saved queries. It is
// immutable and safe for concurrent use; build a new one when alerts
// change.
type Matcher struct {
	alerts []*compiled
	// bySurface and byStem map a key term (a surface form, a stem) to the
	// alerts it may trigger.
	bySurface, byStem map[string][]int32
	// scan are the alerts without a required word, checked for every
	// article.
	scan []int32
}

// NewMatcher compiles the alerts' queries. An alert whose query is
// invalid is left out, and reported in the returned error (joined), so a
// bad stored alert never stops the others.
func NewMatcher(alerts []marsad.Alert) (*Matcher, error) {
	m := &Matcher{bySurface: map[string][]int32{}, byStem: map[string][]int32{}}
	var errs []error
	for _, a := range alerts {
		c, err := compile(a.ID, a.Query)
		if err != nil {
			errs = append(errs, fmt.Errorf("alert %s: %w", a.ID, err))
			continue
		}
		i := int32(len(m.alerts))
		m.alerts = append(m.alerts, c)
		ks := c.clauseKeys()
		if len(ks) == 0 {
			m.scan = append(m.scan, i)
			continue
		}
		for _, k := range ks {
			if t, ok := strings.CutPrefix(k, keySurface); ok {
				m.bySurface[t] = append(m.bySurface[t], i)
			} else if t, ok := strings.CutPrefix(k, keyStem); ok {
				m.byStem[t] = append(m.byStem[t], i)
			}
		}
	}
	return m, errors.Join(errs...)
}

// Len returns the number of alerts the matcher evaluates.
func (m *Matcher) Len() int { return len(m.alerts) }

// Match returns the IDs of the alerts a matches, in the order the alerts
// were given. The article is analyzed once (title and text up to the
// index's limits); its cost is linear in its length plus the evaluation
// of the alerts whose key term it contains.
func (m *Matcher) Match(a *marsad.Article) []string {
	if a == nil || len(m.alerts) == 0 {
		return nil
	}
	d := newDoc(a)
	var cand []int32
	seen := make([]uint64, (len(m.alerts)+63)/64)
	add := func(is []int32) {
		for _, i := range is {
			if seen[i/64]&(1<<(i%64)) == 0 {
				seen[i/64] |= 1 << (i % 64)
				cand = append(cand, i)
			}
		}
	}
	add(m.scan)
	if len(m.bySurface) > 0 {
		for s := range d.surfaces {
			add(m.bySurface[s])
		}
	}
	if len(m.byStem) > 0 {
		for s := range d.stems {
			add(m.byStem[s])
		}
	}
	if len(cand) == 0 {
		return nil
	}
	slices.Sort(cand)
	var out []string
	for _, i := range cand {
		if c := m.alerts[i]; c.matches(d) {
			out = append(out, c.id)
		}
	}
	return out
}

// doc is an article analyzed as the search index analyzes it.
type doc struct {
	// title and text are the analyzed words; phrases match within one
	// of them, never across.
	title, text []analysis.Token
	surfaces    map[string]struct{}
	// stems holds the stems and alternatives (the index's stem field).
	stems map[string]struct{}

	day        string
	source     string
	category   string
	language   string
	entityKeys map[string]bool
}

func newDoc(a *marsad.Article) *doc {
	mode := analysis.ModeFor(a.Language)
	d := &doc{
		title:      analysis.Analyze(clip.Bytes(a.Title, search.MaxTitleBytes), mode),
		text:       analysis.Analyze(clip.Bytes(a.Text, search.MaxTextBytes), mode),
		surfaces:   map[string]struct{}{},
		stems:      map[string]struct{}{},
		day:        day(a.Published),
		source:     search.FoldKeyword(strings.TrimSpace(clip.Bytes(a.Source, maxKeywordBytes))),
		category:   search.FoldKeyword(strings.TrimSpace(clip.Bytes(a.Category, maxKeywordBytes))),
		language:   search.FoldKeyword(a.Language),
		entityKeys: map[string]bool{},
	}
	for _, toks := range [][]analysis.Token{d.title, d.text} {
		for _, t := range toks {
			d.surfaces[t.Surface] = struct{}{}
			d.stems[t.Stem] = struct{}{}
			for _, alt := range t.Alts {
				d.stems[alt] = struct{}{}
			}
		}
	}
	for _, e := range a.Entities {
		for _, v := range []string{e.Key, e.Name} {
			if k := search.FoldKeyword(strings.TrimSpace(clip.Bytes(v, maxKeywordBytes))); k != "" {
				d.entityKeys[k] = true
			}
		}
	}
	return d
}

// day returns the YYYY-MM-DD the index files a Published value under
// (YYYY-MM and YYYY count as their first day), or "" when it is not an
// ISO 8601 date.
func day(published string) string {
	p := strings.TrimSpace(published)
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if _, err := time.Parse(layout, p); err == nil {
			return p[:10]
		}
	}
	for _, layout := range [...]string{"2006-01", "2006"} {
		if t, err := time.Parse(layout, p); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

func (c *compiled) matches(d *doc) bool {
	if c.from != "" || c.to != "" {
		if d.day == "" || (c.from != "" && d.day < c.from) || (c.to != "" && d.day > c.to) {
			return false
		}
	}
	if c.sources != nil && !c.sources[d.source] {
		return false
	}
	if c.categories != nil && !c.categories[d.category] {
		return false
	}
	if c.languages != nil && !c.languages[d.language] {
		return false
	}
	if c.entities != nil {
		ok := false
		for k := range c.entities {
			if d.entityKeys[k] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	for _, cl := range c.must {
		if !d.has(cl) {
			return false
		}
	}
	for _, cl := range c.mustNot {
		if d.has(cl) {
			return false
		}
	}
	return true
}

// has reports whether the article matches one clause, as the index's
// query for that clause would.
func (d *doc) has(c search.Clause) bool {
	switch {
	case c.Phrase && len(c.Words) == 1:
		_, ok := d.surfaces[c.Words[0].Surface]
		return ok
	case c.Phrase:
		return d.sequence(c.Words, surfaceEq)
	case len(c.Words) == 1:
		w := c.Words[0]
		if _, ok := d.surfaces[w.Surface]; ok {
			return true
		}
		_, ok := d.stems[w.Stem]
		return ok
	default:
		// A word the tokenizer split (وزير-الدفاع): its parts adjacent by
		// surface form, or all of their stems anywhere (the index keeps no
		// stem positions).
		if d.sequence(c.Words, surfaceEq) {
			return true
		}
		for _, w := range c.Words {
			if _, ok := d.stems[w.Stem]; !ok {
				return false
			}
		}
		return true
	}
}

func surfaceEq(q, t analysis.Token) bool { return q.Surface == t.Surface }

// sequence reports whether words occur adjacent, in order, within the
// title or within the text.
func (d *doc) sequence(words []analysis.Token, eq func(q, t analysis.Token) bool) bool {
	for _, toks := range [][]analysis.Token{d.title, d.text} {
	next:
		for i := 0; i+len(words) <= len(toks); i++ {
			for j, w := range words {
				if !eq(w, toks[i+j]) {
					continue next
				}
			}
			return true
		}
	}
	return false
}
