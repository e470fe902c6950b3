package arabic

import (
	"strings"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	snowballar "github.com/blevesearch/snowballstem/arabic"
)

// MaxStemLen is the longest word, in code points, that Stem stems; longer
// input (no Arabic word comes close: the longest of the 9.2 M words of the
// Snowball reference list has 38 letters) is returned unchanged, since the
// Snowball algorithm takes time quadratic in the length of its input.
const MaxStemLen = 64

// Stem returns the Snowball Arabic stem of word, exactly as the reference
// Snowball implementation (github.com/blevesearch/snowballstem/arabic,
// identical to libstemmer and PostgreSQL's "arabic" configuration) gives
// it. Snowball normalizes the word itself (diacritics, tatweel, digits,
// presentation forms, hamza forms).
//
// Snowball is aggressive: it strips a leading و also when it belongs to
// the root (وزير -> زير) and a leading ف (فلسطينيين -> لسطيني). Use a
// Stemmer with protected words for names, and LightStem or Light10 where
// surface words matter.
func Stem(word string) string {
	if len(word) > MaxStemLen && utf8.RuneCountInString(word) > MaxStemLen {
		return word
	}
	env := snowball.NewEnv(word)
	snowballar.Stem(env)
	return env.Current()
}

// minimum number of letters left after stripping, see LightStem.
const (
	minAfterArticle = 2 // after ال and لل
	minAfterLong    = 3 // after وال بال كال فال
	minAfterWaw     = 4 // after a bare و, LightStem
	minAfterWaw10   = 3 // after a bare و, Light10
)

// articlePrefixes are stripped by LightStem and Light10, longest first,
// with the number of letters that must remain.
var articlePrefixes = [...]struct {
	p   string
	min int
}{
	{"وبال", minAfterLong}, {"وكال", minAfterLong},
	{"وال", minAfterLong}, {"بال", minAfterLong}, {"كال", minAfterLong}, {"فال", minAfterLong},
	{"ولل", minAfterArticle}, {"لل", minAfterArticle}, {"ال", minAfterArticle},
}

// light10Suffixes are the Light10 suffixes, tried once each in this
// order (as in Larkey et al. and Lucene's ArabicStemmer).
var light10Suffixes = [...]string{"ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"}

// LightStem strips only one article or conjunction prefix from word:
// وال بال كال فال وبال وكال (when at least 3 letters remain), ال لل ولل
// (when at least 2 remain), or else a bare conjunction و when at least 4
// letters remain. Common words whose first letter و is part of the root
// (وزارة، وكالة، واشنطن، والد ... with their plural and pronoun suffixes)
// and words whose ال comes from آل (الاف for آلاف, الية for آلية) or
// the divine name الله keep their beginning. So الوزير -> وزير,
// وبالتالي -> تالي, والرييس -> رييس, واضاف -> اضاف, while وزير, وزاره,
// وقال (too short) and الاف stay as they are.
//
// The result is always a suffix of word (word[len(word)-len(result):]),
// so the stripped prefix is word[:len(word)-len(result)]. word is
// expected in matching form (Normalize, or NormalizeWith and
// KeepTehMarbuta); LightStem does not normalize it.
func LightStem(word string) string {
	return stripPrefix(word, minAfterWaw)
}

// Light10 is a stemmer of the Light10 family (Larkey, Ballesteros and
// Connell 2002; Lucene/bleve ArabicStemmer), used for search matching: it
// strips the prefixes of LightStem, except that a bare و goes when at
// least 3 letters remain (وقال -> قال), then the suffixes ها ان ات ون ين
// يه ية ه ة ي, each at most once and in that order, when at least 2
// letters remain. Unlike the original Light10 it keeps a root-initial و
// of common words (see LightStem): Light10("وزير") is وزير, not زير.
//
// word is expected in matching form; to stem before folding ة -> ه (see
// DESIGN.md), normalize with KeepTehMarbuta, stem, then FoldTehMarbuta.
func Light10(word string) string {
	w := stripPrefix(word, minAfterWaw10)
	n := utf8.RuneCountInString(w)
	for _, suf := range light10Suffixes {
		if strings.HasSuffix(w, suf) {
			k := utf8.RuneCountInString(suf)
			if n-k >= 2 {
				w = w[:len(w)-len(suf)]
				n -= k
			}
		}
	}
	return w
}

func stripPrefix(w string, minWaw int) string {
	n := utf8.RuneCountInString(w)
	if n < 3 {
		return w
	}
	if w[0] == "و"[0] && w[1] == "و"[1] && rootWaw(w) {
		return w
	}
	if w[0] == "ا"[0] && w[1] == "ا"[1] {
		if _, ok := wholeWords()[w]; ok {
			return w
		}
	}
	for _, p := range articlePrefixes {
		if strings.HasPrefix(w, p.p) {
			if n-utf8.RuneCountInString(p.p) >= p.min {
				return w[len(p.p):]
			}
			return w
		}
	}
	if strings.HasPrefix(w, "و") && n-1 >= minWaw {
		return w[len("و"):]
	}
	return w
}

// rootWawPronouns and rootWawEndings are stripped (at most one of each,
// pronoun last in the word) when looking a word up in rootWawWords.
var (
	rootWawPronouns = [...]string{"", "هما", "هم", "هن", "ها", "ه", "كم", "ك", "نا", "ي"}
	rootWawEndings  = [...]string{"", "ات", "ان", "ين", "ون", "ية", "يه", "ة", "ه", "ت", "ا"}
)

// rootWaw reports whether w is a common word whose initial و belongs to
// the root (see rootWawWords), possibly with a plural or feminine ending
// and a pronoun suffix: وزاراتها is وزارة + ات + ها.
func rootWaw(w string) bool {
	words := rootWawWords()
	for _, p := range rootWawPronouns {
		if !strings.HasSuffix(w, p) {
			continue
		}
		c1 := w[:len(w)-len(p)]
		for _, e := range rootWawEndings {
			if !strings.HasSuffix(c1, e) {
				continue
			}
			c := c1[:len(c1)-len(e)]
			if len(c) < 4 { // at least two letters
				continue
			}
			if _, ok := words[c]; ok {
				return true
			}
			if _, ok := words[c+"ة"]; ok {
				return true
			}
			if _, ok := words[c+"ه"]; ok {
				return true
			}
		}
	}
	return false
}

// Stemmer stems words except protected ones (names, gazetteer entries),
// which come back unchanged in their Normalize form. A protected word
// with attached clitics (و ف ب ل ك ال and their combinations, e.g.
// "ولافروف", "بدمشق") comes back as the protected word.
//
// A Stemmer is read-only after NewStemmer and safe for concurrent use.
type Stemmer struct {
	protected map[string]struct{}
}

// cliticPrefixes may precede a protected word, longest first.
var cliticPrefixes = [...]string{
	"وبال", "وكال", "فبال", "وللل", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
	"وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك",
}

// NewStemmer returns a Stemmer that never stems the given words. The
// words are compared in their Normalize form; empty words are ignored.
func NewStemmer(protected []string) *Stemmer {
	m := make(map[string]struct{}, len(protected))
	for _, p := range protected {
		p = Normalize(strings.TrimSpace(p))
		if p != "" {
			m[p] = struct{}{}
		}
	}
	return &Stemmer{protected: m}
}

// Protected returns the protected word that word is, or is made of with
// attached clitics, in its Normalize form, and whether there is one.
func (st *Stemmer) Protected(word string) (string, bool) {
	if st == nil || len(st.protected) == 0 {
		return "", false
	}
	var buf [64]byte
	n := AppendNormalized(buf[:0], word, NormalizeOptions{})
	if _, ok := st.protected[string(n)]; ok {
		return string(n), true
	}
	for _, p := range cliticPrefixes {
		if len(n) > len(p) && string(n[:len(p)]) == p {
			if _, ok := st.protected[string(n[len(p):])]; ok {
				return string(n[len(p):]), true
			}
		}
	}
	return "", false
}

// Stem is the package Stem (Snowball) unless word is protected.
func (st *Stemmer) Stem(word string) string {
	if p, ok := st.Protected(word); ok {
		return p
	}
	return Stem(word)
}

// LightStem is the package LightStem unless word is protected.
func (st *Stemmer) LightStem(word string) string {
	if p, ok := st.Protected(word); ok {
		return p
	}
	return LightStem(word)
}

// Light10 is the package Light10 unless word is protected.
func (st *Stemmer) Light10(word string) string {
	if p, ok := st.Protected(word); ok {
		return p
	}
	return Light10(word)
}
