package search

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/search/analysis"
)

// ErrInvalidQuery is returned (wrapped) for a query that cannot be run as
// given: too long, a malformed date or cursor. Callers report it as bad
// usage.
var ErrInvalidQuery = errors.New("invalid query")

// Limits of a query.
const (
	// MaxQueryBytes is the longest query text accepted.
	MaxQueryBytes = 2048
	// MaxClauses is the largest number of words and phrases in a query.
	MaxClauses = 32
	// MaxPhraseWords is the longest phrase (in words) matched as a phrase.
	MaxPhraseWords = 16
	// MaxFilterValues is the largest number of values of one filter.
	MaxFilterValues = 64
)

// Boosts: surface above stem, phrases above loose words, the title as a
// bonus. A word clause is a disjunction (surface, stem): bleve scales a
// disjunction by the fraction of its clauses that match, so a stem-only
// match scores half of its stem weight, a surface match both weights.
const (
	boostSurface       = 2.0
	boostStem          = 1.0
	boostPhraseSurface = 4.0
	boostTitle         = 3.0
)

// Clause is one element of a parsed query text.
type Clause struct {
	// Phrase is set for text in double quotes: the words must appear in
	// this order, adjacent, with the same normalized surface forms.
	Phrase bool
	// Negate is set for a clause prefixed with "-": matching articles are
	// excluded.
	Negate bool
	// Words are the analyzed words (analysis.Terms); a bare word that the
	// tokenizer splits (وزير-الدفاع, U.S.) has several and matches an
	// article that has them in order and adjacent by surface form, or
	// all of them (anywhere) by stem.
	Words []analysis.Token
}

// quote pairs accepted around phrases: straight, curly and guillemets in
// both directions (Arabic text often has them reversed).
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '«', '»', '„', '‟', '＂':
		return true
	}
	return false
}

// ParseQuery splits a query text into clauses: bare words, "quoted
// phrases" and -negated words or -"phrases". An unterminated quote runs
// to the end of the text. Clauses without any word (punctuation only)
// are dropped. It fails with ErrInvalidQuery above MaxQueryBytes or
// MaxClauses, or for text that is not valid UTF-8.
func ParseQuery(text string) ([]Clause, error) {
	if len(text) > MaxQueryBytes {
		return nil, fmt.Errorf("%w: query of %d bytes (limit %d)", ErrInvalidQuery, len(text), MaxQueryBytes)
	}
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("%w: query is not valid UTF-8", ErrInvalidQuery)
	}
	var out []Clause
	add := func(raw string, phrase, negate bool) error {
		words := analysis.Terms(raw)
		if len(words) == 0 {
			return nil
		}
		if len(out) == MaxClauses {
			return fmt.Errorf("%w: more than %d words and phrases", ErrInvalidQuery, MaxClauses)
		}
		if len(words) > MaxPhraseWords {
			words = words[:MaxPhraseWords]
		}
		out = append(out, Clause{Phrase: phrase, Negate: negate, Words: words})
		return nil
	}
	rest := text
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			return out, nil
		}
		negate := false
		if rest[0] == '-' && len(rest) > 1 {
			r, _ := utf8.DecodeRuneInString(rest[1:])
			if !unicode.IsSpace(r) {
				negate = true
				rest = rest[1:]
			}
		}
		r, size := utf8.DecodeRuneInString(rest)
		if isQuote(r) {
			body := rest[size:]
			end := strings.IndexFunc(body, isQuote)
			var phrase string
			if end < 0 {
				phrase, rest = body, ""
			} else {
				_, qsize := utf8.DecodeRuneInString(body[end:])
				phrase, rest = body[:end], body[end+qsize:]
			}
			if err := add(phrase, true, negate); err != nil {
				return nil, err
			}
			continue
		}
		end := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || isQuote(r) })
		var word string
		if end < 0 {
			word, rest = rest, ""
		} else {
			word, rest = rest[:end], rest[end:]
		}
		if err := add(word, false, negate); err != nil {
			return nil, err
		}
	}
}

// textQuery builds the scoring part of a search from parsed clauses. It
// returns nil when there is nothing to match (list all, filtered). With
// rank false (newest-first order, counts and facets) the ranking bonuses
// and the optional stop words are left out: the query then matches the
// same articles and only costs less.
func textQuery(clauses []Clause, rank bool) query.Query {
	var must, should, mustNot []query.Query
	var loose []analysis.Token // positive bare words, for the phrase bonus
	// Stop words (في، من، التي) are optional when the query has other
	// words: they rank (as words and in adjacent pairs) but do not filter.
	content := false
	for _, c := range clauses {
		if !c.Negate && !isStopClause(c) {
			content = true
		}
	}
	for _, c := range clauses {
		var q query.Query
		switch {
		case c.Phrase:
			q = surfacePhrase(c.Words, boostSurface)
		case len(c.Words) == 1:
			q = wordQuery(c.Words[0])
		default:
			// A word the tokenizer split (وزير-الدفاع, U.S.): its parts in
			// order by surface form, or all of them by stem.
			parts := make([]query.Query, len(c.Words))
			for i, w := range c.Words {
				parts[i] = term(fStem, w.Stem, boostStem)
			}
			q = disjunction(surfacePhrase(c.Words, boostSurface), query.NewConjunctionQuery(parts))
		}
		if c.Negate {
			mustNot = append(mustNot, q)
			continue
		}
		if content && isStopClause(c) {
			if rank {
				should = append(should, q)
			}
		} else {
			must = append(must, q)
		}
		if !c.Phrase {
			loose = append(loose, c.Words...)
		}
	}
	if len(loose) > MaxPhraseWords {
		loose = loose[:MaxPhraseWords]
	}
	if rank {
		// The words as written and adjacent rank first: each adjacent
		// pair found scores.
		for i := 1; i < len(loose); i++ {
			should = append(should, term(fBigram, bigram(loose[i-1].Surface, loose[i].Surface), boostPhraseSurface))
		}
		// The title holds the words as written.
		if len(loose) == 1 {
			should = append(should, term(fTitleSurface, loose[0].Surface, boostTitle))
		} else if len(loose) > 1 {
			should = append(should, phrase(fTitleSurface, surfaces(loose), boostTitle))
		}
	}
	if len(must) == 0 && len(mustNot) == 0 {
		return nil
	}
	b := query.NewBooleanQuery(nil, nil, nil)
	if len(must) == 0 {
		b.AddMust(query.NewMatchAllQuery())
	} else {
		b.AddMust(must...)
	}
	if len(should) > 0 {
		b.AddShould(should...)
		b.SetMinShould(0)
	}
	if len(mustNot) > 0 {
		b.AddMustNot(mustNot...)
	}
	return b
}

// isStopClause reports a bare stop word.
func isStopClause(c Clause) bool {
	return !c.Phrase && len(c.Words) == 1 && arabic.IsStopWord(c.Words[0].Surface)
}

// wordQuery matches one word by surface form or stem.
func wordQuery(t analysis.Token) query.Query {
	return disjunction(
		term(fSurface, t.Surface, boostSurface),
		term(fStem, t.Stem, boostStem),
	)
}

// surfacePhrase matches words in order, adjacent, by surface form. Two
// words are one bigram term; longer phrases need all their bigrams (cheap
// term lookups that narrow the candidates) and then the positions.
func surfacePhrase(words []analysis.Token, boost float64) query.Query {
	switch len(words) {
	case 1:
		return term(fSurface, words[0].Surface, boost)
	case 2:
		return term(fBigram, bigram(words[0].Surface, words[1].Surface), boost)
	}
	parts := make([]query.Query, 0, len(words))
	for i := 1; i < len(words); i++ {
		parts = append(parts, term(fBigram, bigram(words[i-1].Surface, words[i].Surface), boost/float64(len(words)-1)))
	}
	p := phrase(fSurface, surfaces(words), 0)
	parts = append(parts, p)
	return query.NewConjunctionQuery(parts)
}

func term(field, t string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func phrase(field string, terms []string, boost float64) query.Query {
	q := query.NewPhraseQuery(terms, field)
	q.SetBoost(boost)
	return q
}

func disjunction(qs ...query.Query) query.Query {
	return query.NewDisjunctionQuery(qs)
}

func surfaces(ts []analysis.Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Surface
	}
	return out
}
