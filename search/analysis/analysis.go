// Package analysis turns text into the terms marsad's search indexes: the
// one analyzer shared by indexing and querying, by the embedded bleve index
// (package search) and by the PostgreSQL backend (which builds its tsvector
// from the same tokens), so both backends match identically.
//
// Every word yields two forms at one position:
//
//   - Surface: the normalized surface form (arabic.Normalize: diacritics
//     and tatweel removed, alef/hamza forms folded, ى -> ي, ة -> ه, digits
//     of any script -> ASCII, invisible controls removed; Latin lower-cased).
//     Exact phrases and names match on it.
//   - Stem: a light stem in the Light10 family (Larkey et al.), namely
//     arabic.Light10: the definite article with its attached clitics
//     (ال وال بال كال فال لل ولل ...), a bare conjunction و (except where
//     و belongs to the root of a common word: وزير, وزارة, واشنطن) and
//     the suffixes ها ان ات ون ين يه ية ه ة ي stripped. Stemming runs on
//     the normalized word with ة kept, and ة is folded to ه afterwards
//     (folding first would change the stems).
//
// Bare one-letter proclitics (ف ب ك ل, and و outside Light10's rule) are
// ambiguous: لبنان and بيان begin with a root letter, لوزير and بدمشق with
// a clitic. Stripping them always would mangle words (Snowball turns
// فلسطينيين into لسطيني); never stripping them would miss لوزير. So the
// index side adds Alts, the stems of the word with each possible
// bare-proclitic sequence removed, at the same position, while the query
// side uses the canonical Stem only: the query وزير (stem وزير) then finds
// وزير, الوزير, لوزير, ووزير and والوزير, and the query لجنة still finds
// اللجنة and للجنة.
//
// Text of a non-Arabic article (Article.Language not "ar") gets the plain
// analysis: Surface only (normalized and lower-cased), no stemming of
// Arabic-script words. Latin words are never stemmed; their Stem is the
// surface with accents, French elisions and the English possessive
// removed (l'élysée -> elysee, syria's -> syria).
package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/marsad-news/marsad/arabic"
	"golang.org/x/text/unicode/norm"
)

// Version identifies the analysis rules. An index built with another
// version must be rebuilt; bump it whenever Surface, Stem or Alts change
// for any input.
const Version = 2

// MaxTokenBytes is the longest word (in bytes) that is indexed; longer runs
// (base64 blobs, URLs without spaces) are skipped, as bleve would reject
// terms above its own limit.
const MaxTokenBytes = 128

// Token is one analyzed word of a text.
type Token struct {
	// Surface is the normalized surface form.
	Surface string
	// Stem is the canonical light stem: what a query word is matched by.
	Stem string
	// Alts are further stems of the word, with bare proclitics removed,
	// indexed at the same position as Stem (index side only; see the
	// package documentation). They never repeat Stem.
	Alts []string
	// Start and End are code point offsets into the analyzed text, end
	// exclusive; ByteStart and ByteEnd the same bounds in bytes.
	Start, End         int
	ByteStart, ByteEnd int
	// Position is the 1-based index of the word among the words of the
	// text (punctuation and symbols take no position).
	Position int
}

// Mode selects the analysis of a text.
type Mode int

// Modes.
const (
	// Arabic analysis: surface + light stem + alternatives (index side).
	Arabic Mode = iota
	// Plain analysis, for text in other languages: surface only.
	Plain
	// Query analysis: like Arabic, without Alts.
	Query
)

// ModeFor returns the analysis mode for an article in language lang:
// Arabic for "ar", "ar-*" and an unknown (empty) language, Plain for any
// other.
func ModeFor(lang string) Mode {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == "" || l == "ar" || strings.HasPrefix(l, "ar-") || strings.HasPrefix(l, "ar_") {
		return Arabic
	}
	return Plain
}

// Analyze returns the words of text analyzed in mode m. Punctuation,
// quotes and symbols are dropped; numbers are kept (digits folded to
// ASCII). Work and memory are linear in len(text).
func Analyze(text string, m Mode) []Token {
	raw := arabic.Tokenize(text)
	out := make([]Token, 0, len(raw))
	pos := 0
	for _, t := range raw {
		var tok Token
		switch t.Kind {
		case arabic.Word:
			tok = arabicWord(t.Text, m)
		case arabic.Latin:
			tok = latinWord(t.Text)
		case arabic.Number:
			s := arabic.Normalize(t.Text)
			tok = Token{Surface: s, Stem: s}
		default:
			continue
		}
		if tok.Surface == "" || len(tok.Surface) > MaxTokenBytes {
			continue
		}
		pos++
		tok.Start, tok.End = t.Start, t.End
		tok.ByteStart, tok.ByteEnd = t.ByteStart, t.ByteEnd
		tok.Position = pos
		out = append(out, tok)
	}
	return out
}

var keepTeh = arabic.NormalizeOptions{KeepTehMarbuta: true}

func arabicWord(w string, m Mode) Token {
	kept := arabic.NormalizeWith(w, keepTeh)
	surface := arabic.FoldTehMarbuta(kept)
	if m == Plain {
		return Token{Surface: surface, Stem: surface}
	}
	stem := arabic.FoldTehMarbuta(lightStem(kept))
	tok := Token{Surface: surface, Stem: stem}
	if m == Arabic {
		tok.Alts = alternatives(kept, stem)
	}
	return tok
}

func latinWord(w string) Token {
	s := strings.ToLower(arabic.Normalize(w))
	return Token{Surface: s, Stem: foldAccents(unclitic(s))}
}

// unclitic removes a French elided article or pronoun (l', d', qu', ...)
// and an English possessive ('s) from a lower-cased Latin word.
func unclitic(s string) string {
	s = strings.ReplaceAll(s, "’", "'")
	if i := strings.IndexByte(s, '\''); i > 0 && i+1 < len(s) {
		switch s[:i] {
		case "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu":
			s = s[i+1:]
		}
	}
	return strings.TrimSuffix(s, "'s")
}

// foldAccents removes combining marks after canonical decomposition.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Terms returns the query terms of text: one Token per word, analyzed in
// Query mode.
func Terms(text string) []Token { return Analyze(text, Query) }

// Stem returns the canonical light stem of one word (normalized, ة folded
// after stemming): the term a query word is matched by.
func Stem(word string) string {
	return arabic.FoldTehMarbuta(lightStem(arabic.NormalizeWith(word, keepTeh)))
}
