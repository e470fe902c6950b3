package search

import (
	"html"
	"strings"
	"unicode"

	"github.com/marsad-news/marsad/internal/clip"
	"github.com/marsad-news/marsad/search/analysis"
)

// Snippet sizes.
const (
	// SnippetWords is the length of a snippet in words.
	SnippetWords = 30
	// snippetScanBytes of an article's text are searched for the best
	// snippet window; matches further on are not shown.
	snippetScanBytes = 64 << 10
	// maxSnippetGap is the longest text kept between two words.
	maxSnippetGap = 32
)

// Snippet markers around a matched word. The article text between and
// around them is HTML-escaped, so a snippet is safe to insert into HTML
// and carries no markup of the article.
const (
	MarkOpen  = "<mark>"
	MarkClose = "</mark>"
)

// Snippet returns the snippet of text for a parsed query, as Search gives
// it: the window of SnippetWords words with the most distinct matched
// clauses, HTML-escaped, matched words (by surface form or stem) in
// MarkOpen/MarkClose. Other backends use it so that snippets are
// identical.
func Snippet(clauses []Clause, text string) string {
	return newHighlighter(clauses).snippet(text)
}

// highlighter marks the words of a text that match the positive clauses
// of a query, by surface form or stem.
type highlighter struct {
	surface map[string]int // surface form -> clause number
	stem    map[string]int
	n       int // number of positive clauses
}

func newHighlighter(clauses []Clause) *highlighter {
	h := &highlighter{surface: map[string]int{}, stem: map[string]int{}}
	for _, c := range clauses {
		if c.Negate {
			continue
		}
		for _, w := range c.Words {
			h.surface[w.Surface] = h.n
			if !c.Phrase {
				h.stem[w.Stem] = h.n
			}
		}
		h.n++
	}
	return h
}

// match returns the clause a word matches, or -1.
func (h *highlighter) match(t analysis.Token) int {
	if c, ok := h.surface[t.Surface]; ok {
		return c
	}
	if c, ok := h.stem[t.Stem]; ok {
		return c
	}
	for _, a := range t.Alts {
		if c, ok := h.stem[a]; ok {
			return c
		}
	}
	return -1
}

// snippet returns the window of SnippetWords words of text with the most
// distinct matched clauses (then the most matched words), escaped, with
// matched words marked; the first words when nothing matches.
func (h *highlighter) snippet(text string) string {
	text = clip.Bytes(text, snippetScanBytes)
	toks := analysis.Analyze(text, analysis.Arabic)
	if len(toks) == 0 {
		return html.EscapeString(collapseSpace(clip.Bytes(text, 300)))
	}
	matched := make([]int, len(toks))
	for i, t := range toks {
		matched[i] = -1
		if h.n > 0 {
			matched[i] = h.match(t)
		}
	}
	best, bestDistinct, bestCount := 0, -1, -1
	if h.n > 0 {
		counts := make([]int, h.n)
		distinct, count := 0, 0
		for i := range toks {
			if c := matched[i]; c >= 0 {
				if counts[c] == 0 {
					distinct++
				}
				counts[c]++
				count++
			}
			if j := i - SnippetWords; j >= 0 {
				if c := matched[j]; c >= 0 {
					counts[c]--
					if counts[c] == 0 {
						distinct--
					}
					count--
				}
			}
			start := max(0, i-SnippetWords+1)
			if distinct > bestDistinct || (distinct == bestDistinct && count > bestCount) {
				best, bestDistinct, bestCount = start, distinct, count
			}
		}
		// Start a little before the first match of the window, for context.
		for i := best; i < min(best+SnippetWords, len(toks)); i++ {
			if matched[i] >= 0 {
				best = max(0, i-4)
				break
			}
		}
	}
	end := min(best+SnippetWords, len(toks))

	var b strings.Builder
	if best > 0 {
		b.WriteString("… ")
	}
	pos := toks[best].ByteStart
	if start := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace)); best == 0 && pos-start <= 16 {
		// Keep what precedes the first word (an opening quote or bracket).
		pos = start
	}
	for i := best; i < end; i++ {
		t := toks[i]
		gap := text[pos:t.ByteStart]
		if len(gap) > maxSnippetGap {
			gap = " … " // a run of symbols or an overlong word
		}
		b.WriteString(html.EscapeString(collapseSpace(gap)))
		word := html.EscapeString(text[t.ByteStart:t.ByteEnd])
		if matched[i] >= 0 {
			b.WriteString(MarkOpen + word + MarkClose)
		} else {
			b.WriteString(word)
		}
		pos = t.ByteEnd
	}
	// Trailing punctuation of the last word (up to the next space).
	if tail := text[pos:]; tail != "" {
		if i := strings.IndexFunc(tail, unicode.IsSpace); i >= 0 {
			tail = tail[:i]
		}
		if len(tail) <= 8 {
			b.WriteString(html.EscapeString(tail))
			pos += len(tail)
		}
	}
	if end < len(toks) || strings.TrimSpace(text[pos:]) != "" {
		b.WriteString(" …")
	}
	return b.String()
}

// collapseSpace turns every run of white space into one space.
func collapseSpace(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
