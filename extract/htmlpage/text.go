package htmlpage

import (
	"strings"
	"unicode"

	"github.com/marsad-news/marsad/arabic"
)

// isInvisible reports format characters that carry no text: bidi marks,
// embeddings, overrides and isolates, zero-width spaces and the BOM. The
// zero-width joiner and non-joiner are kept (they shape letters).
func isInvisible(r rune) bool {
	switch r {
	case '\u200e', '\u200f', '\u061c', // LRM, RLM, ALM
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', // embeddings, overrides
		'\u2066', '\u2067', '\u2068', '\u2069', // isolates
		'\u200b', '\u2060', '\ufeff', '\u00ad': // zero width, word joiner, BOM, soft hyphen
		return true
	}
	return false
}

// cleanText removes bidi controls and invisible characters, turns other
// control characters into spaces and folds white space runs into one
// space. Tatweel and diacritics are kept: this is display text.
func cleanText(s string) string {
	s = arabic.Display(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isInvisible(r) {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// matchKey folds s for comparing titles and names: arabic.Normalize (no
// tatweel, no diacritics, alef/hamza forms, ى/ي and ة/ه unified, ASCII
// digits), lower case, punctuation dropped, single spaces.
func matchKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range arabic.Normalize(s) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// arabicShare returns the share of letters of s in the Arabic script.
func arabicShare(s string) float64 {
	var ar, all int
	for _, r := range s {
		if unicode.IsLetter(r) {
			all++
			if unicode.Is(unicode.Arabic, r) {
				ar++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(ar) / float64(all)
}
