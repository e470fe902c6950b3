package ner

import "github.com/marsad-news/marsad/arabic"

// normalizeWord returns the matching form the tagger's features use:
// arabic.Normalize, keeping ة (the stemmers expect it unfolded).
func normalizeWord(s string) string {
	return arabic.NormalizeWith(s, arabic.NormalizeOptions{KeepTehMarbuta: true})
}

// analyzeWord returns the light stem of a normalized word (clitic prefixes
// and common suffixes stripped, arabic.Light10), the word without its
// article or conjunction prefix (arabic.LightStem) and that prefix.
func analyzeWord(n string) (stem, body, clitic string) {
	body = arabic.LightStem(n)
	if len(body) > len(n) || n[len(n)-len(body):] != body {
		body = n // not a suffix: keep the word whole
	}
	return arabic.Light10(n), body, n[:len(n)-len(body)]
}
