package analysis

import (
	"strings"
	"unicode/utf8"

	"github.com/marsad-news/marsad/arabic"
)

// bareProclitics are conjunction/preposition sequences written attached to
// a word without the article, longest first.
var bareProclitics = [...]string{"وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ك", "ل"}

// minAfterBare is the number of letters that must remain after a bare
// proclitic for its alternative stem to be indexed.
const minAfterBare = 3

// lightStem is the canonical stem of a word in matching form with ة kept:
// arabic.Light10 (the article with attached clitics, a bare و except on
// root-initial و words such as وزير, and the Light10 suffixes stripped).
func lightStem(w string) string { return arabic.Light10(w) }

// alternatives returns the stems of w with each bare proclitic sequence
// removed, without stem itself and without repeats (nil when there are
// none). w is normalized with ة kept; the results have ة folded.
func alternatives(w, stem string) []string {
	var alts []string
	for _, p := range bareProclitics {
		if !strings.HasPrefix(w, p) {
			continue
		}
		rest := w[len(p):]
		if utf8.RuneCountInString(rest) < minAfterBare {
			continue
		}
		alt := arabic.FoldTehMarbuta(lightStem(rest))
		if alt == stem || contains(alts, alt) {
			continue
		}
		alts = append(alts, alt)
	}
	return alts
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
